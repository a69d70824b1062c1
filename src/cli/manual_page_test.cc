#include "src/cli/manual_page.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "src/cli/command.h"
#include "src/cli/command_table.h"
#include "src/key_sources/kbc_table.h"
#include "src/provider/wrap_parameters.h"
#include "src/testing/subprocess.h"

namespace coco {
namespace {

using test_support::ProcessResult;
using test_support::RunProcess;

TEST(RoffTextTest, EscapesWhatRoffWouldReadAsRequestsOrEscapes) {
  EXPECT_EQ(RoffText("--kbc a\\b /x/y"), "\\-\\-kbc a\\eb /\\:x/\\:y");
  EXPECT_EQ(RoffText(".SH no\n'also no\nfine. 'here"), "\\&.SH no\n\\&'also no\nfine. 'here");
}

TEST(ManualPageTest, HoldsEveryCommandFlagParameterKbcAndVariableOfTheTables) {
  const std::string page = ManualPage();
  for (const Command* command : Commands()) {
    SCOPED_TRACE(command->name);
    EXPECT_TRUE(absl::StrContains(page, RoffText(command->summary)));
    if (!command->name.empty()) {
      EXPECT_TRUE(
          absl::StrContains(page, RoffText(FormatSynopsis(command->flags, command->arguments))));
      EXPECT_TRUE(absl::StrContains(
          page, absl::StrCat(".SS \\fBcoco\\-keyprovider ", RoffText(command->name), "\\fR\n")));
    }
    for (const Flag& flag : command->flags) {
      EXPECT_TRUE(absl::StrContains(page, absl::StrCat(".TP\n\\fB", RoffText(flag.name), "\\fR")))
          << flag.name;
      EXPECT_TRUE(absl::StrContains(page, RoffText(FlagHelp(flag)))) << flag.name;
    }
  }
  for (const WrapParameterSpec& spec : WrapParameterSpecs()) {
    EXPECT_TRUE(absl::StrContains(page, absl::StrCat("\\fB", spec.name, "=\\fR"))) << spec.name;
  }
  for (const Kbc& kbc : Kbcs()) {
    EXPECT_TRUE(absl::StrContains(page, absl::StrCat(".TP\n\\fB", kbc.name, "\\fR"))) << kbc.name;
  }
  EXPECT_TRUE(absl::StrContains(page, "AA_KBC_PARAMS"));
  EXPECT_TRUE(absl::StrContains(page, "OFFLINE_FS_KBC_EXTRA_FILE_PATH"));
}

TEST(ManualPageTest, EveryRequestIsAManMacro) {
  const std::vector<std::string> macros = {".TH ", ".SH ", ".SS ", ".TP", ".PP",
                                           ".br",  ".nf",  ".fi",  ".nh", ".ad l"};
  for (absl::string_view line : absl::StrSplit(ManualPage(), '\n')) {
    if (!absl::StartsWith(line, ".") && !absl::StartsWith(line, "'")) continue;
    bool known = false;
    for (const std::string& macro : macros) known = known || absl::StartsWith(line, macro);
    EXPECT_TRUE(known) << line;
  }
}

// groff is what man renders with; -ww turns on every warning (at man's 78 columns).
TEST(ManualPageTest, GroffRendersItWithoutAWarning) {
  const std::string page = ManualPage();
  ProcessResult checked =
      RunProcess({"/usr/bin/groff", "-man", "-Tutf8", "-ww", "-z"}, page, {"PATH=/usr/bin:/bin"});
  EXPECT_EQ(checked.exit_code, 0);
  EXPECT_EQ(checked.err, "");
  ProcessResult rendered =
      RunProcess({"/usr/bin/groff", "-man", "-Tascii", "-P-cbou"}, page, {"PATH=/usr/bin:/bin"});
  EXPECT_EQ(rendered.exit_code, 0);
  for (absl::string_view heading :
       {"NAME", "SYNOPSIS", "DESCRIPTION", "FLAGS", "COMMANDS", "ENVIRONMENT", "EXIT STATUS"}) {
    EXPECT_TRUE(absl::StrContains(rendered.out, absl::StrCat("\n", heading, "\n"))) << heading;
  }
  EXPECT_TRUE(absl::StrContains(rendered.out, "keyprovider of Confidential Containers"));
}

}  // namespace
}  // namespace coco
