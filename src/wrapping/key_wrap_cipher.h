#ifndef COCO_KEYPROVIDER_WRAPPING_KEY_WRAP_CIPHER_H_
#define COCO_KEYPROVIDER_WRAPPING_KEY_WRAP_CIPHER_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "src/common/kek.h"
#include "src/common/secret_bytes.h"

namespace coco {

// The two `wrap_type`s CoCo guests decrypt.
enum class WrapType {
  kA256Gcm,  // AES-256-GCM, 12-byte IV, no AAD, 16-byte tag appended.
  kA256Ctr,  // AES-256-CTR, 16-byte IV as a 128-bit big-endian counter, no tag.
};

absl::string_view WrapTypeName(WrapType type);
absl::StatusOr<WrapType> ParseWrapType(absl::string_view name);
std::size_t IvSize(WrapType type);

// Encrypts `plaintext` under `kek`; for GCM the tag is appended. `kek` must be kKekSize bytes and
// `iv` IvSize(type) bytes.
absl::StatusOr<std::string> Seal(WrapType type, absl::Span<const uint8_t> kek,
                                 absl::Span<const uint8_t> iv, absl::string_view plaintext);

// The inverse of Seal. GCM fails on a wrong key or any change; CTR cannot tell.
absl::StatusOr<SecretBytes> Open(WrapType type, absl::Span<const uint8_t> kek,
                                 absl::Span<const uint8_t> iv, absl::string_view ciphertext);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_WRAPPING_KEY_WRAP_CIPHER_H_
