#ifndef COCO_KEYPROVIDER_WRAPPING_WRAP_TYPE_H_
#define COCO_KEYPROVIDER_WRAPPING_WRAP_TYPE_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace coco {

// The two `wrap_type`s CoCo guests decrypt. Naming one needs no crypto: only packet_crypto seals
// and opens.
enum class WrapType {
  kA256Gcm,  // AES-256-GCM, 12-byte IV, no AAD, 16-byte tag appended.
  kA256Ctr,  // AES-256-CTR, 16-byte IV as a 128-bit big-endian counter, no tag.
};

absl::string_view WrapTypeName(WrapType type);
absl::StatusOr<WrapType> ParseWrapType(absl::string_view name);
std::size_t IvSize(WrapType type);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_WRAPPING_WRAP_TYPE_H_
