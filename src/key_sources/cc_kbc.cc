#include "src/key_sources/cc_kbc.h"

#include "absl/strings/str_cat.h"
#include "src/common/kek.h"
#include "src/common/status_context.h"

namespace coco {

absl::StatusOr<SecretBytes> CcKbc::FindKek(absl::string_view resource_path) {
  absl::StatusOr<SecretBytes> kek = client_.Get(resource_path);
  if (!kek.ok()) return kek;
  if (absl::Status size = CheckKekSize(kek->size()); !size.ok()) {
    return WithContext(absl::StrCat("KBS ", origin_, ": resource ", resource_path), size);
  }
  return kek;
}

}  // namespace coco
