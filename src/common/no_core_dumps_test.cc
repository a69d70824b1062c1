#include "src/common/no_core_dumps.h"

#include <sys/prctl.h>
#include <sys/resource.h>

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(ForbidCoreDumpsTest, LeavesTheProcessNonDumpableWithNoCoreLimit) {
  ASSERT_TRUE(ForbidCoreDumps().ok());
  EXPECT_EQ(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
  struct rlimit core;
  ASSERT_EQ(getrlimit(RLIMIT_CORE, &core), 0);
  EXPECT_EQ(core.rlim_cur, 0u);
  EXPECT_EQ(core.rlim_max, 0u);
}

}  // namespace
}  // namespace coco
