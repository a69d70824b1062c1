#include "src/wrapping/wrap_type.h"

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(WrapTypeTest, NamesAndSizes) {
  EXPECT_EQ(WrapTypeName(WrapType::kA256Gcm), "A256GCM");
  EXPECT_EQ(WrapTypeName(WrapType::kA256Ctr), "A256CTR");
  EXPECT_EQ(IvSize(WrapType::kA256Gcm), 12u);
  EXPECT_EQ(IvSize(WrapType::kA256Ctr), 16u);
  EXPECT_EQ(*ParseWrapType("A256CTR"), WrapType::kA256Ctr);
  EXPECT_FALSE(ParseWrapType("a256gcm").ok());
  EXPECT_FALSE(ParseWrapType("A128GCM").ok());
}

}  // namespace
}  // namespace coco
