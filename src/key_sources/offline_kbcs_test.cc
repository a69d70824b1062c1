#include "src/key_sources/offline_kbcs.h"

#include <sys/stat.h>

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::WriteTempFile;

// A keys file entry holding 32 bytes of `fill`.
std::string Entry(absl::string_view id, char fill) {
  return absl::StrCat("\"", id, "\":\"", absl::Base64Escape(std::string(32, fill)), "\"");
}

std::string KeysJson(std::initializer_list<std::string> entries) {
  std::string json = "{";
  for (const std::string& entry : entries)
    absl::StrAppend(&json, json.size() > 1 ? "," : "", entry);
  return json + "}";
}

absl::StatusOr<SecretBytes> FindInFiles(const std::vector<std::string>& files,
                                        absl::string_view resource_path, Warnings& warnings) {
  return OfflineFsKbc(files, warnings.Within("offline_fs_kbc")).FindKek(resource_path);
}

TEST(OfflineFsKbcTest, LaterFilesOverrideEarlierOnes) {
  std::vector<std::string> files = {
      WriteTempFile("first.json", KeysJson({Entry("a/b/c", 'a'), Entry("a/b/d", 'd')})),
      WriteTempFile("second.json", KeysJson({Entry("a/b/c", 'c')}))};
  Warnings warnings;
  auto key = FindInFiles(files, "a/b/c", warnings);
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(key->view(), std::string(32, 'c'));
  key = FindInFiles(files, "a/b/d", warnings);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->view(), std::string(32, 'd'));
  EXPECT_TRUE(warnings.lines().empty());
}

TEST(OfflineFsKbcTest, MissingFileIsSkippedWithAWarning) {
  std::string present = WriteTempFile("present.json", KeysJson({Entry("a/b/c", 'a')}));
  std::string absent = present + ".absent";
  Warnings warnings;
  auto key = FindInFiles({absent, present}, "a/b/c", warnings);
  ASSERT_TRUE(key.ok()) << key.status();
  ASSERT_EQ(warnings.lines().size(), 1u);
  EXPECT_EQ(warnings.lines()[0],
            "offline_fs_kbc: keys file " + absent + " does not exist, skipped");
}

TEST(OfflineFsKbcTest, AKeysFileOthersMayReadWorksWithAWarning) {
  std::string keys = WriteTempFile("exposed.json", KeysJson({Entry("a/b/c", 'a')}));
  ASSERT_EQ(chmod(keys.c_str(), 0644), 0);
  Warnings warnings;
  ASSERT_TRUE(FindInFiles({keys}, "a/b/c", warnings).ok());
  EXPECT_EQ(warnings.lines(), std::vector<std::string>{"offline_fs_kbc: " + keys +
                                                       " is readable by group or others (mode "
                                                       "0644); chmod 600 it"});
}

TEST(OfflineFsKbcTest, NotFoundNamesFilesSearchedAndMissing) {
  std::string present = WriteTempFile("only.json", KeysJson({Entry("a/b/c", 'a')}));
  std::string absent = present + ".absent";
  Warnings warnings;
  auto key = FindInFiles({present, absent}, "x/y/z", warnings);
  ASSERT_TRUE(absl::IsNotFound(key.status()));
  EXPECT_EQ(key.status().message(),
            "key x/y/z not found in " + present + " (missing: " + absent + ")");
}

TEST(OfflineFsKbcTest, NoFileAtAll) {
  Warnings warnings;
  auto key = FindInFiles({"/nonexistent/a.json", "/nonexistent/b.json"}, "a/b/c", warnings);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().message(),
            "no keys file exists (looked for /nonexistent/a.json, /nonexistent/b.json)");
  EXPECT_EQ(warnings.lines().size(), 2u);
}

TEST(OfflineFsKbcTest, MalformedFileIsAnErrorEvenIfKeyIsElsewhere) {
  std::vector<std::string> files = {WriteTempFile("good.json", KeysJson({Entry("a/b/c", 'a')})),
                                    WriteTempFile("bad.json", R"({"a/b/c":"not base64"})")};
  Warnings warnings;
  auto key = FindInFiles(files, "a/b/c", warnings);
  ASSERT_FALSE(key.ok());
  EXPECT_NE(key.status().message().find("bad.json: entry \"a/b/c\""), std::string::npos);
}

TEST(OfflineFsKbcTest, AnEntryThatIsNotA32ByteKey) {
  Warnings warnings;
  auto key = FindInFiles({WriteTempFile("short.json", R"({"a/b/c":"AAAA"})")}, "a/b/c", warnings);
  EXPECT_EQ(key.status().message(), "key a/b/c: 3 bytes, a key must be exactly 32");
}

TEST(OfflineSevKbcTest, LooksUpOneFileThatMustExist) {
  std::string secret = WriteTempFile("sev.json", KeysJson({Entry("a/b/c", 's')}));
  OfflineSevKbc kbc(secret);
  auto key = kbc.FindKek("a/b/c");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->view(), std::string(32, 's'));
  EXPECT_TRUE(absl::IsNotFound(kbc.FindKek("x/y/z").status()));
  auto missing = OfflineSevKbc(secret + ".absent").FindKek("a/b/c");
  EXPECT_NE(missing.status().message().find("No such file"), std::string::npos);
  auto short_key =
      OfflineSevKbc(WriteTempFile("sev-short.json", R"({"a/b/c":"AQID"})")).FindKek("a/b/c");
  EXPECT_EQ(short_key.status().message(), "key a/b/c: 3 bytes, a key must be exactly 32");
}

}  // namespace
}  // namespace coco
