#include "src/cli/flags.h"

#include "gtest/gtest.h"

namespace coco {
namespace {

constexpr Flag kTable[] = {
    {"--name", "NAME", false, "the name"},
    {"--file", "PATH", true, "a file"},
    {"--help", "", false, "help"},
};

absl::StatusOr<ParsedFlags> Parse(std::vector<const char*> args) {
  return ParseFlags(kTable, args);
}

TEST(FlagsTest, ParsesValuesSwitchesAndPositionals) {
  auto flags = Parse({"--name", "x", "--file=a", "pos", "--file", "b", "--help", "--", "--name"});
  ASSERT_TRUE(flags.ok()) << flags.status();
  EXPECT_EQ(*flags->Value("--name"), "x");
  EXPECT_EQ(flags->Values("--file"), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(flags->Has("--help"));
  EXPECT_FALSE(flags->Value("--absent").has_value());
  EXPECT_EQ(flags->positional(), (std::vector<std::string>{"pos", "--name"}));
}

TEST(FlagsTest, EmptyValueIsAValue) {
  auto flags = Parse({"--name="});
  ASSERT_TRUE(flags.ok());
  EXPECT_EQ(*flags->Value("--name"), "");
}

TEST(FlagsTest, UsageErrors) {
  EXPECT_EQ(Parse({"--colour"}).status().message(), "unknown flag --colour");
  EXPECT_EQ(Parse({"--name"}).status().message(), "--name needs a value: --name NAME");
  EXPECT_EQ(Parse({"--name", "a", "--name", "b"}).status().message(),
            "--name is given more than once");
  EXPECT_EQ(Parse({"--help=yes"}).status().message(), "--help takes no value");
}

TEST(FlagsTest, UsageListsEveryFlagAligned) {
  EXPECT_EQ(FormatFlags(kTable),
            "  --name NAME  the name\n"
            "  --file PATH  a file (repeatable)\n"
            "  --help       help\n");
}

}  // namespace
}  // namespace coco
