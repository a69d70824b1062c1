#include "src/common/printable.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/encodings.h"
#include "rapidjson/memorystream.h"
#include "rapidjson/stringbuffer.h"

namespace coco {

std::string Printable(absl::string_view text, std::size_t max_length) {
  if (text.size() <= max_length) return absl::CHexEscape(text);
  return absl::StrCat(absl::CHexEscape(text.substr(0, max_length)), "...");
}

std::string Shortened(absl::string_view text, std::size_t max_length) {
  if (text.size() <= max_length) return std::string(text);
  std::size_t cut = max_length;
  // Back to the first byte of a character: continuation bytes are 10xxxxxx. At most 3 of them.
  for (int back = 0; back < 3 && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80;
       ++back) {
    --cut;
  }
  return absl::StrCat(text.substr(0, cut), "...");
}

std::string EscapeControlCharacters(absl::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (absl::ascii_iscntrl(static_cast<unsigned char>(c))) {
      out += absl::CHexEscape(absl::string_view(&c, 1));
    } else {
      out += c;
    }
  }
  return out;
}

namespace {

bool IsValidUtf8(absl::string_view text) {
  rapidjson::MemoryStream stream(text.data(), text.size());
  rapidjson::StringBuffer ignored;
  while (stream.Tell() < text.size()) {
    if (!rapidjson::UTF8<>::Validate(stream, ignored)) return false;
  }
  return true;
}

}  // namespace

std::string JsonStringText(absl::string_view text) {
  return IsValidUtf8(text) ? std::string(text) : Printable(text, text.size());
}

}  // namespace coco
