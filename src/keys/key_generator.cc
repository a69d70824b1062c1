#include "src/keys/key_generator.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/key_sources/fresh_key.h"
#include "src/keys/key_id.h"

namespace coco {

absl::StatusOr<KeysFile> GenerateKeys(absl::string_view repository, int count) {
  if (absl::Status valid = CheckRepository(repository); !valid.ok()) return valid;
  if (count < 1 || count > kMaxGeneratedKeys) {
    return absl::InvalidArgumentError(
        absl::StrCat("the number of keys must be 1..", kMaxGeneratedKeys, ", not ", count));
  }
  KeysFile keys;
  for (int i = 1; i <= count; ++i) {
    absl::StatusOr<SecretBytes> kek = FreshKek();
    if (!kek.ok()) return kek.status();
    keys.emplace(absl::StrCat(repository, "/key/key_id", i), *std::move(kek));
  }
  return keys;
}

}  // namespace coco
