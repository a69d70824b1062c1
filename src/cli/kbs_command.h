#ifndef COCO_KEYPROVIDER_CLI_KBS_COMMAND_H_
#define COCO_KEYPROVIDER_CLI_KBS_COMMAND_H_

#include "src/cli/command.h"

namespace coco {

// `coco-keyprovider kbs register|get ...`: keys in Trustee's Key Broker Service, put there through
// its admin API and fetched back as a CoCo guest fetches them. Neither writes a key to standard
// output.
extern const CommandGroup kKbsGroup;
extern const Command kKbsRegisterCommand;
extern const Command kKbsGetCommand;

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_KBS_COMMAND_H_
