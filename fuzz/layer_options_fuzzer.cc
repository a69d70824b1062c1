// ocicrypt's layer options as they arrive: the private options a key source unwrapped (from a
// packet anyone may have made) and the public options of a layer annotation.
#include <cstddef>
#include <cstdint>

#include "src/common/secret_bytes.h"
#include "src/image_crypt/layer_options.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  // Whatever parses must format and parse back to the same options.
  if (absl::StatusOr<coco::LayerSecret> secret = coco::ParseLayerSecret(coco::SecretBytes(input));
      secret.ok()) {
    absl::StatusOr<coco::LayerSecret> again =
        coco::ParseLayerSecret(coco::FormatLayerSecret(*secret));
    if (!again.ok() || again->symkey.view() != secret->symkey.view() ||
        again->nonce.view() != secret->nonce.view() || again->digest != secret->digest) {
      __builtin_trap();
    }
  }
  if (absl::StatusOr<coco::PublicOptions> options = coco::ParsePublicOptions(input); options.ok()) {
    absl::StatusOr<coco::PublicOptions> again =
        coco::ParsePublicOptions(coco::FormatPublicOptions(options->hmac));
    if (!again.ok() || again->hmac != options->hmac) __builtin_trap();
  }
  return 0;
}
