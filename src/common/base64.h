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

// Decodes many values as DecodeBase64 does, reusing its buffers: checking the thousand entries of a
// large keys file then costs no allocation each. The buffers are wiped when it is destroyed.
class Base64Decoder {
 public:
  Base64Decoder() = default;
  ~Base64Decoder();
  Base64Decoder(const Base64Decoder&) = delete;
  Base64Decoder& operator=(const Base64Decoder&) = delete;

  // The decoded bytes, valid until the next call.
  absl::StatusOr<absl::string_view> Decode(absl::string_view encoded);

 private:
  std::string decoded_;
  std::string last_group_;
};

std::string EncodeBase64(absl::string_view bytes);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_BASE64_H_
