#include "src/common/warnings.h"

#include "absl/strings/str_cat.h"

namespace coco {

Warnings Warnings::Within(absl::string_view context) { return Warnings(this, context); }

void Warnings::Add(absl::string_view line) {
  if (parent_ == nullptr) {
    lines_.emplace_back(line);
    return;
  }
  parent_->Add(absl::StrCat(context_, ": ", line));
}

}  // namespace coco
