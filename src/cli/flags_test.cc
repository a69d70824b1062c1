#include "src/cli/flags.h"

#include "gtest/gtest.h"

namespace coco {
namespace {

constexpr Flag kTable[] = {
    Flag::Value("--name", "NAME", "the name"),
    Flag::Value("--file", "PATH", "a file").Repeatable(),
    Flag::Switch("--help", "help"),
};
constexpr Argument kAnyArguments[] = {Argument::Any("ARG")};

absl::StatusOr<ParsedFlags> Parse(std::vector<const char*> args) {
  return ParseFlags(kTable, kAnyArguments, args);
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

constexpr Flag kChecked[] = {
    Flag::Value("--out", "FILE", "where").Required(),
    Flag::Value("--from", "RAWKEYFILE", "what").NonEmpty(),
    Flag::Switch("--force", "replace"),
    kHelpFlag,
};
constexpr Argument kTwo[] = {Argument::One("FILE"), Argument::One("KEY_ID")};

absl::StatusOr<ParsedFlags> ParseChecked(std::vector<const char*> args,
                                         absl::Span<const Argument> arguments = kTwo) {
  return ParseFlags(kChecked, arguments, args);
}

TEST(FlagsTest, RequiredAndNonEmptyFlagsAreCheckedFromTheTable) {
  EXPECT_TRUE(ParseChecked({"--out", "o", "f", "k"}).ok());
  EXPECT_EQ(ParseChecked({"f", "k"}).status().message(), "--out FILE is required");
  EXPECT_EQ(ParseChecked({"--out=", "f", "k"}).status().message(), "--out FILE is required");
  EXPECT_EQ(ParseChecked({"--out", "o", "--from=", "f", "k"}).status().message(),
            "--from is empty");
  // --help always works.
  EXPECT_TRUE(ParseChecked({"--help"}).ok());
}

TEST(FlagsTest, ArgumentCountsAreCheckedFromTheTable) {
  EXPECT_EQ(ParseChecked({"--out", "o", "f"}).status().message(),
            "expects FILE KEY_ID, got 1 argument");
  EXPECT_EQ(ParseChecked({"--out", "o", "f", "k", "x"}).status().message(),
            "expects FILE KEY_ID, got 3 arguments");
  EXPECT_EQ(ParseChecked({"--out", "o", "stray"}, {}).status().message(),
            "unexpected argument \"stray\": expects no arguments, got 1 argument");
  constexpr Argument kFileAndIds[] = {Argument::One("FILE"), Argument::Any("KEY_ID")};
  EXPECT_TRUE(ParseChecked({"--out", "o", "f"}, kFileAndIds).ok());
  EXPECT_TRUE(ParseChecked({"--out", "o", "f", "a", "b", "c"}, kFileAndIds).ok());
  EXPECT_EQ(ParseChecked({"--out", "o"}, kFileAndIds).status().message(),
            "expects FILE [KEY_ID...], got 0 arguments");
}

constexpr Flag kInspectLike[] = {
    Flag::Value("--manifest", "FILE", "a manifest").NonEmpty().ReplacesArguments(),
    Flag::Switch("--json", "json"),
    kHelpFlag,
};
constexpr Argument kDir[] = {Argument::One("DIR[:TAG]")};

TEST(FlagsTest, AFlagThatReplacesTheArguments) {
  EXPECT_TRUE(ParseFlags(kInspectLike, kDir, {"d"}).ok());
  EXPECT_TRUE(ParseFlags(kInspectLike, kDir, {"--manifest", "m"}).ok());
  EXPECT_EQ(ParseFlags(kInspectLike, kDir, {"--manifest", "m", "d"}).status().message(),
            "expects no DIR[:TAG] with --manifest");
  EXPECT_EQ(ParseFlags(kInspectLike, kDir, {}).status().message(),
            "expects DIR[:TAG] or --manifest FILE, got 0 arguments");
}

TEST(FlagsTest, SynopsisComesFromTheTables) {
  EXPECT_EQ(FormatSynopsis(kChecked, kTwo), "FILE KEY_ID --out FILE [--from RAWKEYFILE] [--force]");
  EXPECT_EQ(FormatSynopsis(kTable, {}), "[--name NAME] [--file PATH]...");
  EXPECT_EQ(FormatSynopsis(kInspectLike, kDir), "[--json] DIR[:TAG] | [--json] --manifest FILE");
}

TEST(FlagsTest, UsageListsEveryFlagAligned) {
  EXPECT_EQ(FormatFlags(kTable),
            "  --name NAME  the name\n"
            "  --file PATH  a file (repeatable)\n"
            "  --help       help\n");
}

}  // namespace
}  // namespace coco
