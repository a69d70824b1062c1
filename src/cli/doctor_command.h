#ifndef COCO_KEYPROVIDER_CLI_DOCTOR_COMMAND_H_
#define COCO_KEYPROVIDER_CLI_DOCTOR_COMMAND_H_

#include "src/cli/command.h"

namespace coco {

// `coco-keyprovider doctor [--config FILE] [--key PARAMS]... [--json]`: checks the setup that
// makes ocicrypt run this program (and the KBS its args name), and the keys PARAMS name, each with
// the fix when it fails. `doctor --kbs URL [--kbs-admin-key PEM] [--kbs-cert PEM]` checks one KBS.
extern const Command kDoctorCommand;

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_DOCTOR_COMMAND_H_
