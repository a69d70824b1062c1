#ifndef COCO_KEYPROVIDER_KBS_ANSWER_SIZE_H_
#define COCO_KEYPROVIDER_KBS_ANSWER_SIZE_H_

#include <cstddef>

namespace coco {

// A KBS answer is small: a challenge, a token, a JWE of a key. The HTTP client refuses more as it
// arrives, and the parsers of answers bound their input by the same.
inline constexpr std::size_t kMaxResponseSize = 1 << 20;

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KBS_ANSWER_SIZE_H_
