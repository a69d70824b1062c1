#include "src/cli/usage_error.h"

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(UsageErrorTest, IsToldApartFromOtherErrors) {
  EXPECT_TRUE(IsUsageError(UsageError("--count is not a number")));
  EXPECT_EQ(UsageError("--count is not a number").message(), "--count is not a number");
  EXPECT_FALSE(IsUsageError(absl::InvalidArgumentError("keys.json: not valid JSON")));
  EXPECT_FALSE(IsUsageError(absl::OkStatus()));
}

TEST(UsageErrorTest, ContextKeepsTheKind) {
  absl::Status usage = WithCommandContext("keys generate", UsageError("--out is required"));
  EXPECT_TRUE(IsUsageError(usage));
  EXPECT_EQ(usage.message(), "keys generate: --out is required");
  absl::Status failure = WithCommandContext("keys add", absl::NotFoundError("k: missing"));
  EXPECT_FALSE(IsUsageError(failure));
  EXPECT_TRUE(absl::IsNotFound(failure));
  EXPECT_EQ(failure.message(), "keys add: k: missing");
  EXPECT_TRUE(WithCommandContext("x", absl::OkStatus()).ok());
}

}  // namespace
}  // namespace coco
