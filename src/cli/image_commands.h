#ifndef COCO_KEYPROVIDER_CLI_IMAGE_COMMANDS_H_
#define COCO_KEYPROVIDER_CLI_IMAGE_COMMANDS_H_

#include "src/cli/command.h"

namespace coco {

// Image encryption without skopeo, over OCI image layouts DIR[:TAG]:
// `encrypt --key PARAMS [--layer N]... SRC DST`, `decrypt [KBC flags] SRC DST`,
// `verify [KBC flags] [--json] [--require-encrypted] SRC`, `rewrap --key PARAMS [KBC flags] SRC
// DST`.
extern const Command kEncryptCommand;
extern const Command kDecryptCommand;
extern const Command kVerifyCommand;
extern const Command kRewrapCommand;

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_IMAGE_COMMANDS_H_
