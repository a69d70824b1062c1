#ifndef COCO_KEYPROVIDER_INSPECT_IMAGE_REPORT_H_
#define COCO_KEYPROVIDER_INSPECT_IMAGE_REPORT_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "src/oci/documents.h"
#include "src/oci/layout.h"

namespace coco {

// One wrapped copy of a layer's key in a keyprovider annotation: what its packet says about it,
// never its bytes (wrapped data, IV).
struct ProviderKeyReport {
  std::string provider;  // NAME of org.opencontainers.image.enc.keys.provider.<NAME>.
  std::string kid;
  std::string wrap_type;
  std::size_t iv_length = 0;
  std::size_t wrapped_data_length = 0;
  std::string error;  // Why the packet could not be read; then only `provider` is set.
};

struct LayerReport {
  std::string digest;
  int64_t size = 0;
  std::string media_type;
  bool encrypted = false;  // The media type ends in +encrypted.
  // From org.opencontainers.image.enc.pubopts (never its HMAC); both empty when it is absent.
  std::string cipher;
  std::string cipher_error;
  std::vector<ProviderKeyReport> provider_keys;
  // Other schemes holding the layer key (org.opencontainers.image.enc.keys.<scheme>): "jwe", ...
  std::vector<std::string> other_recipients;
};

struct ImageReport {
  std::string digest;
  std::string media_type;
  std::string platform;
  std::vector<LayerReport> layers;
};

// What `layer`'s media type and encryption annotations say. An annotation that cannot be read is
// reported in the layer, not as an error: the image is what it is.
LayerReport DescribeLayer(const Descriptor& layer);

ImageReport DescribeImage(const LocatedManifest& image);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_INSPECT_IMAGE_REPORT_H_
