#include "src/cli/command_table.h"

#include "absl/strings/match.h"
#include "src/cli/doctor_command.h"
#include "src/cli/image_commands.h"
#include "src/cli/inspect_command.h"
#include "src/cli/kbs_command.h"
#include "src/cli/keys_command.h"
#include "src/cli/provider_command.h"

namespace coco {
namespace {

const Command* const kCommands[] = {
    &kProviderCommand,    &kKeysGenerateCommand, &kKeysExportCommand, &kKeysAddCommand,
    &kKbsRegisterCommand, &kKbsGetCommand,       &kInspectCommand,    &kEncryptCommand,
    &kDecryptCommand,     &kVerifyCommand,       &kRewrapCommand,     &kDoctorCommand,
};
const CommandGroup* const kGroups[] = {&kKeysGroup, &kKbsGroup};

// "keys add" is in the group "keys".
bool IsInGroup(const Command& command, const CommandGroup& group) {
  return command.name.size() > group.name.size() && command.name[group.name.size()] == ' ' &&
         absl::StartsWith(command.name, group.name);
}

}  // namespace

absl::Span<const Command* const> Commands() { return kCommands; }

absl::Span<const CommandGroup* const> CommandGroups() { return kGroups; }

std::vector<const Command*> MembersOf(const CommandGroup& group) {
  std::vector<const Command*> members;
  for (const Command* command : kCommands) {
    if (IsInGroup(*command, group)) members.push_back(command);
  }
  return members;
}

const CommandGroup* GroupOfCommand(const Command& command) {
  for (const CommandGroup* group : kGroups) {
    if (IsInGroup(command, *group)) return group;
  }
  return nullptr;
}

}  // namespace coco
