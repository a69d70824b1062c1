#include "src/cli/bash_completion.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/cli/command.h"
#include "src/cli/command_table.h"
#include "src/cli/flags.h"
#include "src/cli/provider_settings.h"
#include "src/common/program.h"
#include "src/key_sources/kbc_table.h"

namespace coco {
namespace {

// The value names the flag tables give a file's path: those flags complete file names.
constexpr absl::string_view kPathValueNames[] = {"FILE", "PATH", "PEM", "RAWKEYFILE"};

bool TakesPath(const Flag& flag) {
  for (absl::string_view name : kPathValueNames) {
    if (flag.value_name == name) return true;
  }
  return false;
}

std::string Names(absl::Span<const Flag> flags, bool (*keep)(const Flag&)) {
  std::vector<absl::string_view> names;
  for (const Flag& flag : flags) {
    if (keep(flag)) names.push_back(flag.name);
  }
  return absl::StrJoin(names, " ");
}

// Per command: its flags, the flags that take a value, and of those the ones taking a path.
std::string CommandCases() {
  std::string out;
  for (const Command* command : Commands()) {
    absl::StrAppend(
        &out, "    \"", command->name, "\")\n", "      flags=\"",
        Names(command->flags, [](const Flag&) { return true; }), "\"\n", "      valued=\"",
        Names(command->flags, [](const Flag& flag) { return !flag.value_name.empty(); }), "\"\n",
        "      paths=\"", Names(command->flags, TakesPath), "\"\n", "      ;;\n");
  }
  return out;
}

std::string GroupCases() {
  std::string out;
  for (const CommandGroup* group : CommandGroups()) {
    std::vector<absl::string_view> members;
    for (const Command* member : MembersOf(*group)) members.push_back(NameInGroup(*member, *group));
    absl::StrAppend(&out, "    ", group->name, ") members=\"", absl::StrJoin(members, " "),
                    "\" ;;\n");
  }
  return out;
}

// What the first word can be: an ungrouped command or a group.
std::string FirstWords() {
  std::vector<absl::string_view> words;
  for (const CommandGroup* group : CommandGroups()) words.push_back(group->name);
  for (const Command* command : Commands()) {
    if (!command->name.empty() && GroupOfCommand(*command) == nullptr) {
      words.push_back(command->name);
    }
  }
  return absl::StrJoin(words, " ");
}

std::string KbcNames() {
  std::vector<absl::string_view> names;
  for (const Kbc& kbc : Kbcs()) {
    if (kbc.unavailable_because.empty()) names.push_back(kbc.name);
  }
  return absl::StrJoin(names, " ");
}

}  // namespace

std::string BashCompletion() {
  return absl::StrCat(
      "# bash completion for ", kProgramName, " ", kVersion,
      ", generated from its command and flag tables.\n"
      "# What compgen offers for the word under the cursor, one entry a line: names with spaces "
      "stay\n"
      "# whole, nothing is globbed.\n"
      "_coco_keyprovider_offer() {\n"
      "  mapfile -t COMPREPLY < <(compgen \"$@\" -- \"${cur}\")\n"
      "}\n"
      "_coco_keyprovider() {\n"
      "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"\"\n"
      "  ((COMP_CWORD > 0)) && prev=\"${COMP_WORDS[COMP_CWORD - 1]}\"\n"
      "  # --flag=VALUE reaches us as --flag, = and VALUE when COMP_WORDBREAKS holds '='.\n"
      "  if [[ ${cur} == = ]]; then\n"
      "    cur=\"\"\n"
      "  elif [[ ${prev} == = ]] && ((COMP_CWORD > 1)); then\n"
      "    prev=\"${COMP_WORDS[COMP_CWORD - 2]}\"\n"
      "  fi\n"
      "  # A word begun with a quote: compgen wants what is inside it.\n"
      "  cur=\"${cur#[\\\"\\']}\"\n"
      "  local command=\"\" first=2 members=\"\"\n"
      "  case \"${COMP_WORDS[1]:-}\" in\n",
      GroupCases(),
      "  esac\n"
      "  if ((COMP_CWORD == 1)) && [[ ${cur} != -* ]]; then\n"
      "    _coco_keyprovider_offer -W \"",
      FirstWords(),
      "\"\n"
      "    return\n"
      "  fi\n"
      "  if [[ -n ${members} ]]; then\n"
      "    if ((COMP_CWORD == 2)); then\n"
      "      _coco_keyprovider_offer -W \"${members} --help\"\n"
      "      return\n"
      "    fi\n"
      "    command=\"${COMP_WORDS[1]} ${COMP_WORDS[2]}\"\n"
      "    first=3\n"
      "  elif [[ ${COMP_WORDS[1]} != -* ]] && ((COMP_CWORD > 1)); then\n"
      "    command=\"${COMP_WORDS[1]}\"\n"
      "  else\n"
      "    first=1\n"
      "  fi\n"
      "  local flags=\"\" valued=\"\" paths=\"\"\n"
      "  case \"${command}\" in\n",
      CommandCases(),
      "    *) return ;;\n"
      "  esac\n"
      "  if ((COMP_CWORD > first)) && [[ \" ${valued} \" == *\" ${prev} \"* ]]; then\n"
      "    if [[ ${prev} == ",
      kKbcFlag.name,
      " ]]; then\n"
      "      _coco_keyprovider_offer -W \"",
      KbcNames(),
      "\"\n"
      "    elif [[ \" ${paths} \" == *\" ${prev} \"* ]]; then\n"
      "      _coco_keyprovider_offer -f\n"
      "    fi\n"
      "    return\n"
      "  fi\n"
      "  if [[ ${cur} == -* ]]; then\n"
      "    _coco_keyprovider_offer -W \"${flags}\"\n"
      "  else\n"
      "    _coco_keyprovider_offer -f\n"
      "  fi\n"
      "}\n"
      "complete -o filenames -F _coco_keyprovider ",
      kProgramName, "\n");
}

}  // namespace coco
