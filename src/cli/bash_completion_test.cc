#include "src/cli/bash_completion.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "src/cli/command.h"
#include "src/cli/command_table.h"
#include "src/testing/subprocess.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::ProcessResult;
using test_support::RunProcess;
using test_support::WriteTempFile;

// What bash offers for the command line `words`, the last being the word under the cursor, run
// in a real bash that sourced the script.
std::set<std::string> Completions(const std::vector<std::string>& words,
                                  absl::string_view folder = "/nonexistent") {
  static const std::string script = WriteTempFile("completion.bash", BashCompletion());
  std::vector<std::string> quoted;
  for (const std::string& word : words) quoted.push_back(absl::StrCat("'", word, "'"));
  const std::string program =
      absl::StrCat("source '", script, "' && cd '", folder, "' 2>/dev/null; COMP_WORDS=(",
                   absl::StrJoin(quoted, " "), "); COMP_CWORD=", words.size() - 1,
                   "; _coco_keyprovider; printf '%s\\n' \"${COMPREPLY[@]}\"");
  ProcessResult result =
      RunProcess({"/bin/bash", "--norc", "-c", program}, "", {"PATH=/usr/bin:/bin"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.err, "");
  std::set<std::string> offered;
  for (absl::string_view line : absl::StrSplit(result.out, '\n', absl::SkipEmpty())) {
    offered.emplace(line);
  }
  return offered;
}

bool Offers(const std::set<std::string>& offered, absl::string_view word) {
  return offered.count(std::string(word)) == 1;
}

TEST(BashCompletionTest, FirstWordIsACommandOrAGroup) {
  const std::set<std::string> offered = Completions({"coco-keyprovider", ""});
  for (const CommandGroup* group : CommandGroups()) EXPECT_TRUE(Offers(offered, group->name));
  for (const Command* command : Commands()) {
    if (command->name.empty() || GroupOfCommand(*command) != nullptr) continue;
    EXPECT_TRUE(Offers(offered, command->name)) << command->name;
  }
  EXPECT_EQ(Completions({"coco-keyprovider", "ver"}), std::set<std::string>{"verify"});
}

TEST(BashCompletionTest, GroupOffersItsCommands) {
  for (const CommandGroup* group : CommandGroups()) {
    std::set<std::string> expected = {"--help"};
    for (const Command* member : MembersOf(*group)) {
      expected.emplace(NameInGroup(*member, *group));
    }
    EXPECT_EQ(Completions({"coco-keyprovider", std::string(group->name), ""}), expected);
  }
}

TEST(BashCompletionTest, EveryCommandOffersExactlyItsFlags) {
  for (const Command* command : Commands()) {
    SCOPED_TRACE(command->name);
    std::vector<std::string> words = absl::StrSplit(command->name, ' ', absl::SkipEmpty());
    words.insert(words.begin(), "coco-keyprovider");
    words.push_back("--");
    std::set<std::string> expected;
    for (const Flag& flag : command->flags) expected.emplace(flag.name);
    EXPECT_EQ(Completions(words), expected);
  }
}

TEST(BashCompletionTest, KbcFlagOffersTheKbcsThisProgramCanUse) {
  const std::set<std::string> offered = Completions({"coco-keyprovider", "--kbc", ""});
  EXPECT_TRUE(Offers(offered, "offline_fs_kbc"));
  EXPECT_TRUE(Offers(offered, "cc_kbc"));
  EXPECT_FALSE(Offers(offered, "eaa_kbc"));  // Not available: not offered.
  EXPECT_EQ(Completions({"coco-keyprovider", "verify", "--kbc", "sam"}),
            std::set<std::string>{"sample_kbc"});
}

TEST(BashCompletionTest, FileFlagsAndArgumentsOfferFilesOtherValuesNothing) {
  const std::string folder = test_support::FreshFolder("completion-files");
  WriteTempFile("completion-files/ocicrypt.conf", "{}");
  EXPECT_EQ(Completions({"coco-keyprovider", "doctor", "--config", "oci"}, folder),
            std::set<std::string>{"ocicrypt.conf"});
  EXPECT_EQ(Completions({"coco-keyprovider", "inspect", "oc"}, folder),
            std::set<std::string>{"ocicrypt.conf"});
  EXPECT_EQ(Completions({"coco-keyprovider", "encrypt", "--layer", "oc"}, folder),
            std::set<std::string>{});
  EXPECT_EQ(Completions({"coco-keyprovider", "no-such-command", "--"}), std::set<std::string>{});
}

TEST(BashCompletionTest, NamesWithSpacesStayWholeAndAreNotGlobbed) {
  const std::string folder = test_support::FreshFolder("completion-spaces");
  WriteTempFile("completion-spaces/my keys.json", "{}");
  WriteTempFile("completion-spaces/my*", "{}");
  EXPECT_EQ(Completions({"coco-keyprovider", "--keys-file", "my"}, folder),
            (std::set<std::string>{"my keys.json", "my*"}));
  EXPECT_EQ(Completions({"coco-keyprovider", "--keys-file", "\"my k"}, folder),
            std::set<std::string>{"my keys.json"});
}

// With '=' in COMP_WORDBREAKS (bash's default), --kbc=cc arrives as --kbc, = and cc.
TEST(BashCompletionTest, AValueAfterAnEqualsSign) {
  EXPECT_EQ(Completions({"coco-keyprovider", "--kbc", "=", "cc"}), std::set<std::string>{"cc_kbc"});
  const std::set<std::string> offered = Completions({"coco-keyprovider", "--kbc", "="});
  EXPECT_TRUE(Offers(offered, "offline_fs_kbc"));
}

}  // namespace
}  // namespace coco
