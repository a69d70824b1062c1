#ifndef COCO_KEYPROVIDER_CLI_KEYS_COMMAND_H_
#define COCO_KEYPROVIDER_CLI_KEYS_COMMAND_H_

#include "absl/status/status.h"
#include "absl/types/span.h"

namespace coco {

// `coco-keyprovider keys generate|export|add ...`: offline_fs_kbc keys files, without jq. `args`
// follow the word "keys"; only `keys generate --out -` writes to `out_fd` (and --help).
absl::Status RunKeysCommand(absl::Span<const char* const> args, int out_fd);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_KEYS_COMMAND_H_
