#include "src/common/json_input.h"

#include "absl/strings/str_cat.h"
#include "rapidjson/error/en.h"

namespace coco {
namespace {

absl::Status CheckInput(absl::string_view json, std::size_t max_size) {
  if (json.size() > max_size) {
    return absl::InvalidArgumentError(absl::StrCat("larger than ", max_size, " bytes"));
  }
  if (json.find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError("not valid JSON (a NUL byte)");
  }
  return absl::OkStatus();
}

}  // namespace

const rapidjson::Value* Member(const rapidjson::Value& object, const char* name) {
  if (!object.IsObject()) return nullptr;
  auto member = object.FindMember(name);
  return member == object.MemberEnd() ? nullptr : &member->value;
}

std::optional<absl::string_view> StringMember(const rapidjson::Value& object, const char* name) {
  const rapidjson::Value* member = Member(object, name);
  if (member == nullptr || !member->IsString()) return std::nullopt;
  return StringOf(*member);
}

namespace json_input_internal {

absl::StatusOr<char*> CheckAndPad(SecretBytes& json, std::size_t max_size) {
  if (absl::Status input = CheckInput(json.view(), max_size); !input.ok()) return input;
  // RapidJSON is built with SSE2: its in-place scans load aligned 16-byte blocks, up to 15 bytes
  // past the terminating NUL. Zeros there keep every load inside the buffer.
  json.resize(json.size() + kJsonInPlaceSpare);
  return reinterpret_cast<char*>(json.data());
}

absl::Status ParseErrorStatus(rapidjson::ParseResult result) {
  if (!result.IsError()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("not valid JSON (",
                                                 rapidjson::GetParseError_En(result.Code()),
                                                 " at byte ", result.Offset(), ")"));
}

}  // namespace json_input_internal

absl::Status ParseJson(absl::string_view json, std::size_t max_size, rapidjson::Document& document,
                       Utf8 utf8) {
  if (absl::Status input = CheckInput(json, max_size); !input.ok()) return input;
  // Parse(data, size) reads through a memory stream, which RapidJSON never scans with SIMD: no
  // padding is needed.
  if (utf8 == Utf8::kRequired) {
    document.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(
        json.data(), json.size());
  } else {
    document.Parse<rapidjson::kParseIterativeFlag>(json.data(), json.size());
  }
  return json_input_internal::ParseErrorStatus(document);
}

absl::Status ParseJsonInPlace(SecretBytes& json, std::size_t max_size,
                              rapidjson::Document& document) {
  absl::StatusOr<char*> text = json_input_internal::CheckAndPad(json, max_size);
  if (!text.ok()) return text.status();
  document.ParseInsitu<rapidjson::kParseIterativeFlag>(*text);
  return json_input_internal::ParseErrorStatus(document);
}

}  // namespace coco
