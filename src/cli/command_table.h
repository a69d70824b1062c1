#ifndef COCO_KEYPROVIDER_CLI_COMMAND_TABLE_H_
#define COCO_KEYPROVIDER_CLI_COMMAND_TABLE_H_

#include <vector>

#include "absl/types/span.h"
#include "src/cli/command.h"

namespace coco {

// What the program is, in one line: the first of --help, the man page's NAME.
inline constexpr char kProgramSummary[] =
    "the ocicrypt keyprovider of Confidential Containers, as a program";

// How the usage and the man page show the default command's invocation.
inline constexpr char kProviderSynopsis[] = "[FLAGS] < request.json";

// Every command, in the order the program's usage lists them; the first is the default command,
// the provider ocicrypt runs. Dispatch, --help, the man page and bash completion all come from it.
absl::Span<const Command* const> Commands();

// The groups of commands sharing a first word ("keys"), and the commands of one, in table order.
absl::Span<const CommandGroup* const> CommandGroups();
std::vector<const Command*> MembersOf(const CommandGroup& group);

// The group `command` belongs to, if any.
const CommandGroup* GroupOfCommand(const Command& command);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_COMMAND_TABLE_H_
