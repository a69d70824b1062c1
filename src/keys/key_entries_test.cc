#include "src/keys/key_entries.h"

#include <string>

#include "gtest/gtest.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

KeysFile TwoEntries() {
  KeysFile keys;
  keys.emplace("default/key/key_id1", SecretBytes(std::string(32, 'a')));
  keys.emplace("default/policy/short", SecretBytes(absl::string_view("abc")));
  return keys;
}

// The keys file TwoEntries() describes, with a valid but unrelated entry between them.
std::string TwoEntriesFile() {
  return test_support::WriteTempFile(
      "two-entries.json",
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
  const std::string path = test_support::WriteTempFile(
      "bad-entry.json", R"({"default/key/key_id1":"YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=",)"
                        R"("x/y/z":"not base64"})");
  EXPECT_EQ(ReadKek(path, "default/key/key_id1").status().message(),
            path + ": entry \"x/y/z\" is not canonical padded base64 (standard alphabet)");
}

TEST(AddKekTest, AddsAndKeepsEveryOtherEntry) {
  KeysFile keys = TwoEntries();
  ASSERT_TRUE(
      AddKek(keys, "other/key/k", SecretBytes(std::string(32, 'b')), ExistingKey::kKeep).ok());
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys.at("other/key/k").view(), std::string(32, 'b'));
  EXPECT_EQ(keys.at("default/key/key_id1").view(), std::string(32, 'a'));
  EXPECT_EQ(keys.at("default/policy/short").view(), "abc");
}

TEST(AddKekTest, ReplacesOnlyWhenAsked) {
  KeysFile keys = TwoEntries();
  absl::Status kept =
      AddKek(keys, "default/key/key_id1", SecretBytes(std::string(32, 'c')), ExistingKey::kKeep);
  EXPECT_TRUE(absl::IsAlreadyExists(kept));
  EXPECT_EQ(kept.message(), "key default/key/key_id1 already exists");
  EXPECT_EQ(keys.at("default/key/key_id1").view(), std::string(32, 'a'));
  ASSERT_TRUE(
      AddKek(keys, "default/key/key_id1", SecretBytes(std::string(32, 'c')), ExistingKey::kReplace)
          .ok());
  EXPECT_EQ(keys.at("default/key/key_id1").view(), std::string(32, 'c'));
}

TEST(AddKekTest, RefusesBadIdsAndLengths) {
  KeysFile keys = TwoEntries();
  EXPECT_NE(AddKek(keys, "key_id9", SecretBytes(std::string(32, 'c')), ExistingKey::kKeep)
                .message()
                .find("is not <repository>/<type>/<tag>"),
            absl::string_view::npos);
  EXPECT_EQ(AddKek(keys, "a/b/c", SecretBytes(std::string(31, 'c')), ExistingKey::kKeep).message(),
            "the new key: 31 bytes, a key must be exactly 32");
  EXPECT_EQ(keys.size(), 2u);
}

}  // namespace
}  // namespace coco
