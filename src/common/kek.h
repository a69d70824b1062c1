#ifndef COCO_KEYPROVIDER_COMMON_KEK_H_
#define COCO_KEYPROVIDER_COMMON_KEK_H_

#include <cstddef>

#include "absl/status/status.h"

namespace coco {

// A key-encryption key wraps ocicrypt's per-layer secret with AES-256: always 32 bytes.
inline constexpr std::size_t kKekSize = 32;

// OK for a key of kKekSize bytes; else "N bytes, a key must be exactly 32", for the caller to
// prefix with where the key came from. Never names the key's bytes.
absl::Status CheckKekSize(std::size_t size);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_KEK_H_
