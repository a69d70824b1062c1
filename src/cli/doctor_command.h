#ifndef COCO_KEYPROVIDER_CLI_DOCTOR_COMMAND_H_
#define COCO_KEYPROVIDER_CLI_DOCTOR_COMMAND_H_

#include "src/cli/command.h"

namespace coco {

// `coco-keyprovider doctor [--config FILE] [--key PARAMS]... [--json]`: checks the setup that
// makes ocicrypt run this program, and the keys PARAMS name, each with the fix when it fails.
extern const Command kDoctorCommand;

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_DOCTOR_COMMAND_H_
