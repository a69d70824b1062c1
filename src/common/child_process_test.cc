#include "src/common/child_process.h"

#include <sys/stat.h>
#include <time.h>

#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

constexpr std::size_t kBound = 64 * 1024;

absl::StatusOr<ChildOutput> Shell(const std::string& script,
                                  absl::Duration timeout = absl::Seconds(5),
                                  std::vector<std::string> environment = {}) {
  return RunChild({"/bin/sh", "-c", script}, environment, timeout, kBound);
}

TEST(ChildProcessTest, BothOutputsAndTheExitCode) {
  absl::StatusOr<ChildOutput> result = Shell("echo out; echo err >&2; exit 3");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->exit_code, 3);
  EXPECT_EQ(result->output, "out\nerr\n");
  EXPECT_FALSE(result->timed_out);
  EXPECT_FALSE(result->truncated);
}

TEST(ChildProcessTest, ExactlyTheEnvironmentGivenAndNoInput) {
  absl::StatusOr<ChildOutput> result = Shell("echo \"$CHILD_TEST-${HOME:-unset}\"; cat; echo end",
                                             absl::Seconds(5), {"CHILD_TEST=given"});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->output, "given-unset\nend\n");
  EXPECT_EQ(result->exit_code, 0);
}

// Each way a child can hold on: it runs on, it closes its output and runs on, it leaves a
// grandchild holding the output. Each ends at the deadline, with the whole group killed.
TEST(ChildProcessTest, NeverWaitsPastTheDeadline) {
  for (const std::string script :
       {"echo started; sleep 30", "exec >&- 2>&-; sleep 30", "sleep 30 & echo left a grandchild"}) {
    SCOPED_TRACE(script);
    const absl::Time start = absl::Now();
    absl::StatusOr<ChildOutput> result = Shell(script, absl::Milliseconds(300));
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_TRUE(result->timed_out);
    EXPECT_LT(absl::Now() - start, absl::Seconds(3));
  }
}

TEST(ChildProcessTest, TheKilledGroupIsGone) {
  const std::string marker = test_support::TempPath("child-group-marker");
  absl::StatusOr<ChildOutput> result =
      Shell("(sleep 1; touch " + marker + ") & sleep 30", absl::Milliseconds(200));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->timed_out);
  EXPECT_EQ(result->exit_code, -1);
  absl::SleepFor(absl::Milliseconds(1500));
  struct stat seen;
  EXPECT_NE(stat(marker.c_str(), &seen), 0) << "the grandchild outlived the kill";
}

TEST(ChildProcessTest, HugeOutputStopsAtTheBound) {
  const absl::Time start = absl::Now();
  absl::StatusOr<ChildOutput> result = Shell("while :; do echo yyyyyyyyyyyyyyyy; done");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->truncated);
  EXPECT_FALSE(result->timed_out);
  EXPECT_EQ(result->output.size(), kBound);
  EXPECT_LT(absl::Now() - start, absl::Seconds(4));
}

TEST(ChildProcessTest, OutputOfExactlyTheBoundIsWhole) {
  absl::StatusOr<ChildOutput> result =
      RunChild({"/bin/sh", "-c", "printf 1234"}, {}, absl::Seconds(5), 4);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_FALSE(result->truncated);
  EXPECT_EQ(result->output, "1234");
}

TEST(ChildProcessTest, AProgramThatCannotRun) {
  absl::StatusOr<ChildOutput> missing =
      RunChild({"/nonexistent/program"}, {}, absl::Seconds(5), kBound);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(),
            "cannot run /nonexistent/program: No such file or directory");
  const std::string not_executable = test_support::WriteTempFile("not-executable", "#!/bin/sh\n");
  chmod(not_executable.c_str(), 0644);
  absl::StatusOr<ChildOutput> refused = RunChild({not_executable}, {}, absl::Seconds(5), kBound);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kPermissionDenied) << refused.status();
  EXPECT_EQ(RunChild({}, {}, absl::Seconds(5), kBound).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace coco
