#include "src/common/json_in_place.h"

#include "absl/strings/str_cat.h"
#include "rapidjson/error/en.h"

namespace coco {

absl::Status ParseJsonInPlace(SecretBytes& json, rapidjson::Document& document) {
  if (json.view().find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError("not valid JSON (a NUL byte)");
  }
  const std::size_t size = json.size();
  // RapidJSON is built with SSE2: its scans load aligned 16-byte blocks, up to 15 bytes past the
  // terminating NUL. Zeros there keep every load inside the buffer.
  json.resize(size + kJsonInPlaceSpare);
  document.ParseInsitu<rapidjson::kParseIterativeFlag>(reinterpret_cast<char*>(json.data()));
  if (document.HasParseError()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not valid JSON (", rapidjson::GetParseError_En(document.GetParseError()),
                     " at byte ", document.GetErrorOffset(), ")"));
  }
  return absl::OkStatus();
}

}  // namespace coco
