#ifndef COCO_KEYPROVIDER_CLI_USAGE_ERROR_H_
#define COCO_KEYPROVIDER_CLI_USAGE_ERROR_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace coco {

// Command-line misuse (exit status 2), told apart from a failure of the work itself (exit 1)
// however deep in a command it is found.
absl::Status UsageError(absl::string_view message);
bool IsUsageError(const absl::Status& status);

// `status` with "<context>: " before its message, still a usage error if it was one.
absl::Status WithCommandContext(absl::string_view context, const absl::Status& status);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_USAGE_ERROR_H_
