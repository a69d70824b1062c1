#ifndef COCO_KEYPROVIDER_COMMON_STATUS_CONTEXT_H_
#define COCO_KEYPROVIDER_COMMON_STATUS_CONTEXT_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace coco {

// `status` with "<context>: " before its message, so the one error line reads from the outermost
// step to the cause: "keywrap: keypath /k: No such file or directory".
absl::Status WithContext(absl::string_view context, const absl::Status& status);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_STATUS_CONTEXT_H_
