// The annotation packet parser: its input travels with images from registries.
#include <cstddef>
#include <cstdint>

#include "src/wrapping/annotation_packet.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<coco::AnnotationPacket> packet =
      coco::ParseAnnotationPacket(absl::string_view(reinterpret_cast<const char*>(data), size));
  // Whatever parses must serialize and parse back to the same packet.
  if (packet.ok()) {
    absl::StatusOr<coco::AnnotationPacket> again =
        coco::ParseAnnotationPacket(coco::SerializeAnnotationPacket(*packet));
    if (!again.ok() || again->kid != packet->kid || again->iv != packet->iv ||
        again->wrapped_data != packet->wrapped_data || again->wrap_type != packet->wrap_type) {
      __builtin_trap();
    }
  }
  return 0;
}
