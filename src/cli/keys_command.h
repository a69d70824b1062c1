#ifndef COCO_KEYPROVIDER_CLI_KEYS_COMMAND_H_
#define COCO_KEYPROVIDER_CLI_KEYS_COMMAND_H_

#include "src/cli/command.h"

namespace coco {

// `coco-keyprovider keys generate|export|add ...`: offline_fs_kbc keys files, without jq. Only
// `keys generate --out -` writes to standard output (and --help).
extern const CommandGroup kKeysGroup;
extern const Command kKeysGenerateCommand;
extern const Command kKeysExportCommand;
extern const Command kKeysAddCommand;

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_KEYS_COMMAND_H_
