#include "src/keys/key_entries.h"

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "src/common/printable.h"
#include "src/common/status_context.h"
#include "src/keys/key_id.h"
#include "src/wrapping/key_wrap_cipher.h"

namespace coco {
namespace {

// Key ids are not secret, but may come from a hand-edited file: escaped, and long ones kept whole
// enough to recognise.
std::string PrintableId(absl::string_view key_id) { return Printable(key_id, 256); }

}  // namespace

absl::StatusOr<SecretBytes> ReadKek(absl::string_view path, absl::string_view key_id) {
  absl::StatusOr<std::optional<SecretBytes>> entry = ReadKeysFileEntry(path, key_id);
  if (!entry.ok()) return entry.status();
  if (!entry->has_value()) {
    return absl::NotFoundError(absl::StrCat(path, ": key ", PrintableId(key_id), " not found"));
  }
  if (absl::Status size = CheckKekSize((*entry)->size()); !size.ok()) {
    return WithContext(absl::StrCat(path, ": key ", PrintableId(key_id)), size);
  }
  return **std::move(entry);
}

absl::Status AddKek(KeysFile& keys, absl::string_view key_id, SecretBytes kek,
                    ExistingKey existing) {
  if (absl::Status valid = CheckKeyId(key_id); !valid.ok()) return valid;
  if (absl::Status size = CheckKekSize(kek.size()); !size.ok()) {
    return WithContext("the new key", size);
  }
  if (existing == ExistingKey::kKeep && keys.count(std::string(key_id)) > 0) {
    return absl::AlreadyExistsError(absl::StrCat("key ", PrintableId(key_id), " already exists"));
  }
  keys.insert_or_assign(std::string(key_id), std::move(kek));
  return absl::OkStatus();
}

}  // namespace coco
