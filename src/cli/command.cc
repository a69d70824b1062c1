#include "src/cli/command.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/cli/program.h"
#include "src/cli/usage_error.h"
#include "src/common/file_writer.h"
#include "src/common/printable.h"
#include "src/common/status_context.h"

namespace coco {
namespace {

std::string HelpHint(absl::string_view name) {
  return absl::StrCat(" (see ", kProgramName, " ", name, " --help)");
}

}  // namespace

std::string CommandHelp(const Command& command) {
  return absl::StrCat("Usage: ", kProgramName, " ", command.name, " ", command.synopsis, "\n\n",
                      command.description, "\nFlags:\n", FormatFlags(command.flags));
}

absl::Status RunCommand(const Command& command, absl::Span<const char* const> args, int out_fd) {
  absl::StatusOr<ParsedFlags> flags = ParseFlags(command.flags, args);
  absl::Status status = flags.ok() ? absl::OkStatus() : UsageError(flags.status().message());
  if (status.ok() && flags->Has("--help")) return WriteOutput(out_fd, CommandHelp(command));
  if (status.ok()) status = command.run(*flags, out_fd);
  if (IsUsageError(status)) {
    return UsageError(absl::StrCat(command.name, ": ", status.message(), HelpHint(command.name)));
  }
  return WithCommandContext(command.name, status);
}

absl::Status RunCommandGroup(absl::string_view group, absl::string_view description,
                             absl::Span<const Command> commands, absl::Span<const char* const> args,
                             int out_fd) {
  std::vector<absl::string_view> names;
  for (const Command& command : commands) {
    const absl::string_view name = absl::string_view(command.name).substr(group.size() + 1);
    if (!args.empty() && args[0] == name) return RunCommand(command, args.subspan(1), out_fd);
    names.push_back(name);
  }
  if (!args.empty() && args[0] == absl::string_view("--help")) {
    std::string help = absl::StrCat(kProgramName, " ", group, ": ", description);
    for (const Command& command : commands) absl::StrAppend(&help, "\n", CommandHelp(command));
    return WriteOutput(out_fd, help);
  }
  const std::string expected = absl::StrJoin(names, ", ");
  if (args.empty()) {
    return UsageError(absl::StrCat(group, ": which one? ", expected, HelpHint(group)));
  }
  return UsageError(absl::StrCat(group, ": unknown command \"", Printable(args[0]), "\"; expected ",
                                 expected, HelpHint(group)));
}

absl::Status WriteOutput(int out_fd, absl::string_view text) {
  absl::Status written = WriteAll(out_fd, text);
  if (!written.ok()) return WithContext("writing to standard output", written);
  return absl::OkStatus();
}

absl::Status CheckArgumentCount(const ParsedFlags& flags, std::size_t count,
                                absl::string_view names) {
  const std::size_t given = flags.positional().size();
  if (given == count) return absl::OkStatus();
  return UsageError(
      absl::StrCat("expects ", names, ", got ", given, given == 1 ? " argument" : " arguments"));
}

}  // namespace coco
