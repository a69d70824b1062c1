#include "src/cli/command.h"

#include <unistd.h>

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "src/cli/usage_error.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

constexpr Flag kEchoFlags[] = {
    {"--loud", "", false, "shout"},
    {"--help", "", false, "show this help"},
};

absl::Status Echo(const ParsedFlags& flags, int out_fd) {
  if (absl::Status count = CheckArgumentCount(flags, 1, "WORD"); !count.ok()) return count;
  if (flags.positional()[0] == "fail") return absl::NotFoundError("no such word");
  const std::string word = flags.positional()[0] + (flags.Has("--loud") ? "!\n" : "\n");
  return write(out_fd, word.data(), word.size()) == static_cast<ssize_t>(word.size())
             ? absl::OkStatus()
             : absl::UnavailableError("write failed");
}

constexpr Command kCommands[] = {
    {"say echo", "[--loud] WORD", "Repeats WORD.\n", kEchoFlags, Echo},
    {"say twice", "WORD", "Repeats WORD twice.\n", kEchoFlags, Echo},
};

struct Ran {
  absl::Status status;
  std::string out;
};

Ran RunSay(std::vector<const char*> args) {
  Ran ran;
  ran.out = test_support::CapturedOutput("command-out", [&](int fd) {
    ran.status = RunCommandGroup("say", "repeats words.\n", kCommands, args, fd);
  });
  return ran;
}

TEST(CommandTest, RunsTheNamedCommand) {
  Ran ran = RunSay({"echo", "--loud", "hi"});
  ASSERT_TRUE(ran.status.ok()) << ran.status;
  EXPECT_EQ(ran.out, "hi!\n");
}

TEST(CommandTest, HelpComesFromTheTable) {
  EXPECT_EQ(RunSay({"echo", "--help"}).out,
            "Usage: coco-keyprovider say echo [--loud] WORD\n"
            "\n"
            "Repeats WORD.\n"
            "\n"
            "Flags:\n"
            "  --loud  shout\n"
            "  --help  show this help\n");
  Ran group = RunSay({"--help"});
  ASSERT_TRUE(group.status.ok());
  EXPECT_EQ(group.out.rfind("coco-keyprovider say: repeats words.\n\nUsage: coco-keyprovider say "
                            "echo [--loud] WORD\n",
                            0),
            0u)
      << group.out;
  EXPECT_NE(group.out.find("Usage: coco-keyprovider say twice WORD\n"), std::string::npos);
}

TEST(CommandTest, MisuseIsAUsageErrorPointingToHelp) {
  struct Case {
    std::vector<const char*> args;
    absl::string_view message;
  };
  for (const Case& c : {
           Case{{}, "say: which one? echo, twice (see coco-keyprovider say --help)"},
           Case{{"shout"},
                "say: unknown command \"shout\"; expected echo, twice (see coco-keyprovider say "
                "--help)"},
           Case{{"echo", "--quiet", "x"},
                "say echo: unknown flag --quiet (see coco-keyprovider say echo --help)"},
           Case{{"echo"},
                "say echo: expects WORD, got 0 arguments (see coco-keyprovider say echo --help)"},
           Case{{"twice", "a", "b"},
                "say twice: expects WORD, got 2 arguments (see coco-keyprovider say twice "
                "--help)"},
       }) {
    Ran ran = RunSay(c.args);
    EXPECT_TRUE(IsUsageError(ran.status)) << ran.status;
    EXPECT_EQ(ran.status.message(), c.message);
    EXPECT_EQ(ran.out, "");
  }
}

TEST(CommandTest, FailuresKeepTheirKindAndGainTheName) {
  Ran ran = RunSay({"echo", "fail"});
  EXPECT_FALSE(IsUsageError(ran.status));
  EXPECT_TRUE(absl::IsNotFound(ran.status));
  EXPECT_EQ(ran.status.message(), "say echo: no such word");
}

}  // namespace
}  // namespace coco
