#include "src/kbs/canonical_json.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "src/common/json_input.h"

namespace coco {
namespace {

constexpr int64_t kLargestExactInteger = int64_t{1} << 53;

// The UTF-16 code units of a UTF-8 string, for ordering member names as RFC 8785 §3.2.3 asks.
// A byte that starts no valid sequence counts as one unit of its own value.
std::u16string Utf16Of(absl::string_view utf8) {
  std::u16string out;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const unsigned char lead = static_cast<unsigned char>(utf8[i]);
    std::size_t length = lead < 0x80           ? 1
                         : (lead >> 5) == 0x06 ? 2
                         : (lead >> 4) == 0x0E ? 3
                         : (lead >> 3) == 0x1E ? 4
                                               : 1;
    if (i + length > utf8.size()) length = 1;
    uint32_t code = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      code = (code << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
    }
    if (code >= 0x10000) {
      code -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (code >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (code & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(code));
    }
    i += length;
  }
  return out;
}

void AppendString(absl::string_view text, std::string& out) {
  out.push_back('"');
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(&out, "\\u%04x", static_cast<unsigned char>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

absl::Status Append(const rapidjson::Value& value, std::string& out);

absl::Status AppendObject(const rapidjson::Value& object, std::string& out) {
  std::vector<const rapidjson::Value::Member*> members;
  for (const auto& member : object.GetObject()) members.push_back(&member);
  std::sort(members.begin(), members.end(), [](const auto* a, const auto* b) {
    return Utf16Of(StringOf(a->name)) < Utf16Of(StringOf(b->name));
  });
  out.push_back('{');
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out.push_back(',');
    AppendString(StringOf(members[i]->name), out);
    out.push_back(':');
    if (absl::Status s = Append(members[i]->value, out); !s.ok()) return s;
  }
  out.push_back('}');
  return absl::OkStatus();
}

absl::Status Append(const rapidjson::Value& value, std::string& out) {
  if (value.IsObject()) return AppendObject(value, out);
  if (value.IsArray()) {
    out.push_back('[');
    bool first = true;
    for (const rapidjson::Value& element : value.GetArray()) {
      if (!first) out.push_back(',');
      first = false;
      if (absl::Status s = Append(element, out); !s.ok()) return s;
    }
    out.push_back(']');
    return absl::OkStatus();
  }
  if (value.IsString()) {
    AppendString(StringOf(value), out);
    return absl::OkStatus();
  }
  if (value.IsBool()) {
    out += value.GetBool() ? "true" : "false";
    return absl::OkStatus();
  }
  if (value.IsNull()) {
    out += "null";
    return absl::OkStatus();
  }
  if (value.IsInt64() && value.GetInt64() <= kLargestExactInteger &&
      value.GetInt64() >= -kLargestExactInteger) {
    absl::StrAppend(&out, value.GetInt64());
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError("a number canonical JSON is not written for here");
}

}  // namespace

absl::StatusOr<std::string> CanonicalJson(const rapidjson::Value& value) {
  std::string out;
  if (absl::Status s = Append(value, out); !s.ok()) return s;
  return out;
}

}  // namespace coco
