#ifndef COCO_KEYPROVIDER_INSPECT_REPORT_FORMAT_H_
#define COCO_KEYPROVIDER_INSPECT_REPORT_FORMAT_H_

#include <string>

#include "absl/types/span.h"
#include "src/inspect/image_report.h"

namespace coco {

// For people: a block per image, an indented block per layer. Text from the image is shown with
// control characters escaped, so an image cannot drive the terminal.
std::string FormatReportText(absl::Span<const ImageReport> images);

// For scripts: one JSON document, {"images": [{"digest", "media_type", "platform", "layers": [{
// "digest", "size", "media_type", "encrypted", "cipher" (null when absent), "cipher_error" (only
// on error), "provider_keys": [{"provider", "kid", "wrap_type", "iv_length",
// "wrapped_data_length"} or {"provider", "error"}], "other_recipients"}]}]}.
std::string FormatReportJson(absl::Span<const ImageReport> images);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_INSPECT_REPORT_FORMAT_H_
