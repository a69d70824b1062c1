#ifndef COCO_KEYPROVIDER_KBC_SAMPLE_KEY_H_
#define COCO_KEYPROVIDER_KBC_SAMPLE_KEY_H_

#include <cstdint>

#include "absl/types/span.h"

namespace coco {

// The public, hard-coded KEK shared by upstream's sample keyprovider and sample_kbc. It protects
// nothing: it exists so test images can be decrypted anywhere.
absl::Span<const uint8_t> SampleKek();

// The kid upstream writes in sample mode.
inline constexpr char kSampleKid[] = "kbs:///default/test-key/1";

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KBC_SAMPLE_KEY_H_
