#ifndef COCO_KEYPROVIDER_IMAGE_CRYPT_VERIFY_REPORT_H_
#define COCO_KEYPROVIDER_IMAGE_CRYPT_VERIFY_REPORT_H_

#include <string>

#include "absl/types/span.h"
#include "src/image_crypt/image_transform.h"

namespace coco {

// What verify found, for people: per image, what stays in plaintext (the config's ENV and label
// names, its history and diff_ids; values are not repeated, as they may hold secrets of their own),
// then a line per layer. Text from the image has its control characters escaped.
std::string FormatVerificationText(absl::Span<const VerifiedImage> images);

// The same for scripts: {"images": [{"digest", "platform", "config": {"digest", "env", "labels",
// "history_entries", "diff_ids"}, "layers": [{"digest", "media_type", "encrypted", "kid",
// "wrap_type", "verified", "foreign"}]}]}; kid, wrap_type and verified are null for a layer that is
// not encrypted.
std::string FormatVerificationJson(absl::Span<const VerifiedImage> images);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_IMAGE_CRYPT_VERIFY_REPORT_H_
