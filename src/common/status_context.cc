#include "src/common/status_context.h"

#include "absl/strings/str_cat.h"

namespace coco {

absl::Status WithContext(absl::string_view context, const absl::Status& status) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat(context, ": ", status.message()));
}

}  // namespace coco
