#ifndef COCO_KEYPROVIDER_CLI_PROVIDER_COMMAND_H_
#define COCO_KEYPROVIDER_CLI_PROVIDER_COMMAND_H_

#include "absl/status/status.h"
#include "src/provider/request_handler.h"

namespace coco {

// What ocicrypt runs: reads one request from `in_fd` (at most 1 MiB), writes the reply line to
// `out_fd` and any warnings to `err_fd`. On error nothing is written to `out_fd`.
absl::Status ServeOneRequest(const ProviderSettings& settings, int in_fd, int out_fd, int err_fd);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_PROVIDER_COMMAND_H_
