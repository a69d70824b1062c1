#ifndef COCO_KEYPROVIDER_COMMON_JSON_INPUT_H_
#define COCO_KEYPROVIDER_COMMON_JSON_INPUT_H_

#include <cstddef>
#include <optional>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rapidjson/document.h"
#include "rapidjson/reader.h"
#include "src/common/secret_bytes.h"

namespace coco {

// The one way JSON from outside is read: requests, annotation packets, keys files, OCI documents,
// ocicrypt's options and KBS replies. Every parse here refuses a NUL byte (RapidJSON would stop
// there and ignore the rest, where Go and serde refuse the input), refuses more than `max_size`
// bytes before parsing, and is iterative, so deep nesting cannot exhaust the stack. Errors are
// "not valid JSON (<why> at byte N)" or "larger than N bytes" and never contain the input.

enum class Utf8 {
  kAnyBytes,  // As Go's encoding/json reads ocicrypt's requests: bytes are bytes.
  kRequired,  // As the OCI image libraries read their documents: invalid UTF-8 is an error.
};

// Parses a copy of `json` into `document`: for input that holds no secret.
absl::Status ParseJson(absl::string_view json, std::size_t max_size, rapidjson::Document& document,
                       Utf8 utf8 = Utf8::kAnyBytes);

// Spare capacity a buffer needs beyond its contents to be parsed in place without reallocating:
// the terminator, and 15 bytes that RapidJSON's SIMD scan may read past it.
inline constexpr std::size_t kJsonInPlaceSpare = 16;

// Parses `json` in place into `document`, so that decoded strings stay inside the secret buffer
// (which `document` then points into: `json` must outlive it) and are wiped with it. `json` grows
// by kJsonInPlaceSpare zero bytes.
absl::Status ParseJsonInPlace(SecretBytes& json, std::size_t max_size,
                              rapidjson::Document& document);

// The same for a RapidJSON SAX handler, which sees every string as a pointer into `json` and
// builds no document: for large inputs that need one pass only. When the handler stops the parse
// (returns false), the error says so; the handler's own reason is the better one to report.
template <typename Handler>
absl::Status ParseJsonInPlace(SecretBytes& json, std::size_t max_size, Handler& handler);

// A string value as RapidJSON holds it: by its length, so that nothing is cut at a byte it reads as
// the end.
inline absl::string_view StringOf(const rapidjson::Value& string) {
  return absl::string_view(string.GetString(), string.GetStringLength());
}

// The member `name` of `object`; null when it is absent, or when `object` is not an object (hostile
// input puts anything where an object is expected, and RapidJSON asserts on a non-object).
const rapidjson::Value* Member(const rapidjson::Value& object, const char* name);

// The member `name` of `object` when it is a string; nullopt when it is absent or something else,
// or when `object` is not an object.
// The view points into `object`.
std::optional<absl::string_view> StringMember(const rapidjson::Value& object, const char* name);

// Implementation details.
namespace json_input_internal {
absl::StatusOr<char*> CheckAndPad(SecretBytes& json, std::size_t max_size);
absl::Status ParseErrorStatus(rapidjson::ParseResult result);
}  // namespace json_input_internal

template <typename Handler>
absl::Status ParseJsonInPlace(SecretBytes& json, std::size_t max_size, Handler& handler) {
  absl::StatusOr<char*> text = json_input_internal::CheckAndPad(json, max_size);
  if (!text.ok()) return text.status();
  rapidjson::InsituStringStream stream(*text);
  rapidjson::Reader reader;
  return json_input_internal::ParseErrorStatus(
      reader.Parse<rapidjson::kParseInsituFlag | rapidjson::kParseIterativeFlag>(stream, handler));
}

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_JSON_INPUT_H_
