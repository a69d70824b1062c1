#include "src/keys/key_entries.h"

#include <string>

#include "gtest/gtest.h"

namespace coco {
namespace {

KeysFile TwoEntries() {
  KeysFile keys;
  keys.emplace("default/key/key_id1", SecretBytes(std::string(32, 'a')));
  keys.emplace("default/policy/short", SecretBytes(absl::string_view("abc")));
  return keys;
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
