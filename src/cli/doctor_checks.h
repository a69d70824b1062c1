#ifndef COCO_KEYPROVIDER_CLI_DOCTOR_CHECKS_H_
#define COCO_KEYPROVIDER_CLI_DOCTOR_CHECKS_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "src/cli/doctor_result.h"
#include "src/cli/flags.h"

namespace coco {

struct DoctorInput {
  // --config, else OCICRYPT_KEYPROVIDER_CONFIG; nullopt when neither is given.
  std::optional<std::string> config_path;
  bool config_from_flag = false;
  std::string this_program;         // The running binary, resolved.
  std::vector<std::string> params;  // --key PARAMS, as --encryption-key would pass them.
  // The KBS checks of the entry's "args" (CheckProviderKbs of :doctor_kbs), given by the caller
  // so that these checks do not link the KBS client and libcurl; none when empty.
  std::function<void(const ParsedFlags& args, std::vector<CheckResult>& results)> check_kbs;
};

// The checks of a setup that silently encrypts nothing when wrong, in the order a user fixes
// them: the variable, the file, the entry that runs this program (its name, `cmd` nesting, an
// absolute executable path, args this version parses), then the keys PARAMS name.
std::vector<CheckResult> CheckSetup(const DoctorInput& input);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_DOCTOR_CHECKS_H_
