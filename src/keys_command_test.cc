// Tests of `coco-keyprovider keys ...` as a user runs it, and of keys files used for both sides:
// generate, wrap with keyfile=, unwrap with --keys-file.
#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "src/testing/binary_under_test.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::AnnotationOf;
using test_support::ExpectOneLineFailure;
using test_support::FileMode;
using test_support::FileSizeLimit;
using test_support::FolderEntries;
using test_support::FreshFolder;
using test_support::KeysIn;
using test_support::KeyUnwrapRequest;
using test_support::KeyWrapRequest;
using test_support::ProcessResult;
using test_support::ReadFile;
using test_support::RunBinary;
using test_support::TempPath;
using test_support::WriteTempFile;

// The id -> raw key entries of a keys file, read independently of the code under test.
ProcessResult Keys(std::vector<std::string> args) {
  args.insert(args.begin(), "keys");
  return RunBinary("", args);
}

// Every key of `keys` in every printed form.
std::vector<std::string> SecretForms(const std::map<std::string, std::string>& keys) {
  std::vector<std::string> forms;
  for (const auto& [id, key] : keys) {
    forms.push_back(key);
    forms.push_back(absl::Base64Escape(key));
    forms.push_back(absl::BytesToHexString(key));
  }
  return forms;
}

void ExpectNoSecret(const ProcessResult& result, const std::vector<std::string>& forms) {
  for (const std::string& form : forms) {
    EXPECT_EQ(result.out.find(form), std::string::npos);
    EXPECT_EQ(result.err.find(form), std::string::npos);
  }
}

TEST(KeysBinaryTest, GenerateWritesAPrivateFileAndPrintsNothing) {
  const std::string path = TempPath("bin-generated.json");
  ProcessResult generated = Keys({"generate", "--out", path});
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_EQ(generated.out, "");
  EXPECT_EQ(generated.err, "");
  EXPECT_EQ(FileMode(path), 0600u);
  const std::map<std::string, std::string> keys = KeysIn(ReadFile(path));
  ASSERT_EQ(keys.size(), 10u);
  for (const auto& [id, key] : keys) EXPECT_EQ(key.size(), 32u) << id;
  EXPECT_EQ(keys.count("default/key/key_id10"), 1u);
}

TEST(KeysBinaryTest, GenerateToStandardOutputInUpstreamsShape) {
  ProcessResult generated = Keys({"generate", "--repo", "my-repo", "--count", "2", "--out", "-"});
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_EQ(generated.err, "");
  const std::map<std::string, std::string> keys = KeysIn(generated.out);
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(generated.out,
            absl::StrCat("{\n  \"my-repo/key/key_id1\": \"",
                         absl::Base64Escape(keys.at("my-repo/key/key_id1")),
                         "\",\n  \"my-repo/key/key_id2\": \"",
                         absl::Base64Escape(keys.at("my-repo/key/key_id2")), "\"\n}\n"));
}

// Root ignores folder permissions, so the write is made to fail with the file size limit, which
// binds root too and is inherited by the binary: the temporary file cannot be written in full.
TEST(KeysBinaryTest, FailedWriteLeavesTheExistingKeysFileIntact) {
  const std::string folder = FreshFolder("bin-failed-write");
  const std::string path = folder + "/keys.json";
  ASSERT_EQ(Keys({"generate", "--count", "200", "--out", path}).exit_code, 0);
  const std::string before = ReadFile(path);
  ASSERT_GT(before.size(), 4096u);

  ProcessResult generated, added;
  {
    FileSizeLimit limit(4096);
    generated = Keys({"generate", "--count", "200", "--out", path, "--force"});
    added = Keys({"add", path, "default/key/new"});
  }

  ExpectOneLineFailure(generated,
                       absl::StrCat("keys generate: ", path, ": writing: File too large"));
  ExpectOneLineFailure(added, absl::StrCat("keys add: ", path, ": writing: File too large"));
  EXPECT_EQ(ReadFile(path), before);
  EXPECT_EQ(FileMode(path), 0600u);
  EXPECT_EQ(FolderEntries(folder), std::vector<std::string>{"keys.json"});
}

TEST(KeysBinaryTest, UnwritablePlacesFailWithOneLine) {
  const std::string file = WriteTempFile("bin-a-file", "x");
  ExpectOneLineFailure(Keys({"generate", "--out", file + "/keys.json"}),
                       "creating a temporary file in " + file + ": Not a directory");
  ExpectOneLineFailure(
      Keys({"generate", "--out", "/proc/coco-keyprovider-keys.json"}),
      "keys generate: /proc/coco-keyprovider-keys.json: creating a temporary file");
  const std::string existing = WriteTempFile("bin-existing.json", "{}");
  ExpectOneLineFailure(Keys({"generate", "--out", existing}),
                       existing + ": already exists (--force replaces it)");
  EXPECT_EQ(ReadFile(existing), "{}");
}

TEST(KeysBinaryTest, ExportWritesTheRawKeyPrivately) {
  const std::string keys_path = TempPath("bin-export.json");
  ASSERT_EQ(Keys({"generate", "--count", "3", "--out", keys_path}).exit_code, 0);
  const std::string out = TempPath("bin-key2");
  ProcessResult exported = Keys({"export", keys_path, "default/key/key_id2", out});
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(exported.out, "");
  EXPECT_EQ(exported.err, "");
  EXPECT_EQ(ReadFile(out), KeysIn(ReadFile(keys_path)).at("default/key/key_id2"));
  EXPECT_EQ(FileMode(out), 0600u);
}

TEST(KeysBinaryTest, AddKeepsEveryOtherEntry) {
  const std::string path = TempPath("bin-add.json");
  ASSERT_EQ(Keys({"generate", "--count", "2", "--out", path}).exit_code, 0);
  const std::map<std::string, std::string> before = KeysIn(ReadFile(path));
  const std::string raw = WriteTempFile("bin-raw", std::string(32, '\x17'));
  ProcessResult added = Keys({"add", path, "other/key/imported", "--from", raw});
  EXPECT_EQ(added.exit_code, 0) << added.err;
  EXPECT_EQ(added.out + added.err, "");
  std::map<std::string, std::string> after = KeysIn(ReadFile(path));
  EXPECT_EQ(after.at("other/key/imported"), std::string(32, '\x17'));
  after.erase("other/key/imported");
  EXPECT_EQ(after, before);
  ExpectOneLineFailure(Keys({"add", path, "default/key/key_id1"}),
                       "key default/key/key_id1 already exists (--force replaces it)");
  EXPECT_EQ(KeysIn(ReadFile(path)).at("default/key/key_id1"), before.at("default/key/key_id1"));
}

TEST(KeysBinaryTest, MalformedKeysFilesGiveOneClearLine) {
  const std::string secret = "TOPSECRET-0123456789";
  const std::string out = TempPath("bin-never");
  struct Case {
    std::string name;
    std::string contents;
    std::string error;
  };
  for (const Case& c : {
           Case{"bad-json", "{\"default/key/key_id1\": \"" + absl::Base64Escape(secret),
                ": not valid JSON (Missing a closing quotation mark in string. at byte 53)"},
           Case{"bad-base64", "{\"default/key/key_id1\": \"" + absl::Base64Escape(secret) + "!\"}",
                ": entry \"default/key/key_id1\" is not canonical padded base64 (standard "
                "alphabet)"},
           Case{"not-a-string", "{\"default/key/key_id1\": 1}",
                ": entry \"default/key/key_id1\" is not a base64 string"},
           Case{"not-an-object", "[\"" + absl::Base64Escape(secret) + "\"]", ": not a JSON object"},
           Case{"wrong-length", "{\"default/key/key_id1\": \"" + absl::Base64Escape(secret) + "\"}",
                ": key default/key/key_id1: 20 bytes, a key must be exactly 32"},
           Case{"unknown-id", "{\"default/key/key_id9\": \"" + absl::Base64Escape(secret) + "\"}",
                ": key default/key/key_id1 not found"},
       }) {
    SCOPED_TRACE(c.name);
    const std::string path = WriteTempFile("bin-" + c.name + ".json", c.contents);
    ProcessResult exported = Keys({"export", path, "default/key/key_id1", out});
    ExpectOneLineFailure(exported, absl::StrCat("keys export: ", path, c.error));
    ExpectNoSecret(exported, {secret, absl::Base64Escape(secret)});
    if (c.name != "wrong-length" && c.name != "unknown-id") {
      ProcessResult added = Keys({"add", path, "x/y/z"});
      ExpectOneLineFailure(added, absl::StrCat("keys add: ", path, c.error));
      EXPECT_EQ(ReadFile(path), c.contents);
    }
  }
  EXPECT_NE(access(out.c_str(), F_OK), 0);
}

TEST(KeysBinaryTest, MisuseExitsTwo) {
  const std::string keys = WriteTempFile("bin-misuse.json", "{}");
  struct Case {
    std::vector<std::string> args;
    std::string error;
  };
  for (const Case& c : {
           Case{{}, "keys: which one? generate, export, add (see coco-keyprovider keys --help)"},
           Case{{"rotate"}, "keys: unknown command \"rotate\""},
           Case{{"generate"}, "keys generate: --out FILE is required"},
           Case{{"generate", "--out", "-", "--count", "0"}, "--count must be a whole number"},
           Case{{"generate", "--out", "-", "--repo", "a/b"}, "--repo: repository \"a/b\""},
           Case{{"generate", "--out", "-", "--colour"},
                "keys generate: unknown flag --colour (see coco-keyprovider keys generate --help)"},
           Case{{"export", keys, "a/b/c"}, "keys export: expects FILE KEY_ID OUT, got 2"},
           Case{{"export", keys, "a/b/c", "-"}, "never written to standard output"},
           Case{{"add", keys, "key_id1"}, "keys add: key id \"key_id1\" is not <repository>/"},
       }) {
    ExpectOneLineFailure(Keys(c.args), c.error, 2);
  }
  EXPECT_EQ(ReadFile(keys), "{}");
}

TEST(KeysBinaryTest, HelpGoesToStandardOutput) {
  for (std::vector<std::string> args :
       std::vector<std::vector<std::string>>{{"--help"}, {"generate", "--help"}}) {
    ProcessResult help = Keys(args);
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_EQ(help.err, "");
    EXPECT_NE(help.out.find("Usage: coco-keyprovider keys generate"), std::string::npos);
  }
  ProcessResult top = RunBinary("", {"--help"});
  EXPECT_NE(top.out.find("coco-keyprovider keys generate|export|add"), std::string::npos);
  EXPECT_NE(top.out.find("keyfile=FILE"), std::string::npos);
}

// The same keys file serves both sides: generate, encrypt with keyfile=, decrypt with
// --keys-file, as CoCo's offline_fs_kbc would.
TEST(KeysBinaryTest, GenerateWrapWithKeyFileUnwrapWithKeysFile) {
  const std::string keys = TempPath("bin-roundtrip.json");
  ASSERT_EQ(Keys({"generate", "--out", keys}).exit_code, 0);
  const std::string optsdata = R"({"symkey":"bGF5ZXIga2V5","cipheroptions":{}})";
  for (absl::string_view algorithm : {"A256GCM", "A256CTR"}) {
    SCOPED_TRACE(algorithm);
    ProcessResult wrap = RunBinary(KeyWrapRequest(
        absl::StrCat("keyid=kbs:///default/key/key_id7::keyfile=", keys, "::algorithm=", algorithm),
        optsdata));
    ASSERT_EQ(wrap.exit_code, 0) << wrap.err;
    EXPECT_EQ(wrap.err, "");
    ProcessResult unwrap = RunBinary(
        KeyUnwrapRequest("offline_fs_kbc::null", AnnotationOf(wrap.out)), {"--keys-file", keys});
    ASSERT_EQ(unwrap.exit_code, 0) << unwrap.err;
    EXPECT_EQ(AnnotationOf(unwrap.out), optsdata);
    ExpectNoSecret(wrap, SecretForms(KeysIn(ReadFile(keys))));
    ExpectNoSecret(unwrap, SecretForms(KeysIn(ReadFile(keys))));
  }
  // Wrapped under key_id7 of this file: another key of it does not open the packet.
  ProcessResult wrap = RunBinary(KeyWrapRequest("keyid=/default/key/key_id7::keyfile=" + keys));
  const std::string other_keys = TempPath("bin-other.json");
  ASSERT_EQ(Keys({"generate", "--out", other_keys}).exit_code, 0);
  ExpectOneLineFailure(RunBinary(KeyUnwrapRequest("offline_fs_kbc::null", AnnotationOf(wrap.out)),
                                 {"--keys-file", other_keys}),
                       "AES-256-GCM authentication failed");
}

TEST(KeysBinaryTest, KeyFileParameterErrors) {
  const std::string keys = TempPath("bin-keyfile-errors.json");
  ASSERT_EQ(Keys({"generate", "--count", "1", "--out", keys}).exit_code, 0);
  const std::string raw = WriteTempFile("bin-raw-kek", std::string(32, 'k'));
  ExpectOneLineFailure(
      RunBinary(KeyWrapRequest("keyid=/default/key/key_id2::keyfile=" + keys)),
      absl::StrCat("keywrap: keyfile ", keys, ": key default/key/key_id2 not found"));
  ExpectOneLineFailure(
      RunBinary(KeyWrapRequest("keyid=/default/key/key_id1::keyfile=" + keys + "::keypath=" + raw)),
      "keywrap: keypath and keyfile cannot both be given");
  ExpectOneLineFailure(RunBinary(KeyWrapRequest("keyfile=" + keys)), "keywrap: keyid is required");
  ExpectOneLineFailure(
      RunBinary(KeyWrapRequest("keyid=/default/key/key_id1::keyfile=/nonexistent/keys.json")),
      "keywrap: keyfile /nonexistent/keys.json: No such file or directory");
}

// Of all the keys commands only `generate --out -` prints a key; nothing else does, in any form.
TEST(KeysBinaryTest, SecretsNeverReachOutputOrErrors) {
  const std::string keys = TempPath("bin-secrets.json");
  ASSERT_EQ(Keys({"generate", "--count", "3", "--out", keys}).exit_code, 0);
  const std::string raw = WriteTempFile("bin-secret-raw", std::string(32, '\x99'));
  std::map<std::string, std::string> all = KeysIn(ReadFile(keys));
  all["raw"] = std::string(32, '\x99');
  const std::vector<std::string> forms = SecretForms(all);
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"export", keys, "default/key/key_id1", TempPath("bin-secret-out")},
           {"export", keys, "default/key/key_id1", TempPath("bin-secret-out")},
           {"export", keys, "default/key/missing", TempPath("bin-secret-out2")},
           {"add", keys, "default/key/raw", "--from", raw},
           {"add", keys, "default/key/raw", "--from", raw},
           {"add", keys, "default/key/fresh"},
           {"generate", "--out", keys},
       }) {
    ExpectNoSecret(Keys(args), forms);
  }
}

}  // namespace
}  // namespace coco
