#ifndef COCO_KEYPROVIDER_OCI_ENCRYPTION_ANNOTATIONS_H_
#define COCO_KEYPROVIDER_OCI_ENCRYPTION_ANNOTATIONS_H_

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace coco {

// How ocicrypt marks an encrypted layer's descriptor: its media type and annotations.
inline constexpr absl::string_view kEncryptedMediaTypeSuffix = "+encrypted";
// What containers/image strips from a layer it decrypts: every annotation with this prefix.
inline constexpr absl::string_view kEncryptionAnnotationPrefix = "org.opencontainers.image.enc";
// One annotation per scheme holding the layer key: ...keys.jwe, ...keys.provider.<NAME>, ...
inline constexpr absl::string_view kKeysAnnotationPrefix = "org.opencontainers.image.enc.keys.";
inline constexpr absl::string_view kKeyProviderAnnotationPrefix =
    "org.opencontainers.image.enc.keys.provider.";
inline constexpr absl::string_view kPublicOptionsAnnotation =
    "org.opencontainers.image.enc.pubopts";

inline bool IsEncryptedMediaType(absl::string_view media_type) {
  return absl::EndsWith(media_type, kEncryptedMediaTypeSuffix);
}

}  // namespace coco

#endif  // COCO_KEYPROVIDER_OCI_ENCRYPTION_ANNOTATIONS_H_
