#include "src/common/printable.h"

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace coco {

std::string Printable(absl::string_view text, std::size_t max_length) {
  if (text.size() <= max_length) return absl::CHexEscape(text);
  return absl::StrCat(absl::CHexEscape(text.substr(0, max_length)), "...");
}

}  // namespace coco
