#ifndef COCO_KEYPROVIDER_CLI_DOCTOR_CHECKS_H_
#define COCO_KEYPROVIDER_CLI_DOCTOR_CHECKS_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace coco {

// One check of `doctor`: what was checked, whether it holds, what was seen, and for a failure
// what to change. Never key material.
struct CheckResult {
  std::string check;
  bool ok = false;
  std::string detail;
  std::string fix;
};

struct DoctorInput {
  // --config, else OCICRYPT_KEYPROVIDER_CONFIG; nullopt when neither is given.
  std::optional<std::string> config_path;
  bool config_from_flag = false;
  std::string this_program;         // The running binary, resolved.
  std::vector<std::string> params;  // --key PARAMS, as --encryption-key would pass them.
};

// The checks of a setup that silently encrypts nothing when wrong, in the order a user fixes
// them: the variable, the file, the entry that runs this program (its name, `cmd` nesting, an
// absolute executable path, args this version parses), then the keys PARAMS name.
std::vector<CheckResult> CheckSetup(const DoctorInput& input);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_DOCTOR_CHECKS_H_
