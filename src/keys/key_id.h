#ifndef COCO_KEYPROVIDER_KEYS_KEY_ID_H_
#define COCO_KEYPROVIDER_KEYS_KEY_ID_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace coco {

// OK when `key_id` can name a key in a keys file and be reached from a kid: exactly
// <repository>/<type>/<tag>, three non-empty segments of characters a URI path keeps verbatim, so
// kbs:///<key_id> is a kid CoCo guests parse and look up under this very id.
absl::Status CheckKeyId(absl::string_view key_id);

// OK when `repository` can be the first segment of a key id.
absl::Status CheckRepository(absl::string_view repository);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEYS_KEY_ID_H_
