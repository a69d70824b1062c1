#include "src/cli/manual_page.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "src/cli/command.h"
#include "src/cli/command_table.h"
#include "src/cli/flags.h"
#include "src/cli/provider_settings.h"
#include "src/common/program.h"
#include "src/key_sources/kbc_table.h"
#include "src/provider/wrap_parameters.h"

namespace coco {
namespace {

std::string Bold(absl::string_view text) { return absl::StrCat("\\fB", RoffText(text), "\\fR"); }
std::string Italic(absl::string_view text) { return absl::StrCat("\\fI", RoffText(text), "\\fR"); }

// A tagged paragraph: the tag on its line, the text indented below it.
std::string Item(absl::string_view tag, absl::string_view text) {
  return absl::StrCat(".TP\n", tag, "\n", RoffText(text), "\n");
}

// --help's descriptions are paragraphs of wrapped lines; roff fills them again. A paragraph of
// indented lines (an example) keeps its lines.
std::string Paragraphs(absl::string_view description) {
  std::string out;
  for (absl::string_view paragraph : absl::StrSplit(description, "\n\n", absl::SkipWhitespace())) {
    paragraph = absl::StripTrailingAsciiWhitespace(paragraph);
    if (absl::StartsWith(paragraph, " ")) {
      absl::StrAppend(&out, ".PP\n.nf\n", RoffText(paragraph), "\n.fi\n");
    } else {
      absl::StrAppend(&out, ".PP\n", RoffText(paragraph), "\n");
    }
  }
  return out;
}

std::string FlagItems(absl::Span<const Flag> flags) {
  std::string out;
  for (const Flag& flag : flags) {
    std::string tag = Bold(flag.name);
    if (!flag.value_name.empty()) absl::StrAppend(&tag, " ", Italic(flag.value_name));
    absl::StrAppend(&out, Item(tag, FlagHelp(flag)));
  }
  return out;
}

std::string Invocation(const Command& command) {
  if (command.name.empty()) return absl::StrCat(Bold(kProgramName), " ", kProviderSynopsis);
  return absl::StrCat(Bold(kProgramName), " ", Bold(command.name), " ",
                      RoffText(FormatSynopsis(command.flags, command.arguments)));
}

std::string Synopsis() {
  std::string out = ".SH SYNOPSIS\n";
  for (const Command* command : Commands()) absl::StrAppend(&out, Invocation(*command), "\n.br\n");
  return out;
}

std::string CommandSections() {
  std::string out = ".SH COMMANDS\n";
  for (const Command* command : Commands().subspan(1)) {
    absl::StrAppend(&out, ".SS ", Bold(absl::StrCat(kProgramName, " ", command->name)), "\n",
                    RoffText(command->summary), ".\n.PP\n", Invocation(*command), "\n",
                    Paragraphs(command->description), FlagItems(command->flags));
  }
  return out;
}

std::string WrapParameterItems() {
  std::string out;
  for (const WrapParameterSpec& spec : WrapParameterSpecs()) {
    absl::StrAppend(
        &out,
        Item(absl::StrCat(Bold(absl::StrCat(spec.name, "=")), Italic(spec.value_name)), spec.help));
  }
  return out;
}

std::string KbcItems() {
  std::string out;
  for (const Kbc& kbc : Kbcs()) {
    absl::StrAppend(&out, Item(Bold(kbc.name), KbcHelp(kbc)));
  }
  return out;
}

std::string EnvironmentItems() {
  std::string out;
  for (const EnvironmentVariable& variable : kProviderEnvironment) {
    absl::StrAppend(&out, Item(Bold(variable.name), variable.help));
  }
  return out;
}

}  // namespace

std::string RoffText(absl::string_view text) {
  // "\\:" after a slash lets a long path break there instead of running over the line.
  std::string escaped = absl::StrReplaceAll(text, {{"\\", "\\e"}, {"-", "\\-"}, {"/", "/\\:"}});
  std::vector<std::string> lines = absl::StrSplit(escaped, '\n');
  for (std::string& line : lines) {
    if (absl::StartsWith(line, ".") || absl::StartsWith(line, "'")) line.insert(0, "\\&");
  }
  return absl::StrJoin(lines, "\n");
}

std::string ManualPage() {
  const Command& provider = *Commands()[0];
  return absl::StrCat(
      ".TH COCO\\-KEYPROVIDER 1 \"\" \"", RoffText(absl::StrCat(kProgramName, " ", kVersion)),
      "\" \"User Commands\"\n",
      // Flags and paths must not be hyphenated or spread out to fill a line.
      ".nh\n.ad l\n.SH NAME\n", RoffText(kProgramName), " \\- ", RoffText(kProgramSummary), "\n",
      Synopsis(), ".SH DESCRIPTION\n", Paragraphs(provider.description), ".PP\n",
      RoffText(provider.summary), ".\n", ".SH FLAGS\n",
      RoffText("Flags of the keyprovider, passed through \"args\" in ocicrypt.conf:"), "\n",
      FlagItems(provider.flags), ".SH ENCRYPTION PARAMETERS\n",
      RoffText("--encryption-key provider:NAME:k1=v1::k2=v2 takes these parameters:"), "\n",
      WrapParameterItems(), ".SH KEY BROKER CLIENTS\n",
      RoffText("--decryption-key provider:NAME:<kbc>::<kbs-uri> (e.g. offline_fs_kbc::null) or "
               "--kbc chooses one of these KBCs:"),
      "\n", KbcItems(), CommandSections(), ".SH ENVIRONMENT\n", EnvironmentItems(),
      ".SH EXIT STATUS\n",
      RoffText("0 on success; 1 on failure, with one line on standard error and nothing on "
               "standard output; 2 on command-line misuse."),
      "\n.SH SEE ALSO\n", Bold("skopeo"), "(1), ", Bold("buildah"), "(1); ",
      RoffText("the README, in /usr/share/doc/coco-keyprovider with the package."), "\n");
}

}  // namespace coco
