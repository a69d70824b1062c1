#ifndef COCO_KEYPROVIDER_CLI_PROVIDER_COMMAND_H_
#define COCO_KEYPROVIDER_CLI_PROVIDER_COMMAND_H_

#include "absl/status/status.h"
#include "src/cli/command.h"
#include "src/provider/request_handler.h"

namespace coco {

// What ocicrypt runs: the default command, with no name. Its --help is the program's usage.
extern const Command kProviderCommand;

// Reads one request from `streams.in` (at most 1 MiB), writes the reply line to `streams.out` and
// any warnings to `streams.err`. On error nothing is written to `streams.out`.
absl::Status ServeOneRequest(const ProviderSettings& settings, const CommandStreams& streams);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_PROVIDER_COMMAND_H_
