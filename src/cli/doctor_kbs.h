#ifndef COCO_KEYPROVIDER_CLI_DOCTOR_KBS_H_
#define COCO_KEYPROVIDER_CLI_DOCTOR_KBS_H_

#include <optional>
#include <string>
#include <vector>

#include "src/cli/doctor_result.h"
#include "src/cli/flags.h"
#include "src/cli/provider_settings.h"

namespace coco {

// doctor's wait for a KBS without --kbs-timeout. Short, unlike a registration's 30 s: doctor runs
// by hand, and a KBS that takes longer to say 401 is a problem worth a line.
inline constexpr int kDoctorKbsTimeoutSeconds = 10;

// The KBS doctor checks and what it is reached with: the flags' values as given, unchecked.
struct KbsCheckInput {
  std::string url;                              // --kbs
  std::optional<std::string> admin_key_file;    // --kbs-admin-key
  std::optional<std::string> certificate_file;  // --kbs-cert
  std::optional<std::string> timeout;           // --kbs-timeout
  // Why the provider would refuse these flags (its --kbs registers keys, so it needs an admin key);
  // nullopt for doctor's own --kbs (a KBS that cc_kbc or kbs get reach), which needs none.
  std::optional<KbsFlagMisuse> provider_refusal;
};

// The input from flags named as the provider's: nullopt without --kbs. `of_provider`: they are a
// provider entry's "args", held to its rules.
std::optional<KbsCheckInput> KbsCheckInputFrom(const ParsedFlags& flags, bool of_provider);

// The admin key (absolute, private, an Ed25519 PKCS#8 PEM), the --kbs-cert file (PEM
// certificates), whether the connection is protected (https, or http on loopback only), whether
// the KBS's certificate verifies, and whether a KBS answers there: one GET without credentials
// that reads and writes nothing. Nothing of the key, and of the KBS's answer only its status and
// ErrorInformation, escaped and bounded.
std::vector<CheckResult> CheckKbs(const KbsCheckInput& input);

// The KBS checks of a provider entry's "args": CheckKbs when they name --kbs; else a failure when
// they give what only --kbs uses without it (the provider then refuses every call), or the
// --kbs-cert file's check when they give one for cc_kbc.
void CheckProviderKbs(const ParsedFlags& args, std::vector<CheckResult>& results);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_DOCTOR_KBS_H_
