#ifndef COCO_KEYPROVIDER_CLI_COMMAND_LINE_H_
#define COCO_KEYPROVIDER_CLI_COMMAND_LINE_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "src/cli/command.h"

namespace coco {

inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// What the program is, in one line: the first of --help, the man page's NAME.
inline constexpr char kProgramSummary[] =
    "the ocicrypt keyprovider of Confidential Containers, as a program";

// Every command, in the order the program's usage lists them; the first is the default command,
// the provider ocicrypt runs. The man page and bash completion come from it too.
absl::Span<const Command* const> Commands();

// The groups of commands sharing a first word ("keys"), and the commands of one, in table order.
absl::Span<const CommandGroup* const> CommandGroups();
std::vector<const Command*> MembersOf(const CommandGroup& group);

// The group `command` belongs to, if any.
const CommandGroup* GroupOfCommand(const Command& command);

// The program's usage, from the command table and the tables of flags, wrap parameters, KBCs
// and environment variables: what `coco-keyprovider --help` prints.
std::string ProgramUsage();

// Runs the command `args` (without the program name) names, or the default command, the
// provider. Usage errors are UsageErrors.
absl::Status RunProgram(absl::Span<const char* const> args, const CommandStreams& streams);

// The whole program over its arguments; returns the exit status. Only here do errors become
// exit codes and the one line on stderr.
int RunCommandLine(int argc, const char* const* argv);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_COMMAND_LINE_H_
