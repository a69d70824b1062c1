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
    Flag::Switch("--loud", "shout"),
    Flag::Switch("--help", "show this help"),
};
constexpr Argument kWord[] = {Argument::One("WORD")};

absl::Status Echo(const ParsedFlags& flags, const CommandStreams& streams) {
  if (flags.positional()[0] == "fail") return absl::NotFoundError("no such word");
  const std::string word = flags.positional()[0] + (flags.Has("--loud") ? "!\n" : "\n");
  return write(streams.out, word.data(), word.size()) == static_cast<ssize_t>(word.size())
             ? absl::OkStatus()
             : absl::UnavailableError("write failed");
}

const Command kEcho = {"say echo", "repeats a word", "Repeats WORD.\n", kEchoFlags, kWord, Echo};
const Command kTwice = {
    "say twice", "repeats a word twice", "Repeats WORD twice.\n", kEchoFlags, kWord, Echo};
const Command* const kCommands[] = {&kEcho, &kTwice};
const CommandGroup kSay = {"say", "repeats words.\n"};

struct Ran {
  absl::Status status;
  std::string out;
};

Ran RunSay(std::vector<const char*> args) {
  Ran ran;
  ran.out = test_support::CapturedOutput("command-out", [&](int fd) {
    ran.status = RunCommandGroup(kSay, kCommands, args, {-1, fd, -1});
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
            "Usage: coco-keyprovider say echo WORD [--loud]\n"
            "\n"
            "Repeats WORD.\n"
            "\n"
            "Flags:\n"
            "  --loud  shout\n"
            "  --help  show this help\n");
  Ran group = RunSay({"--help"});
  ASSERT_TRUE(group.status.ok());
  EXPECT_EQ(group.out.rfind("coco-keyprovider say: repeats words.\n\nUsage: coco-keyprovider say "
                            "echo WORD [--loud]\n",
                            0),
            0u)
      << group.out;
  EXPECT_NE(group.out.find("Usage: coco-keyprovider say twice WORD [--loud]\n"), std::string::npos);
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
