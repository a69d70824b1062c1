#ifndef COCO_KEYPROVIDER_WRAPPING_ANNOTATION_PACKET_H_
#define COCO_KEYPROVIDER_WRAPPING_ANNOTATION_PACKET_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/wrapping/wrap_type.h"

namespace coco {

// What keywrap returns and CoCo guests read back from the layer annotation.
struct AnnotationPacket {
  std::string kid;
  std::string wrapped_data;  // Raw bytes (base64 only inside the JSON).
  std::string iv;            // Raw bytes, IvSize(wrap_type) long.
  WrapType wrap_type = WrapType::kA256Gcm;
};

// Exactly {"kid","wrapped_data","iv","wrap_type"}, compact, in that order, as upstream emits it.
std::string SerializeAnnotationPacket(const AnnotationPacket& packet);

// Accepts what current CoCo guests accept: the four fields plus optional `version`, `provider`
// (only "kbs"), `provider_settings` and `annotations`; other fields are ignored. Refuses an unknown
// wrap_type and an IV of the wrong length.
absl::StatusOr<AnnotationPacket> ParseAnnotationPacket(absl::string_view json);

// Far above a real packet (about 300 bytes), and within what one ocicrypt request can carry.
inline constexpr std::size_t kMaxPacketSize = 1 << 20;

// The packets of a layer's keyprovider annotation as a manifest carries it: ocicrypt joins the
// base64 of one packet per recipient with ','. Each is parsed or says why not.
std::vector<absl::StatusOr<AnnotationPacket>> DecodeAnnotationPackets(absl::string_view annotation);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_WRAPPING_ANNOTATION_PACKET_H_
