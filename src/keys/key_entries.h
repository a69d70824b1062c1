#ifndef COCO_KEYPROVIDER_KEYS_KEY_ENTRIES_H_
#define COCO_KEYPROVIDER_KEYS_KEY_ENTRIES_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"
#include "src/kbc/keys_file.h"

namespace coco {

// The key-encryption key stored under `key_id` in the keys file at `path`, looked up as the
// decrypting side does (every entry checked, only this one kept): NotFound when there is none, an
// error when the entry is not exactly 32 bytes (a resources file may hold other things). Errors
// start with the path and name the id, never a value.
absl::StatusOr<SecretBytes> ReadKek(absl::string_view path, absl::string_view key_id);

enum class ExistingKey { kKeep, kReplace };

// Stores the 32-byte `kek` under `key_id` (see CheckKeyId), leaving every other entry as it was.
// With kKeep an existing entry for `key_id` is an error (AlreadyExists).
absl::Status AddKek(KeysFile& keys, absl::string_view key_id, SecretBytes kek,
                    ExistingKey existing);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEYS_KEY_ENTRIES_H_
