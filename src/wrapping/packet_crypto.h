#ifndef COCO_KEYPROVIDER_WRAPPING_PACKET_CRYPTO_H_
#define COCO_KEYPROVIDER_WRAPPING_PACKET_CRYPTO_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "src/common/secret_bytes.h"
#include "src/wrapping/annotation_packet.h"
#include "src/wrapping/key_wrap_cipher.h"

namespace coco {

enum class PacketIv {
  kRandom,   // A fresh IV from BoringSSL's random generator: every real wrap.
  kAllZero,  // Upstream's sample mode, reproduced byte for byte (sample_kbc opens it).
};

// Seals ocicrypt's per-layer secret `optsdata` under the 32-byte `kek` into the annotation packet
// keywrap returns: {"kid","wrapped_data","iv","wrap_type"}, compact.
absl::StatusOr<std::string> SealPacket(WrapType type, absl::Span<const uint8_t> kek,
                                       absl::string_view kid, absl::string_view optsdata,
                                       PacketIv iv = PacketIv::kRandom);

// The per-layer secret inside `packet`. GCM fails on a wrong key or any change (PermissionDenied).
// CTR has no tag, so its result must be ocicrypt's key options JSON, or it is refused as a wrong
// key: garbage must never reach ocicrypt as a layer key.
absl::StatusOr<SecretBytes> OpenPacket(const AnnotationPacket& packet,
                                       absl::Span<const uint8_t> kek);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_WRAPPING_PACKET_CRYPTO_H_
