#ifndef COCO_KEYPROVIDER_CLI_PROVIDER_COMMAND_H_
#define COCO_KEYPROVIDER_CLI_PROVIDER_COMMAND_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "src/cli/flags.h"
#include "src/provider/request_handler.h"

namespace coco {

// The flags ocicrypt.conf can pass through "args".
absl::Span<const Flag> ProviderFlags();

// The environment variables the Attestation Agent reads, which we honour the same way.
struct ProviderEnvironment {
  std::optional<std::string> aa_kbc_params;              // AA_KBC_PARAMS
  std::optional<std::string> offline_fs_kbc_extra_files;  // OFFLINE_FS_KBC_EXTRA_FILE_PATH
};

ProviderEnvironment ReadProviderEnvironment();

// Settings from the flags and the environment. Errors are command-line misuse.
absl::StatusOr<ProviderSettings> ProviderSettingsFrom(const ParsedFlags& flags,
                                                      const ProviderEnvironment& environment);

// Reads one request from `in_fd` (at most 1 MiB), writes the reply line to `out_fd` and any
// warnings to `err_fd`. On error nothing is written to `out_fd`.
absl::Status ServeOneRequest(const ProviderSettings& settings, int in_fd, int out_fd, int err_fd);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_PROVIDER_COMMAND_H_
