#ifndef COCO_KEYPROVIDER_CLI_PROVIDER_SETTINGS_H_
#define COCO_KEYPROVIDER_CLI_PROVIDER_SETTINGS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "src/cli/flags.h"
#include "src/provider/request_handler.h"

namespace coco {

// The flags ocicrypt.conf can pass through "args".
absl::Span<const Flag> ProviderFlags();

// The environment variables the Attestation Agent reads, which we honour the same way.
struct ProviderEnvironment {
  std::optional<std::string> aa_kbc_params;               // AA_KBC_PARAMS
  std::optional<std::string> offline_fs_kbc_extra_files;  // OFFLINE_FS_KBC_EXTRA_FILE_PATH
};

ProviderEnvironment ReadProviderEnvironment();

// Settings from the flags and the environment. Errors are command-line misuse. The environment is
// only stored here: a variable that does not fit is an error when, and only if, it is used.
absl::StatusOr<ProviderSettings> ProviderSettingsFrom(const ParsedFlags& flags,
                                                      const ProviderEnvironment& environment);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_PROVIDER_SETTINGS_H_
