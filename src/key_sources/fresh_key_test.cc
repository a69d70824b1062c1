#include "src/key_sources/fresh_key.h"

#include <set>
#include <string>

#include "gtest/gtest.h"
#include "src/key_sources/resource_uri.h"

namespace coco {
namespace {

TEST(FreshKeyTest, EveryKekAndKidIsNew) {
  std::set<std::string> keks;
  std::set<std::string> kids;
  FreshKeySource source;
  for (int i = 0; i < 100; ++i) {
    absl::StatusOr<SecretBytes> kek = source.FindKek("default/image-kek/x");
    ASSERT_TRUE(kek.ok());
    EXPECT_EQ(kek->size(), 32u);
    keks.insert(std::string(kek->view()));
    kids.insert(*FreshKid());
  }
  EXPECT_EQ(keks.size(), 100u);
  EXPECT_EQ(kids.size(), 100u);
}

TEST(FreshKeyTest, KidsAreVersion4UuidsUnderDefaultImageKek) {
  const std::string kid = *FreshKid();
  absl::StatusOr<ResourceUri> uri = ResourceUri::ParseKid(kid);
  ASSERT_TRUE(uri.ok()) << kid;
  const std::string& path = uri->resource_path();
  ASSERT_EQ(path.rfind("default/image-kek/", 0), 0u) << kid;
  const std::string uuid = path.substr(18);
  ASSERT_EQ(uuid.size(), 36u) << kid;
  EXPECT_EQ(uuid[14], '4') << kid;
  EXPECT_NE(std::string("89ab").find(uuid[19]), std::string::npos) << kid;
  for (size_t dash : {8, 13, 18, 23}) EXPECT_EQ(uuid[dash], '-') << kid;
}

}  // namespace
}  // namespace coco
