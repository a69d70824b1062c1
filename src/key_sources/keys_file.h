#ifndef COCO_KEYPROVIDER_KEY_SOURCES_KEYS_FILE_H_
#define COCO_KEYPROVIDER_KEY_SOURCES_KEYS_FILE_H_

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"

namespace coco {

// Far above any real keys file (a thousand keys take about 80 KB).
inline constexpr std::size_t kMaxKeysFileSize = 16 << 20;

// An offline_fs_kbc keys file: {"<repository>/<type>/<tag>": "<base64 bytes>", ...}.
using KeysFile = std::map<std::string, SecretBytes>;

// Parses (in place, consuming `json`) and decodes every entry, as the Attestation Agent does:
// any entry that is not a base64 string makes the whole file an error. A later duplicate wins.
// Errors name the entry, never its value.
absl::StatusOr<KeysFile> ParseKeysFile(SecretBytes json);

// Reads and parses the keys file at `path`; errors start with the path.
absl::StatusOr<KeysFile> ReadKeysFile(absl::string_view path);

// Just the entry `id` (the later one if repeated), or nullopt when there is none. Every entry is
// still checked as ParseKeysFile checks it, but only this one is kept: the unwrap path of a large
// keys file.
absl::StatusOr<std::optional<SecretBytes>> ParseKeysFileEntry(SecretBytes json,
                                                              absl::string_view id);
absl::StatusOr<std::optional<SecretBytes>> ReadKeysFileEntry(absl::string_view path,
                                                             absl::string_view id);

// A key id for an error message: not secret, but it may come from a hand-edited file, so escaped,
// and a long one kept whole enough to recognise.
std::string PrintableKeyId(absl::string_view key_id);

// The key-encryption key stored under `key_id` in the keys file at `path`, looked up as the
// decrypting side does (every entry checked, only this one kept): NotFound when there is none, an
// error when the entry is not exactly 32 bytes (a resources file may hold other things). Errors
// start with the path and name the id, never a value.
absl::StatusOr<SecretBytes> ReadKek(absl::string_view path, absl::string_view key_id);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEY_SOURCES_KEYS_FILE_H_
