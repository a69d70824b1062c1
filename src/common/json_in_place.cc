#include "src/common/json_in_place.h"

#include "absl/strings/str_cat.h"
#include "rapidjson/error/en.h"

namespace coco {
namespace json_in_place_internal {

absl::StatusOr<char*> TerminateAndPad(SecretBytes& json) {
  if (json.view().find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError("not valid JSON (a NUL byte)");
  }
  // RapidJSON is built with SSE2: its scans load aligned 16-byte blocks, up to 15 bytes past the
  // terminating NUL. Zeros there keep every load inside the buffer.
  json.resize(json.size() + kJsonInPlaceSpare);
  return reinterpret_cast<char*>(json.data());
}

absl::Status ParseErrorStatus(rapidjson::ParseResult result) {
  if (!result.IsError()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("not valid JSON (",
                                                 rapidjson::GetParseError_En(result.Code()),
                                                 " at byte ", result.Offset(), ")"));
}

}  // namespace json_in_place_internal

absl::Status ParseJsonInPlace(SecretBytes& json, rapidjson::Document& document) {
  absl::StatusOr<char*> text = json_in_place_internal::TerminateAndPad(json);
  if (!text.ok()) return text.status();
  document.ParseInsitu<rapidjson::kParseIterativeFlag>(*text);
  return json_in_place_internal::ParseErrorStatus(document);
}

}  // namespace coco
