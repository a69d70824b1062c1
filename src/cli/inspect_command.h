#ifndef COCO_KEYPROVIDER_CLI_INSPECT_COMMAND_H_
#define COCO_KEYPROVIDER_CLI_INSPECT_COMMAND_H_

#include "src/cli/command.h"

namespace coco {

// `coco-keyprovider inspect [--json] DIR[:TAG] | --manifest FILE`: how an image's layers are
// encrypted and for which keys, offline and without key material.
extern const Command kInspectCommand;

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_INSPECT_COMMAND_H_
