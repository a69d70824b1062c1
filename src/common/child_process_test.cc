#include "src/common/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
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

// Whether `pid` still runs: a zombie that its new parent has not reaped yet counts as gone.
bool Runs(pid_t pid) {
  std::ifstream stat_file(absl::StrCat("/proc/", pid, "/stat"));
  std::string fields;
  if (!std::getline(stat_file, fields)) return false;
  const std::size_t after_name = fields.rfind(')');
  return after_name != std::string::npos && after_name + 2 < fields.size() &&
         fields[after_name + 2] != 'Z' && fields[after_name + 2] != 'X';
}

TEST(ChildProcessTest, WhatItLeftInTheBackgroundDiesWithIt) {
  const std::string pid_file = test_support::TempPath("child-background-pid");
  absl::StatusOr<ChildOutput> result =
      Shell("( exec >/dev/null 2>&1; sh -c 'echo $$ > " + pid_file + ".new; exec sleep 30' ) & " +
            "while [ ! -s " + pid_file + ".new ]; do sleep 0.01; done; mv " + pid_file + ".new " +
            pid_file + "; echo done");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->output, "done\n");
  EXPECT_EQ(result->exit_code, 0);
  EXPECT_EQ(result->signal, 0);
  std::ifstream written(pid_file);
  pid_t background = 0;
  ASSERT_TRUE(written >> background);
  ASSERT_GT(background, 0);
  for (int tries = 0; tries < 200 && Runs(background); ++tries) {
    absl::SleepFor(absl::Milliseconds(10));
  }
  EXPECT_FALSE(Runs(background)) << "the background process outlived the call";
  kill(background, SIGKILL);  // Not to leave it behind when the test fails.
}

TEST(ChildProcessTest, AnIgnoredSigchldStillGivesTheExitCode) {
  struct sigaction ignore = {}, saved = {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ASSERT_EQ(sigaction(SIGCHLD, &ignore, &saved), 0);
  absl::StatusOr<ChildOutput> result = Shell("sleep 0.1; exit 3");
  struct sigaction after = {};
  sigaction(SIGCHLD, &saved, &after);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->exit_code, 3);
  EXPECT_EQ(after.sa_handler, SIG_IGN) << "the caller's SIGCHLD was not restored";
  // The child starts with SIGCHLD at its default, as a fresh program expects.
  ASSERT_EQ(sigaction(SIGCHLD, &ignore, &saved), 0);
  absl::StatusOr<ChildOutput> inherited = Shell("grep '^SigIgn' /proc/self/status");
  sigaction(SIGCHLD, &saved, nullptr);
  ASSERT_TRUE(inherited.ok()) << inherited.status();
  unsigned long long ignored = 0;
  ASSERT_EQ(sscanf(inherited->output.c_str(), "SigIgn: %llx", &ignored), 1) << inherited->output;
  EXPECT_EQ(ignored & (1ULL << (SIGCHLD - 1)), 0u) << inherited->output;
}

TEST(ChildProcessTest, DeathByASignal) {
  absl::StatusOr<ChildOutput> result = Shell("kill -TERM $$; sleep 5");
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->exit_code, -1);
  EXPECT_EQ(result->signal, SIGTERM);
  EXPECT_FALSE(result->timed_out);
}

TEST(ChildProcessTest, NoDescriptorOfTheCallerGetsThrough) {
  const int inheritable = open("/dev/null", O_RDONLY);  // Without O_CLOEXEC, on purpose.
  ASSERT_GE(inheritable, 3);
  absl::StatusOr<ChildOutput> result = Shell(absl::StrCat(
      "if [ -e /proc/self/fd/", inheritable, " ]; then echo open; else echo closed; fi"));
  close(inheritable);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->output, "closed\n");
}

TEST(ChildProcessTest, AHugeTimeout) {
  absl::StatusOr<ChildOutput> result = Shell("echo hi", absl::Hours(24 * 365 * 100));
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->output, "hi\n");
  EXPECT_FALSE(result->timed_out);
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
