#include "src/common/kek.h"

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(CheckKekSizeTest, AcceptsOnly32Bytes) {
  EXPECT_TRUE(CheckKekSize(32).ok());
  EXPECT_EQ(CheckKekSize(31).message(), "31 bytes, a key must be exactly 32");
  EXPECT_EQ(CheckKekSize(0).message(), "0 bytes, a key must be exactly 32");
  EXPECT_EQ(CheckKekSize(33).code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace coco
