#include "src/cli/command.h"

#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "src/cli/usage_error.h"
#include "src/common/file_writer.h"
#include "src/common/printable.h"
#include "src/common/program.h"
#include "src/common/status_context.h"

namespace coco {
namespace {

// How misuse of a command is reported: "keys add: ... (see coco-keyprovider keys add --help)", or
// for the default command "command line: ... (see --help)".
absl::Status Misuse(absl::string_view name, absl::string_view why) {
  if (name.empty()) return UsageError(absl::StrCat("command line: ", why, " (see --help)"));
  return UsageError(absl::StrCat(name, ": ", why, " (see ", kProgramName, " ", name, " --help)"));
}

}  // namespace

absl::string_view NameInGroup(const Command& command, const CommandGroup& group) {
  absl::string_view name = command.name;
  absl::ConsumePrefix(&name, group.name);
  absl::ConsumePrefix(&name, " ");
  return name;
}

std::string CommandHelp(const Command& command) {
  return absl::StrCat("Usage: ", kProgramName, " ", command.name, " ",
                      FormatSynopsis(command.flags, command.arguments), "\n\n", command.description,
                      "\nFlags:\n", FormatFlags(command.flags));
}

absl::StatusOr<ParsedFlags> ParseCommandLine(const Command& command,
                                             absl::Span<const char* const> args) {
  absl::StatusOr<ParsedFlags> flags = ParseFlags(command.flags, command.arguments, args);
  if (!flags.ok()) return Misuse(command.name, flags.status().message());
  return flags;
}

absl::Status RunCommand(const Command& command, absl::Span<const char* const> args,
                        const CommandStreams& streams) {
  absl::StatusOr<ParsedFlags> flags = ParseCommandLine(command, args);
  if (!flags.ok()) return flags.status();
  if (flags->Has(kHelpFlag.name)) return WriteOutput(streams.out, CommandHelp(command));
  return RunParsedCommand(command, *flags, streams);
}

absl::Status RunParsedCommand(const Command& command, const ParsedFlags& flags,
                              const CommandStreams& streams) {
  absl::Status status = command.run(flags, streams);
  if (IsUsageError(status)) return Misuse(command.name, status.message());
  // The provider's failures are ocicrypt's operations: "keywrap: ...", nothing before.
  if (command.name.empty()) return status;
  return WithCommandContext(command.name, status);
}

absl::Status RunCommandGroup(const CommandGroup& group, absl::Span<const Command* const> commands,
                             absl::Span<const char* const> args, const CommandStreams& streams) {
  std::vector<absl::string_view> names;
  for (const Command* command : commands) {
    const absl::string_view name = NameInGroup(*command, group);
    if (!args.empty() && args[0] == name) return RunCommand(*command, args.subspan(1), streams);
    names.push_back(name);
  }
  if (!args.empty() && args[0] == kHelpFlag.name) {
    std::string help = absl::StrCat(kProgramName, " ", group.name, ": ", group.description);
    for (const Command* command : commands) absl::StrAppend(&help, "\n", CommandHelp(*command));
    return WriteOutput(streams.out, help);
  }
  const std::string expected = absl::StrJoin(names, ", ");
  if (args.empty()) return Misuse(group.name, absl::StrCat("which one? ", expected));
  return Misuse(group.name,
                absl::StrCat("unknown command \"", Printable(args[0]), "\"; expected ", expected));
}

absl::Status WriteOutput(int fd, absl::string_view text) {
  absl::Status written = WriteAll(fd, text);
  if (!written.ok()) return WithContext("writing to standard output", written);
  return absl::OkStatus();
}

absl::Status WritePrivateFile(absl::string_view path, absl::string_view contents,
                              ExistingFile existing) {
  absl::Status written = WriteFileAtomically(path, contents, existing);
  if (absl::IsAlreadyExists(written)) {
    return absl::AlreadyExistsError(absl::StrCat(written.message(), " (--force replaces it)"));
  }
  return written;
}

ExistingFile ExistingFileFor(const ParsedFlags& flags) {
  return flags.Has("--force") ? ExistingFile::kReplace : ExistingFile::kKeep;
}

void WriteWarnings(int fd, const Warnings& warnings) {
  for (const std::string& warning : warnings.lines()) {
    // A lost warning is not worth failing a command that succeeded.
    (void)WriteAll(
        fd, absl::StrCat(kProgramName, ": warning: ", EscapeControlCharacters(warning), "\n"));
  }
}

}  // namespace coco
