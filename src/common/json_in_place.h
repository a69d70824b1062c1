#ifndef COCO_KEYPROVIDER_COMMON_JSON_IN_PLACE_H_
#define COCO_KEYPROVIDER_COMMON_JSON_IN_PLACE_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "rapidjson/document.h"
#include "rapidjson/reader.h"
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

// The same for a RapidJSON SAX handler, which sees every string as a pointer into `json` and
// builds no document: for large inputs that need one pass only. When the handler stops the parse
// (returns false), the error says so; the handler's own reason is the better one to report.
template <typename Handler>
absl::Status ParseJsonInPlace(SecretBytes& json, Handler& handler);

// Implementation details.
namespace json_in_place_internal {
absl::StatusOr<char*> TerminateAndPad(SecretBytes& json);
absl::Status ParseErrorStatus(rapidjson::ParseResult result);
}  // namespace json_in_place_internal

template <typename Handler>
absl::Status ParseJsonInPlace(SecretBytes& json, Handler& handler) {
  absl::StatusOr<char*> text = json_in_place_internal::TerminateAndPad(json);
  if (!text.ok()) return text.status();
  rapidjson::InsituStringStream stream(*text);
  rapidjson::Reader reader;
  return json_in_place_internal::ParseErrorStatus(
      reader.Parse<rapidjson::kParseInsituFlag | rapidjson::kParseIterativeFlag>(stream, handler));
}

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_JSON_IN_PLACE_H_
