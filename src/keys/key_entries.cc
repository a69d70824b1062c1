#include "src/keys/key_entries.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "src/common/kek.h"
#include "src/common/status_context.h"
#include "src/keys/key_id.h"

namespace coco {

absl::Status AddKek(KeysFile& keys, absl::string_view key_id, SecretBytes kek,
                    ExistingKey existing) {
  if (absl::Status valid = CheckKeyId(key_id); !valid.ok()) return valid;
  if (absl::Status size = CheckKekSize(kek.size()); !size.ok()) {
    return WithContext("the new key", size);
  }
  if (existing == ExistingKey::kKeep && keys.count(std::string(key_id)) > 0) {
    return absl::AlreadyExistsError(
        absl::StrCat("key ", PrintableKeyId(key_id), " already exists"));
  }
  keys.insert_or_assign(std::string(key_id), std::move(kek));
  return absl::OkStatus();
}

}  // namespace coco
