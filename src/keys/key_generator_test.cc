#include "src/keys/key_generator.h"

#include <set>
#include <string>

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(GenerateKeysTest, NamesKeysAsUpstream) {
  absl::StatusOr<KeysFile> keys = GenerateKeys("my-repo", 12);
  ASSERT_TRUE(keys.ok()) << keys.status();
  ASSERT_EQ(keys->size(), 12u);
  std::set<std::string> values;
  for (int i = 1; i <= 12; ++i) {
    const std::string id = "my-repo/key/key_id" + std::to_string(i);
    ASSERT_EQ(keys->count(id), 1u) << id;
    EXPECT_EQ(keys->at(id).size(), 32u);
    values.emplace(keys->at(id).view());
  }
  EXPECT_EQ(values.size(), 12u);
}

TEST(GenerateKeysTest, CountAndRepositoryAreChecked) {
  EXPECT_TRUE(GenerateKeys("default", 1).ok());
  EXPECT_EQ(GenerateKeys("default", 0).status().message(),
            "the number of keys must be 1..100000, not 0");
  EXPECT_EQ(GenerateKeys("default", 100001).status().message(),
            "the number of keys must be 1..100000, not 100001");
  EXPECT_EQ(GenerateKeys("", 1).status().message(), "the repository name is empty");
  EXPECT_FALSE(GenerateKeys("a/b", 1).ok());
}

}  // namespace
}  // namespace coco
