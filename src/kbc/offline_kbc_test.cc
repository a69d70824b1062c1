#include "src/kbc/offline_kbc.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::WriteTempFile;

TEST(FindKeyInKeysFilesTest, LaterFilesOverrideEarlierOnes) {
  std::vector<std::string> files = {
      WriteTempFile("first.json", R"({"a/b/c":"AAAA","a/b/d":"AQID"})"),
      WriteTempFile("second.json", R"({"a/b/c":"BAUG"})")};
  std::vector<std::string> warnings;
  auto key = FindKeyInKeysFiles(files, "a/b/c", warnings);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->view(), "\x04\x05\x06");
  key = FindKeyInKeysFiles(files, "a/b/d", warnings);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->view(), "\x01\x02\x03");
  EXPECT_TRUE(warnings.empty());
}

TEST(FindKeyInKeysFilesTest, MissingFileIsSkippedWithAWarning) {
  std::string present = WriteTempFile("present.json", R"({"a/b/c":"AAAA"})");
  std::string absent = present + ".absent";
  std::vector<std::string> warnings;
  auto key = FindKeyInKeysFiles({absent, present}, "a/b/c", warnings);
  ASSERT_TRUE(key.ok()) << key.status();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find(absent + " does not exist, skipped"), std::string::npos);
}

TEST(FindKeyInKeysFilesTest, AKeysFileOthersMayReadWorksWithAWarning) {
  std::string keys = WriteTempFile("exposed.json", R"({"a/b/c":"AAAA"})");
  ASSERT_EQ(chmod(keys.c_str(), 0644), 0);
  std::vector<std::string> warnings;
  ASSERT_TRUE(FindKeyInKeysFiles({keys}, "a/b/c", warnings).ok());
  EXPECT_EQ(warnings, std::vector<std::string>{"offline_fs_kbc: " + keys +
                                               " is readable by group or others (mode 0644); "
                                               "chmod 600 it"});
}

TEST(FindKeyInKeysFilesTest, NotFoundNamesFilesSearchedAndMissing) {
  std::string present = WriteTempFile("only.json", R"({"a/b/c":"AAAA"})");
  std::string absent = present + ".absent";
  std::vector<std::string> warnings;
  auto key = FindKeyInKeysFiles({present, absent}, "x/y/z", warnings);
  ASSERT_TRUE(absl::IsNotFound(key.status()));
  EXPECT_EQ(key.status().message(),
            "key x/y/z not found in " + present + " (missing: " + absent + ")");
}

TEST(FindKeyInKeysFilesTest, NoFileAtAll) {
  std::vector<std::string> warnings;
  auto key = FindKeyInKeysFiles({"/nonexistent/a.json", "/nonexistent/b.json"}, "a/b/c", warnings);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().message(),
            "no keys file exists (looked for /nonexistent/a.json, /nonexistent/b.json)");
  EXPECT_EQ(warnings.size(), 2u);
}

TEST(FindKeyInKeysFilesTest, MalformedFileIsAnErrorEvenIfKeyIsElsewhere) {
  std::vector<std::string> files = {WriteTempFile("good.json", R"({"a/b/c":"AAAA"})"),
                                    WriteTempFile("bad.json", R"({"a/b/c":"not base64"})")};
  std::vector<std::string> warnings;
  auto key = FindKeyInKeysFiles(files, "a/b/c", warnings);
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.status().message().find("bad.json: entry \"a/b/c\""), std::string::npos);
}

TEST(FindKeyInSevSecretTest, LooksUpOneFileThatMustExist) {
  std::string secret = WriteTempFile("sev.json", R"({"a/b/c":"AQID"})");
  auto key = FindKeyInSevSecret(secret, "a/b/c");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->view(), "\x01\x02\x03");
  EXPECT_TRUE(absl::IsNotFound(FindKeyInSevSecret(secret, "x/y/z").status()));
  auto missing = FindKeyInSevSecret(secret + ".absent", "a/b/c");
  EXPECT_NE(missing.status().message().find("No such file"), std::string::npos);
}

}  // namespace
}  // namespace coco
