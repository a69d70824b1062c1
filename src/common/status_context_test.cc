#include "src/common/status_context.h"

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(WithContextTest, PrefixesMessageAndKeepsCode) {
  absl::Status status = WithContext("keywrap", absl::NotFoundError("no key"));
  EXPECT_TRUE(absl::IsNotFound(status));
  EXPECT_EQ(status.message(), "keywrap: no key");
}

TEST(WithContextTest, OkStaysOk) { EXPECT_TRUE(WithContext("x", absl::OkStatus()).ok()); }

}  // namespace
}  // namespace coco
