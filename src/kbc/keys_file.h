#ifndef COCO_KEYPROVIDER_KBC_KEYS_FILE_H_
#define COCO_KEYPROVIDER_KBC_KEYS_FILE_H_

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "src/common/secret_bytes.h"

namespace coco {

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

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KBC_KEYS_FILE_H_
