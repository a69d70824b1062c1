#include "src/common/kek.h"

#include "absl/strings/str_cat.h"

namespace coco {

absl::Status CheckKekSize(std::size_t size) {
  if (size == kKekSize) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(size, " bytes, a key must be exactly ", kKekSize));
}

}  // namespace coco
