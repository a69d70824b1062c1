#include "src/cli/command_line.h"

#include <unistd.h>

#include <csignal>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "src/cli/command_table.h"
#include "src/cli/provider_settings.h"
#include "src/cli/usage_error.h"
#include "src/common/build_info.h"
#include "src/common/no_core_dumps.h"
#include "src/common/printable.h"
#include "src/common/program.h"
#include "src/key_sources/kbc_table.h"
#include "src/provider/wrap_parameters.h"

namespace coco {
namespace {

using Rows = std::vector<std::pair<std::string, std::string>>;

// Four more spaces before every line.
std::string Indented(absl::string_view lines) {
  std::string out;
  for (absl::string_view line : absl::StrSplit(lines, '\n', absl::SkipEmpty())) {
    absl::StrAppend(&out, "    ", line, "\n");
  }
  return out;
}

// A group's entry: "coco-keyprovider keys generate|export|add ...", then a line per command.
std::string GroupLines(const CommandGroup& group) {
  std::vector<absl::string_view> names;
  Rows members;
  for (const Command* member : MembersOf(group)) {
    names.push_back(NameInGroup(*member, group));
    members.emplace_back(std::string(NameInGroup(*member, group)), std::string(member->summary));
  }
  return absl::StrCat("  ", kProgramName, " ", group.name, " ", absl::StrJoin(names, "|"),
                      " ...   (see ", group.name, " --help)\n", Indented(FormatColumns(members)));
}

// One entry per command, or per group:
//   coco-keyprovider inspect [--json] DIR[:TAG] | [--json] --manifest FILE
//       how an image is encrypted, and for which keys
std::string CommandLines() {
  std::string lines;
  for (const Command* command : Commands()) {
    if (const CommandGroup* group = GroupOfCommand(*command); group != nullptr) {
      if (command == MembersOf(*group).front()) absl::StrAppend(&lines, GroupLines(*group));
      continue;
    }
    const std::string synopsis =
        command->name.empty()
            ? kProviderSynopsis
            : absl::StrCat(command->name, " ", FormatSynopsis(command->flags, command->arguments));
    absl::StrAppend(&lines, "  ", kProgramName, " ", synopsis, "\n      ", command->summary, "\n");
  }
  return lines;
}

std::string WrapParameterLines() {
  Rows rows;
  for (const WrapParameterSpec& spec : WrapParameterSpecs()) {
    rows.emplace_back(absl::StrCat(spec.name, "=", spec.value_name), std::string(spec.help));
  }
  return FormatColumns(rows);
}

std::string KbcLines() {
  Rows rows;
  for (const Kbc& kbc : Kbcs()) {
    rows.emplace_back(std::string(kbc.name), KbcHelp(kbc));
  }
  return FormatColumns(rows);
}

std::string EnvironmentLines() {
  Rows rows;
  for (const EnvironmentVariable& variable : kProviderEnvironment) {
    rows.emplace_back(std::string(variable.name), std::string(variable.help));
  }
  return FormatColumns(rows);
}

// The group `args` starts with, if any.
const CommandGroup* GroupOf(absl::Span<const char* const> args) {
  for (const CommandGroup* group : CommandGroups()) {
    if (!args.empty() && args[0] == group->name) return group;
  }
  return nullptr;
}

// The command `args` starts with, if it is not in a group (those are the group's to run).
const Command* UngroupedCommand(absl::Span<const char* const> args) {
  for (const Command* command : Commands()) {
    if (!args.empty() && !command->name.empty() && GroupOfCommand(*command) == nullptr &&
        args[0] == command->name) {
      return command;
    }
  }
  return nullptr;
}

// The default command's --help and --version are the program's.
absl::Status RunDefault(absl::Span<const char* const> args, const CommandStreams& streams) {
  const Command& command = *Commands()[0];
  absl::StatusOr<ParsedFlags> flags = ParseCommandLine(command, args);
  if (!flags.ok()) return flags.status();
  if (flags->Has(kHelpFlag.name)) return WriteOutput(streams.out, ProgramUsage());
  if (flags->Has(kVersionFlag.name)) {
    return WriteOutput(streams.out, absl::StrCat(kProgramName, " ", kVersion, "\n", kBuildInfo));
  }
  return RunParsedCommand(command, *flags, streams);
}

void PrintError(absl::string_view message) {
  // One line, whatever the message holds: no line breaks, no terminal control sequences.
  std::string line = absl::StrCat(kProgramName, ": ", EscapeControlCharacters(message), "\n");
  (void)!write(STDERR_FILENO, line.data(), line.size());
}

}  // namespace

std::string ProgramUsage() {
  return absl::StrCat(
      kProgramName, ": ", kProgramSummary, ".\n\n", "Usage:\n", CommandLines(), "\n",
      Commands()[0]->description, "\nFlags (pass them through \"args\" in ocicrypt.conf):\n",
      FormatFlags(Commands()[0]->flags),
      "\nEncryption: --encryption-key provider:NAME:k1=v1::k2=v2 with\n", WrapParameterLines(),
      "\nDecryption: --decryption-key provider:NAME:<kbc>::<kbs-uri>, e.g. offline_fs_kbc::null;\n"
      "KBCs:\n",
      KbcLines(), "\nEnvironment:\n", EnvironmentLines(),
      "\nExit status: 0 success, 1 failure (one line on standard error), 2 command-line misuse.\n");
}

absl::Status RunProgram(absl::Span<const char* const> args, const CommandStreams& streams) {
  if (const CommandGroup* group = GroupOf(args); group != nullptr) {
    return RunCommandGroup(*group, MembersOf(*group), args.subspan(1), streams);
  }
  if (const Command* command = UngroupedCommand(args); command != nullptr) {
    return RunCommand(*command, args.subspan(1), streams);
  }
  return RunDefault(args, streams);
}

int RunCommandLine(int argc, const char* const* argv) {
  if (absl::Status forbidden = ForbidCoreDumps(); !forbidden.ok()) {
    PrintError(forbidden.message());
    return kExitFailure;
  }
  // A closed stdout must become an error message, not a silent death.
  signal(SIGPIPE, SIG_IGN);
  const absl::Span<const char* const> args = absl::MakeConstSpan(argv + 1, argc > 0 ? argc - 1 : 0);
  const absl::Status status = RunProgram(args, {STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO});
  if (status.ok()) return 0;
  PrintError(status.message());
  return IsUsageError(status) ? kExitUsage : kExitFailure;
}

}  // namespace coco
