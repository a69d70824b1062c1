#include "src/common/warnings.h"

#include "absl/strings/str_cat.h"

namespace coco {

WarningSink Warnings::Within(absl::string_view context) {
  return WarningSink(*this, absl::StrCat(context, ": "));
}

WarningSink WarningSink::Within(absl::string_view context) const {
  return WarningSink(*warnings_, absl::StrCat(prefix_, context, ": "));
}

void WarningSink::Add(absl::string_view line) const { warnings_->Add(absl::StrCat(prefix_, line)); }

}  // namespace coco
