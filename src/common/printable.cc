#include "src/common/printable.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace coco {

std::string Printable(absl::string_view text, std::size_t max_length) {
  if (text.size() <= max_length) return absl::CHexEscape(text);
  return absl::StrCat(absl::CHexEscape(text.substr(0, max_length)), "...");
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

}  // namespace coco
