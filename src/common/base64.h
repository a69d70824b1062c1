#ifndef COCO_KEYPROVIDER_COMMON_BASE64_H_
#define COCO_KEYPROVIDER_COMMON_BASE64_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"

namespace coco {

// RFC 4648 standard alphabet, padded, canonical: the only form Go's json, serde's base64 and the
// CoCo guests all read back identically. The error never contains the input.
absl::StatusOr<SecretBytes> DecodeBase64(absl::string_view encoded);

std::string EncodeBase64(absl::string_view bytes);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_BASE64_H_
