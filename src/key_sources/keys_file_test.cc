#include "src/key_sources/keys_file.h"

#include <string>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::WriteTempFile;

absl::StatusOr<KeysFile> Parse(absl::string_view json) { return ParseKeysFile(SecretBytes(json)); }

TEST(KeysFileTest, ParsesUpstreamShape) {
  const std::string key(32, '\x07');
  auto keys = Parse("{\"default/key/key_id1\": \"" + absl::Base64Escape(key) +
                    "\",\n \"default/key/key_id2\": \"AAAA\"}");
  ASSERT_TRUE(keys.ok()) << keys.status();
  ASSERT_EQ(keys->size(), 2u);
  EXPECT_EQ(keys->at("default/key/key_id1").view(), key);
  EXPECT_EQ(keys->at("default/key/key_id2").view(), std::string(3, '\0'));
}

TEST(KeysFileTest, EmptyObjectIsAnEmptyFile) {
  auto keys = Parse("{}");
  ASSERT_TRUE(keys.ok());
  EXPECT_TRUE(keys->empty());
}

TEST(KeysFileTest, LaterDuplicateWins) {
  auto keys = Parse(R"({"a/b/c":"AAAA","a/b/c":"AQID"})");
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(keys->at("a/b/c").view(), "\x01\x02\x03");
}

TEST(KeysFileTest, RejectsMalformedFilesWithoutPrintingValues) {
  struct Case {
    absl::string_view json;
    absl::string_view error;
  };
  for (const Case& c : {
           Case{"", "not valid JSON"},
           Case{"{\"a/b/c\": \"AAAA\"", "not valid JSON"},
           Case{"[\"AAAA\"]", "not a JSON object"},
           Case{R"({"a/b/c": 12})", "entry \"a/b/c\" is not a base64 string"},
           Case{R"({"a/b/c": {"x": "AAAA"}})", "entry \"a/b/c\" is not a base64 string"},
           Case{R"({"a/b/c": ["AAAA"]})", "entry \"a/b/c\" is not a base64 string"},
           Case{R"("AAAA")", "not a JSON object"},
           Case{R"({"a/b/c": "c2VjcmV0a2V5!"})", "entry \"a/b/c\" is not canonical padded base64"},
           Case{R"({"a/b/c": "c2VjcmV0a2V5="})", "entry \"a/b/c\" is not canonical"},
       }) {
    auto keys = Parse(c.json);
    ASSERT_FALSE(keys.ok()) << c.json;
    EXPECT_NE(keys.status().message().find(c.error), absl::string_view::npos)
        << keys.status().message();
    EXPECT_EQ(keys.status().message().find("c2VjcmV0"), absl::string_view::npos);
  }
}

TEST(ParseKeysFileEntryTest, KeepsOnlyTheEntryAskedForAndChecksTheOthers) {
  auto entry = ParseKeysFileEntry(
      SecretBytes(absl::string_view(R"({"a/b/c":"AAAA","x/y/z":"AQID","a/b/c":"BAUG"})")), "a/b/c");
  ASSERT_TRUE(entry.ok()) << entry.status();
  ASSERT_TRUE(entry->has_value());
  EXPECT_EQ((*entry)->view(), "\x04\x05\x06");
  auto absent = ParseKeysFileEntry(SecretBytes(absl::string_view(R"({"a/b/c":"AAAA"})")), "q/q/q");
  ASSERT_TRUE(absent.ok());
  EXPECT_FALSE(absent->has_value());
  auto bad_elsewhere = ParseKeysFileEntry(
      SecretBytes(absl::string_view(R"({"a/b/c":"AAAA","x/y/z":"not base64"})")), "a/b/c");
  EXPECT_EQ(bad_elsewhere.status().message(),
            "entry \"x/y/z\" is not canonical padded base64 (standard alphabet)");
}

TEST(ReadKeysFileTest, ErrorsStartWithPath) {
  std::string path = test_support::WriteTempFile("bad.json", "{oops");
  auto keys = ReadKeysFile(path);
  ASSERT_FALSE(keys.ok());
  EXPECT_EQ(keys.status().message().rfind(path + ": not valid JSON", 0), 0u)
      << keys.status().message();
  EXPECT_TRUE(absl::IsNotFound(ReadKeysFile(path + ".absent").status()));
}

// The keys file TwoEntries() describes, with a valid but unrelated entry between them.
std::string TwoEntriesFile() {
  return WriteTempFile("two-entries.json",
                       R"({"default/key/key_id1":"YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=",)"
                       R"("other/key/k":"AAAA","default/policy/short":"YWJj"})");
}

TEST(ReadKekTest, ReadsA32ByteKey) {
  absl::StatusOr<SecretBytes> kek = ReadKek(TwoEntriesFile(), "default/key/key_id1");
  ASSERT_TRUE(kek.ok()) << kek.status();
  EXPECT_EQ(kek->view(), std::string(32, 'a'));
}

TEST(ReadKekTest, ErrorsStartWithThePathAndNameTheIdNeverAValue) {
  const std::string path = TwoEntriesFile();
  absl::StatusOr<SecretBytes> missing = ReadKek(path, "default/key/key_id2");
  EXPECT_TRUE(absl::IsNotFound(missing.status()));
  EXPECT_EQ(missing.status().message(), path + ": key default/key/key_id2 not found");
  EXPECT_EQ(ReadKek(path, "default/policy/short").status().message(),
            path + ": key default/policy/short: 3 bytes, a key must be exactly 32");
  EXPECT_EQ(ReadKek(path, "a\nb").status().message(), path + ": key a\\nb not found");
  EXPECT_TRUE(absl::IsNotFound(ReadKek(path + ".absent", "default/key/key_id1").status()));
}

TEST(ReadKekTest, AnyBadEntryMakesTheFileAnError) {
  const std::string path = WriteTempFile(
      "bad-entry.json", R"({"default/key/key_id1":"YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=",)"
                        R"("x/y/z":"not base64"})");
  EXPECT_EQ(ReadKek(path, "default/key/key_id1").status().message(),
            path + ": entry \"x/y/z\" is not canonical padded base64 (standard alphabet)");
}

}  // namespace
}  // namespace coco
