// Tests of scripts/generate_keys.sh, upstream's command line on top of the binary: what it prints,
// what it writes, and an exit status that tells failures apart (upstream's exits 0 on every
// error and writes 3 garbage bytes for an unknown key id).
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "src/testing/binary_under_test.h"
#include "src/testing/subprocess.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::ExpectOneLineFailure;
using test_support::KeysIn;
using test_support::ProcessResult;
using test_support::ReadFile;
using test_support::TempPath;
using test_support::WriteTempFile;

ProcessResult RunScript(std::vector<std::string> args) {
  char cwd[4096];
  EXPECT_NE(getcwd(cwd, sizeof(cwd)), nullptr);
  args.insert(args.begin(), {"/bin/bash", "scripts/generate_keys.sh"});
  return test_support::RunProcess(
      args, "",
      {"PATH=/usr/bin:/bin", absl::StrCat("COCO_KEYPROVIDER=", cwd, "/", test_support::kBinary)});
}

void ExpectScriptMisuse(const ProcessResult& result) {
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err,
            "generate_keys.sh: usage: generate_keys.sh generate [REPO] | export KEYS.json KEY_ID "
            "OUT [--force]\n");
}

TEST(GenerateKeysScriptTest, GeneratePrintsTenKeysForTheRepository) {
  for (const auto& [args, repository] :
       std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{"generate"}, "default"}, {{"generate", "my-repo"}, "my-repo"}}) {
    ProcessResult generated = RunScript(args);
    EXPECT_EQ(generated.exit_code, 0) << generated.err;
    EXPECT_EQ(generated.err, "");
    const std::map<std::string, std::string> keys = KeysIn(generated.out);
    ASSERT_EQ(keys.size(), 10u) << generated.out;
    for (int i = 1; i <= 10; ++i) {
      EXPECT_EQ(keys.at(absl::StrCat(repository, "/key/key_id", i)).size(), 32u);
    }
  }
}

TEST(GenerateKeysScriptTest, ExportWritesTheRawKey) {
  const std::string keys_json = RunScript({"generate"}).out;
  const std::string keys = WriteTempFile("script-keys.json", keys_json);
  const std::string out = TempPath("script-key1");
  ProcessResult exported = RunScript({"export", keys, "default/key/key_id1", out});
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(exported.out + exported.err, "");
  EXPECT_EQ(ReadFile(out), KeysIn(keys_json).at("default/key/key_id1"));
  struct stat info;
  ASSERT_EQ(stat(out.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 07777, 0600u);

  ExpectOneLineFailure(RunScript({"export", keys, "default/key/key_id2", out}),
                       out + ": already exists (--force replaces it)");
  EXPECT_EQ(RunScript({"export", keys, "default/key/key_id2", out, "--force"}).exit_code, 0);
  EXPECT_EQ(ReadFile(out), KeysIn(keys_json).at("default/key/key_id2"));
}

TEST(GenerateKeysScriptTest, AnUnknownKeyIdIsAnErrorNotGarbage) {
  const std::string keys = WriteTempFile("script-unknown.json", RunScript({"generate"}).out);
  const std::string out = TempPath("script-never");
  ExpectOneLineFailure(RunScript({"export", keys, "default/key/key_id11", out}),
                       "key default/key/key_id11 not found");
  EXPECT_NE(access(out.c_str(), F_OK), 0);
  ExpectOneLineFailure(RunScript({"export", TempPath("absent.json"), "default/key/key_id1", out}),
                       "No such file or directory");
}

TEST(GenerateKeysScriptTest, MisuseExitsTwo) {
  ExpectScriptMisuse(RunScript({}));
  ExpectScriptMisuse(RunScript({"rotate"}));
  ExpectScriptMisuse(RunScript({"generate", "a", "b"}));
  ExpectScriptMisuse(RunScript({"export", "keys.json", "default/key/key_id1"}));
  ExpectScriptMisuse(RunScript({"export", "keys.json", "default/key/key_id1", "out", "--forse"}));
  ExpectOneLineFailure(RunScript({"generate", "a/b"}), "--repo: repository \"a/b\"", 2);
}

}  // namespace
}  // namespace coco
