#ifndef COCO_KEYPROVIDER_COMMON_JSON_IN_PLACE_H_
#define COCO_KEYPROVIDER_COMMON_JSON_IN_PLACE_H_

#include "absl/status/status.h"
#include "rapidjson/document.h"
#include "src/common/secret_bytes.h"

namespace coco {

// Spare capacity a buffer needs beyond its contents to be parsed in place without reallocating:
// the terminator, and 15 bytes that RapidJSON's SIMD scan may read past it.
inline constexpr std::size_t kJsonInPlaceSpare = 16;

// Parses `json` in place into `document`, so that decoded strings stay inside the secret buffer
// (which `document` then points into: `json` must outlive it) and are wiped with it. Iterative, so
// deep nesting cannot exhaust the stack. A NUL byte is an error: RapidJSON would stop there and
// ignore the rest, where Go and serde refuse the input. `json` grows by kJsonInPlaceSpare zero
// bytes. Errors never contain the input.
absl::Status ParseJsonInPlace(SecretBytes& json, rapidjson::Document& document);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_JSON_IN_PLACE_H_
