#ifndef COCO_KEYPROVIDER_KEYS_KEY_ENTRIES_H_
#define COCO_KEYPROVIDER_KEYS_KEY_ENTRIES_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"
#include "src/key_sources/keys_file.h"

namespace coco {

enum class ExistingKey { kKeep, kReplace };

// Stores the 32-byte `kek` under `key_id` (see CheckKeyId), leaving every other entry as it was.
// With kKeep an existing entry for `key_id` is an error (AlreadyExists).
absl::Status AddKek(KeysFile& keys, absl::string_view key_id, SecretBytes kek,
                    ExistingKey existing);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEYS_KEY_ENTRIES_H_
