#ifndef COCO_KEYPROVIDER_WRAPPING_KEY_WRAP_CIPHER_H_
#define COCO_KEYPROVIDER_WRAPPING_KEY_WRAP_CIPHER_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "src/common/kek.h"
#include "src/common/secret_bytes.h"
#include "src/wrapping/wrap_type.h"

namespace coco {

// Encrypts `plaintext` under `kek`; for GCM the tag is appended. `kek` must be kKekSize bytes and
// `iv` IvSize(type) bytes.
absl::StatusOr<std::string> Seal(WrapType type, absl::Span<const uint8_t> kek,
                                 absl::Span<const uint8_t> iv, absl::string_view plaintext);

// The inverse of Seal. GCM fails on a wrong key or any change; CTR cannot tell.
absl::StatusOr<SecretBytes> Open(WrapType type, absl::Span<const uint8_t> kek,
                                 absl::Span<const uint8_t> iv, absl::string_view ciphertext);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_WRAPPING_KEY_WRAP_CIPHER_H_
