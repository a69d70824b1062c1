#ifndef COCO_KEYPROVIDER_KEYS_KEY_GENERATOR_H_
#define COCO_KEYPROVIDER_KEYS_KEY_GENERATOR_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"
#include "src/key_sources/keys_file.h"

namespace coco {

// Far more keys than one registry needs; the file stays under ReadKeysFile's size limit.
inline constexpr int kMaxGeneratedKeys = 100000;

// `count` fresh KEKs named <repository>/key/key_id1 .. key_id<count>, as upstream's
// generate_keys.sh names them. `count` must be 1..kMaxGeneratedKeys.
absl::StatusOr<KeysFile> GenerateKeys(absl::string_view repository, int count);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEYS_KEY_GENERATOR_H_
