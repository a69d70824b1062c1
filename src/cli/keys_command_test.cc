#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/cli/command_line.h"
#include "src/cli/usage_error.h"
#include "src/key_sources/keys_file.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::CapturedOutput;
using test_support::FileMode;
using test_support::ReadFile;
using test_support::TempPath;
using test_support::WriteTempFile;

struct Ran {
  absl::Status status;
  std::string out;
};

Ran Keys(std::vector<std::string> args) {
  std::vector<const char*> argv = {"keys"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  Ran ran;
  ran.out = CapturedOutput("keys-command-out", [&](int fd) {
    ran.status = RunProgram(argv, {-1, fd, -1});
  });
  return ran;
}

KeysFile Parse(const std::string& json) {
  absl::StatusOr<KeysFile> keys = ParseKeysFile(SecretBytes(json));
  EXPECT_TRUE(keys.ok()) << keys.status();
  return keys.ok() ? *std::move(keys) : KeysFile();
}

std::string KeysJson(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string json = "{";
  for (const auto& [id, value] : entries) {
    absl::StrAppend(&json, json.size() > 1 ? "," : "", "\"", id, "\":\"", absl::Base64Escape(value),
                    "\"");
  }
  return json + "}";
}

TEST(KeysGenerateTest, WritesAPrivateKeysFileOfFreshKeys) {
  const std::string path = TempPath("generated.json");
  Ran ran = Keys({"generate", "--out", path});
  ASSERT_TRUE(ran.status.ok()) << ran.status;
  EXPECT_EQ(ran.out, "");
  EXPECT_EQ(FileMode(path), 0600u);
  KeysFile keys = Parse(ReadFile(path));
  ASSERT_EQ(keys.size(), 10u);
  for (int i = 1; i <= 10; ++i) {
    EXPECT_EQ(keys.at(absl::StrCat("default/key/key_id", i)).size(), 32u) << i;
  }
}

TEST(KeysGenerateTest, RepoCountAndStandardOutput) {
  Ran ran = Keys({"generate", "--repo", "prod", "--count=3", "--out", "-"});
  ASSERT_TRUE(ran.status.ok()) << ran.status;
  KeysFile keys = Parse(ran.out);
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys.begin()->first, "prod/key/key_id1");
  EXPECT_EQ(ran.out.rfind("{\n  \"prod/key/key_id1\": \"", 0), 0u) << ran.out;
}

TEST(KeysGenerateTest, NeverReplacesAFileWithoutForce) {
  const std::string path = WriteTempFile("existing.json", "{}");
  Ran ran = Keys({"generate", "--out", path});
  EXPECT_TRUE(absl::IsAlreadyExists(ran.status));
  EXPECT_EQ(ran.status.message(),
            absl::StrCat("keys generate: ", path, ": already exists (--force replaces it)"));
  EXPECT_EQ(ReadFile(path), "{}");
  ASSERT_TRUE(Keys({"generate", "--out", path, "--force", "--count", "2"}).status.ok());
  EXPECT_EQ(Parse(ReadFile(path)).size(), 2u);
}

TEST(KeysGenerateTest, Misuse) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Case& c : {
           Case{{"generate"}, "--out FILE is required"},
           Case{{"generate", "--out="}, "--out FILE is required"},
           Case{{"generate", "--out", "-", "--count", "0"},
                "--count must be a whole number from 1 to 100000, not \"0\""},
           Case{{"generate", "--out", "-", "--count", "100001"}, "not \"100001\""},
           Case{{"generate", "--out", "-", "--count", "ten"}, "not \"ten\""},
           Case{{"generate", "--out", "-", "--repo", "a/b"}, "--repo: repository \"a/b\" must be"},
           Case{{"generate", "--out", "-", "--repo="}, "--repo: the repository name is empty"},
           Case{{"generate", "--out", "-", "--repo", ".."},
                "--repo: repository \"..\" has a \"..\" segment, which CoCo guests resolve away"},
           Case{{"add", "keys.json", "default/../k"},
                "key id \"default/../k\" has a \"..\" segment, which CoCo guests resolve away"},
           Case{{"generate", "--out", "-", "myrepo"}, "expects no arguments, got 1 argument"},
           Case{{"generate", "--out", "-", "--colour"}, "unknown flag --colour"},
           Case{{"regenerate"}, "keys: unknown command \"regenerate\""},
           Case{{}, "keys: which one? generate, export, add"},
       }) {
    Ran ran = Keys(c.args);
    EXPECT_TRUE(IsUsageError(ran.status)) << ran.status;
    EXPECT_NE(ran.status.message().find(c.message), absl::string_view::npos) << ran.status;
    EXPECT_EQ(ran.out, "");
  }
}

TEST(KeysExportTest, WritesTheRawKeyPrivately) {
  const std::string key(32, '\x5a');
  const std::string keys =
      WriteTempFile("export.json", KeysJson({{"a/b/c", key}, {"a/b/d", std::string(32, 'd')}}));
  const std::string out = TempPath("exported-key");
  Ran ran = Keys({"export", keys, "a/b/c", out});
  ASSERT_TRUE(ran.status.ok()) << ran.status;
  EXPECT_EQ(ran.out, "");
  EXPECT_EQ(ReadFile(out), key);
  EXPECT_EQ(FileMode(out), 0600u);
  EXPECT_TRUE(absl::IsAlreadyExists(Keys({"export", keys, "a/b/d", out}).status));
  EXPECT_EQ(ReadFile(out), key);
  ASSERT_TRUE(Keys({"export", keys, "a/b/d", out, "--force"}).status.ok());
  EXPECT_EQ(ReadFile(out), std::string(32, 'd'));
}

TEST(KeysExportTest, K8sSecretIsTheManifestTheTrusteeOperatorServes) {
  const std::string key(32, '\x5a');
  const std::string keys =
      WriteTempFile("export-k8s.json", KeysJson({{"default/key/key_id1", key}}));
  const std::string out = TempPath("secret.yaml");
  Ran ran = Keys({"export", "--k8s-secret", "key", "--k8s-namespace", "kbs", keys,
                  "default/key/key_id1", out});
  ASSERT_TRUE(ran.status.ok()) << ran.status;
  EXPECT_EQ(ran.out, "");
  EXPECT_EQ(FileMode(out), 0600u);
  const std::string manifest = ReadFile(out);
  for (const std::string& line :
       {std::string("kind: Secret\n"), std::string("  name: \"key\"\n"),
        std::string("  namespace: \"kbs\"\n"), std::string("type: Opaque\n"),
        absl::StrCat("  \"key_id1\": ", absl::Base64Escape(key), "\n")}) {
    EXPECT_NE(manifest.find(line), std::string::npos) << line << " in " << manifest;
  }
  Ran default_namespace =
      Keys({"export", "--force", "--k8s-secret=key", keys, "default/key/key_id1", out});
  ASSERT_TRUE(default_namespace.status.ok()) << default_namespace.status;
  EXPECT_NE(ReadFile(out).find("namespace: \"trustee-operator-system\""), std::string::npos);
}

TEST(KeysExportTest, K8sSecretMisuse) {
  const std::string keys = WriteTempFile("export-k8s-misuse.json",
                                         KeysJson({{"default/key/key_id1", std::string(32, 'k')},
                                                   {"team/key/k1", std::string(32, 'k')}}));
  const std::string out = TempPath("never-a-secret.yaml");
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Case& c : {
           Case{{"export", "--k8s-secret", "keys", keys, "default/key/key_id1", out},
                "serves default/key/key_id1 from the Secret \"key\" (its type), not \"keys\""},
           Case{{"export", "--k8s-secret", "key", keys, "team/key/k1", out},
                "not in repository default"},
           Case{{"export", "--k8s-namespace", "kbs", keys, "default/key/key_id1", out},
                "--k8s-namespace needs --k8s-secret"},
           Case{{"export", "--k8s-secret", "key", keys, "default/key/missing", out},
                "key default/key/missing not found"},
       }) {
    Ran ran = Keys(c.args);
    ASSERT_FALSE(ran.status.ok()) << c.message;
    EXPECT_NE(ran.status.message().find(c.message), absl::string_view::npos) << ran.status;
    EXPECT_EQ(access(out.c_str(), F_OK), -1) << c.message;
  }
}

TEST(KeysExportTest, ErrorsNameTheFileAndIdNeverAValue) {
  const std::string secret = "TOPSECRET-0123456789";
  const std::string keys = WriteTempFile("export-errors.json", KeysJson({{"a/b/short", secret}}));
  const std::string out = TempPath("never-written");
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Case& c : {
           Case{{"export", keys, "a/b/missing", out},
                absl::StrCat("keys export: ", keys, ": key a/b/missing not found")},
           Case{{"export", keys, "a/b/short", out},
                absl::StrCat("keys export: ", keys,
                             ": key a/b/short: 20 bytes, a key must be exactly 32")},
           Case{{"export", TempPath("absent.json"), "a/b/c", out},
                absl::StrCat("keys export: ", TempPath("absent.json"),
                             ": No such file or directory")},
           Case{{"export", WriteTempFile("bad.json", "{\"a/b/c\": \"" + secret), "a/b/c", out},
                absl::StrCat("keys export: ", TempPath("bad.json"), ": not valid JSON")},
       }) {
    Ran ran = Keys(c.args);
    EXPECT_FALSE(IsUsageError(ran.status));
    EXPECT_EQ(ran.status.message().rfind(c.message, 0), 0u) << ran.status;
    EXPECT_EQ(ran.status.message().find(secret), absl::string_view::npos);
    EXPECT_EQ(ran.status.message().find(absl::Base64Escape(secret)), absl::string_view::npos);
  }
  EXPECT_NE(access(out.c_str(), F_OK), 0);
}

TEST(KeysExportTest, Misuse) {
  const std::string keys = WriteTempFile("export-misuse.json", KeysJson({{"a/b/c", "k"}}));
  Ran to_stdout = Keys({"export", keys, "a/b/c", "-"});
  EXPECT_TRUE(IsUsageError(to_stdout.status));
  EXPECT_NE(to_stdout.status.message().find("never written to standard output"),
            absl::string_view::npos);
  Ran onto_itself = Keys({"export", keys, "a/b/c", keys, "--force"});
  EXPECT_TRUE(IsUsageError(onto_itself.status));
  EXPECT_NE(onto_itself.status.message().find("OUT is the keys file FILE itself"),
            absl::string_view::npos);
  EXPECT_EQ(ReadFile(keys), KeysJson({{"a/b/c", "k"}}));
  EXPECT_NE(Keys({"export", keys, "a/b/c"})
                .status.message()
                .find("expects FILE KEY_ID OUT, got 2 arguments"),
            absl::string_view::npos);
}

TEST(KeysAddTest, AddsAFreshKeyKeepingEveryOtherEntry) {
  const std::string path = WriteTempFile(
      "add.json", KeysJson({{"default/key/key_id1", std::string(32, '1')},
                            {"default/resource/policy", "any resource, any length"}}));
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  Ran ran = Keys({"add", path, "default/key/new"});
  ASSERT_TRUE(ran.status.ok()) << ran.status;
  EXPECT_EQ(ran.out, "");
  KeysFile keys = Parse(ReadFile(path));
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys.at("default/key/key_id1").view(), std::string(32, '1'));
  EXPECT_EQ(keys.at("default/resource/policy").view(), "any resource, any length");
  EXPECT_EQ(keys.at("default/key/new").size(), 32u);
  EXPECT_EQ(FileMode(path), 0600u);
}

TEST(KeysAddTest, FromARawKeyFileAndReplacingOnlyWithForce) {
  const std::string path =
      WriteTempFile("add-from.json", KeysJson({{"a/b/c", std::string(32, 'o')}}));
  const std::string raw = WriteTempFile("raw-key", std::string(32, 'r'));
  Ran refused = Keys({"add", path, "a/b/c", "--from", raw});
  EXPECT_TRUE(absl::IsAlreadyExists(refused.status));
  EXPECT_EQ(refused.status.message(),
            absl::StrCat("keys add: ", path, ": key a/b/c already exists (--force replaces it)"));
  EXPECT_EQ(Parse(ReadFile(path)).at("a/b/c").view(), std::string(32, 'o'));
  ASSERT_TRUE(Keys({"add", path, "a/b/c", "--from", raw, "--force"}).status.ok());
  EXPECT_EQ(Parse(ReadFile(path)).at("a/b/c").view(), std::string(32, 'r'));
}

TEST(KeysAddTest, CreatesAMissingFile) {
  const std::string path = TempPath("add-new.json");
  ASSERT_TRUE(Keys({"add", path, "r/key/k1"}).status.ok());
  EXPECT_EQ(FileMode(path), 0600u);
  EXPECT_EQ(Parse(ReadFile(path)).at("r/key/k1").size(), 32u);
}

TEST(KeysAddTest, WritesThroughASymbolicLink) {
  const std::string target = WriteTempFile("add-target.json", KeysJson({{"a/b/c", "x"}}));
  const std::string link = TempPath("add-link.json");
  ASSERT_EQ(symlink(target.c_str(), link.c_str()), 0);
  ASSERT_TRUE(Keys({"add", link, "a/b/d"}).status.ok());
  struct stat info;
  ASSERT_EQ(lstat(link.c_str(), &info), 0);
  EXPECT_TRUE(S_ISLNK(info.st_mode));
  EXPECT_EQ(Parse(ReadFile(target)).size(), 2u);
}

TEST(KeysAddTest, MalformedFilesAndBadKeysLeaveTheFileAlone) {
  const std::string secret = "TOPSECRET-0123456789";
  struct Case {
    std::string contents;
    std::vector<std::string> extra_args;
    std::string message;
  };
  const std::string short_raw = WriteTempFile("raw-short", secret);
  for (const Case& c : {
           Case{"{\"a/b/c\": \"" + secret, {}, ": not valid JSON"},
           Case{"{\"a/b/c\": \"" + absl::Base64Escape(secret) + "!\"}",
                {},
                ": entry \"a/b/c\" is not canonical padded base64"},
           Case{"[1]", {}, ": not a JSON object"},
           Case{"{\"a/b/c\": 7}", {}, ": entry \"a/b/c\" is not a base64 string"},
           Case{KeysJson({{"a/b/c", secret}}),
                {"--from", short_raw},
                "--from " + short_raw + ": 20 bytes, a key must be exactly 32"},
       }) {
    const std::string path = WriteTempFile("add-bad.json", c.contents);
    std::vector<std::string> args = {"add", path, "x/y/z"};
    args.insert(args.end(), c.extra_args.begin(), c.extra_args.end());
    Ran ran = Keys(args);
    ASSERT_FALSE(ran.status.ok());
    EXPECT_FALSE(IsUsageError(ran.status));
    EXPECT_NE(ran.status.message().find(c.message), absl::string_view::npos) << ran.status;
    EXPECT_EQ(ran.status.message().find(secret.substr(0, 9)), absl::string_view::npos);
    EXPECT_EQ(ReadFile(path), c.contents);
  }
}

TEST(KeysAddTest, Misuse) {
  const std::string path = WriteTempFile("add-misuse.json", "{}");
  EXPECT_NE(Keys({"add", path, "key_id1"})
                .status.message()
                .find("key id \"key_id1\" is not <repository>/<type>/<tag>"),
            absl::string_view::npos);
  EXPECT_TRUE(IsUsageError(Keys({"add", path, "key_id1"}).status));
  EXPECT_TRUE(IsUsageError(Keys({"add", path}).status));
  EXPECT_TRUE(IsUsageError(Keys({"add", path, "a/b/c", "--from="}).status));
  EXPECT_EQ(ReadFile(path), "{}");
}

TEST(KeysHelpTest, EveryCommandAndFlag) {
  Ran group = Keys({"--help"});
  ASSERT_TRUE(group.status.ok());
  for (absl::string_view word :
       {"keys generate [--repo REPO] [--count N] --out FILE [--force]",
        "keys export FILE KEY_ID OUT [--k8s-secret NAME] [--k8s-namespace NS] [--force]",
        "keys add FILE KEY_ID [--from RAWKEYFILE] [--force]", "--repo REPO", "--count N",
        "--out FILE", "--from RAWKEYFILE", "--force", "mode 0600"}) {
    EXPECT_NE(group.out.find(std::string(word)), std::string::npos) << word;
  }
  Ran one = Keys({"add", "--help"});
  ASSERT_TRUE(one.status.ok());
  EXPECT_EQ(one.out.rfind("Usage: coco-keyprovider keys add FILE KEY_ID", 0), 0u) << one.out;
}

}  // namespace
}  // namespace coco
