#ifndef COCO_KEYPROVIDER_CLI_INSPECT_COMMAND_H_
#define COCO_KEYPROVIDER_CLI_INSPECT_COMMAND_H_

#include "absl/status/status.h"
#include "absl/types/span.h"

namespace coco {

// `coco-keyprovider inspect [--json] DIR[:TAG] | --manifest FILE`: how an image's layers are
// encrypted and for which keys, offline and without key material. `args` follow "inspect"; the
// report goes to `out_fd`.
absl::Status RunInspectCommand(absl::Span<const char* const> args, int out_fd);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_INSPECT_COMMAND_H_
