#ifndef COCO_KEYPROVIDER_CLI_COMMAND_H_
#define COCO_KEYPROVIDER_CLI_COMMAND_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "src/cli/flags.h"
#include "src/common/file_writer.h"
#include "src/common/warnings.h"

namespace coco {

// Where a command reads and writes: standard input, output and error, or a test's files.
struct CommandStreams {
  int in;
  int out;
  int err;
};

// One row of the command table (src/cli/command_line.cc): its tables drive parsing, checking,
// --help, the program's usage, and the errors for misuse.
struct Command {
  // As typed: "keys generate", "inspect"; empty for the default command, the provider ocicrypt
  // runs with no command name.
  absl::string_view name;
  absl::string_view summary;      // One line for the program's usage.
  absl::string_view description;  // Lines ending in '\n', for its --help.
  absl::Span<const Flag> flags;   // Including kHelpFlag.
  absl::Span<const Argument> arguments;
  // The work, over arguments already checked against the tables. Misuse found only here (a value
  // out of range) is a UsageError.
  absl::Status (*run)(const ParsedFlags& flags, const CommandStreams& streams);
};

// Commands sharing a first word, e.g. "keys": the group's own line in help and errors.
struct CommandGroup {
  absl::string_view name;
  absl::string_view description;  // One line ending in '\n'.
};

// The command's name without the group's word: "add" of "keys add".
absl::string_view NameInGroup(const Command& command, const CommandGroup& group);

// "Usage: coco-keyprovider <name> <synopsis>", the description and the flags.
std::string CommandHelp(const Command& command);

// Parses `args` (what follows the command's name) by the command's tables. Misuse is a UsageError
// that starts with the command's name and points to its --help.
absl::StatusOr<ParsedFlags> ParseCommandLine(const Command& command,
                                             absl::Span<const char* const> args);

// Parses and runs the command, or writes its help for --help. Errors start with its name.
absl::Status RunCommand(const Command& command, absl::Span<const char* const> args,
                        const CommandStreams& streams);

// Runs the command over flags ParseCommandLine gave; errors start with its name.
absl::Status RunParsedCommand(const Command& command, const ParsedFlags& flags,
                              const CommandStreams& streams);

// The group's commands: runs the one `args[0]` names, or writes the help of all of them for
// --help; anything else is a UsageError listing them.
absl::Status RunCommandGroup(const CommandGroup& group, absl::Span<const Command* const> commands,
                             absl::Span<const char* const> args, const CommandStreams& streams);

// Writes a command's result to `fd` (standard output); errors say so.
absl::Status WriteOutput(int fd, absl::string_view text);

// Writes a file of key material atomically with mode 0600; an existing file is kept unless
// `existing` says to replace it, and the error then says how (--force).
absl::Status WritePrivateFile(absl::string_view path, absl::string_view contents,
                              ExistingFile existing);

// kReplace when the command was given --force.
ExistingFile ExistingFileFor(const ParsedFlags& flags);

// The warnings of a command that succeeded, on `fd` (standard error): one escaped line each.
void WriteWarnings(int fd, const Warnings& warnings);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_COMMAND_H_
