#ifndef COCO_KEYPROVIDER_CLI_COMMAND_H_
#define COCO_KEYPROVIDER_CLI_COMMAND_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "src/cli/flags.h"

namespace coco {

// A command after the program name, e.g. `keys generate` or `inspect`: its flag table drives both
// parsing and --help.
struct Command {
  absl::string_view name;         // As typed: "keys generate"; in a group, "<group> <command>".
  absl::string_view synopsis;     // What follows the name: "--out FILE [--force]".
  absl::string_view description;  // Lines ending in '\n'.
  absl::Span<const Flag> flags;   // Including --help.
  // The work, over the parsed arguments; results go to `out_fd`. Misuse is a UsageError.
  absl::Status (*run)(const ParsedFlags& flags, int out_fd);
};

// "Usage: coco-keyprovider <name> <synopsis>", the description and the flags.
std::string CommandHelp(const Command& command);

// Parses `args` (what follows the command's name) by the command's table and runs it, or writes
// its help for --help. Errors start with the command's name; misuse is a UsageError that points
// to the command's --help.
absl::Status RunCommand(const Command& command, absl::Span<const char* const> args, int out_fd);

// Commands sharing a first word (`keys generate`, `keys add`): runs the one `args[0]` names, or
// writes the help of all of them for --help.
absl::Status RunCommandGroup(absl::string_view group, absl::string_view description,
                             absl::Span<const Command> commands, absl::Span<const char* const> args,
                             int out_fd);

// Writes a command's result to `out_fd` (standard output); errors say so.
absl::Status WriteOutput(int out_fd, absl::string_view text);

// A UsageError unless exactly `count` positional arguments were given; `names` is the synopsis
// of the expected ones, e.g. "FILE KEY_ID OUT".
absl::Status CheckArgumentCount(const ParsedFlags& flags, std::size_t count,
                                absl::string_view names);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_COMMAND_H_
