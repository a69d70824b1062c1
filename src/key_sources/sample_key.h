#ifndef COCO_KEYPROVIDER_KEY_SOURCES_SAMPLE_KEY_H_
#define COCO_KEYPROVIDER_KEY_SOURCES_SAMPLE_KEY_H_

#include <cstdint>

#include "absl/types/span.h"
#include "src/key_sources/key_source.h"

namespace coco {

// The public, hard-coded KEK shared by upstream's sample keyprovider and sample_kbc. It protects
// nothing: it exists so test images can be decrypted anywhere.
absl::Span<const uint8_t> SampleKek();

// The kid upstream writes in sample mode.
inline constexpr char kSampleKid[] = "kbs:///default/test-key/1";

// sample=true and sample_kbc: the sample KEK, whatever the resource path.
class SampleKeySource : public KeySource {
 public:
  absl::StatusOr<SecretBytes> FindKek(absl::string_view resource_path) override;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEY_SOURCES_SAMPLE_KEY_H_
