#ifndef COCO_KEYPROVIDER_CLI_MANUAL_PAGE_H_
#define COCO_KEYPROVIDER_CLI_MANUAL_PAGE_H_

#include <string>

#include "absl/strings/string_view.h"

namespace coco {

// coco-keyprovider(1) in roff with the man macros, from the tables --help is made of: every
// command's synopsis, description and flags, the provider's flags, the wrap parameters, the KBCs,
// the environment and the exit status. So the page and --help never drift.
std::string ManualPage();

// `text` as roff text lines: backslashes and hyphens escaped, a break point after each slash, a
// line starting with '.' or '\'' kept from being read as a request.
std::string RoffText(absl::string_view text);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_MANUAL_PAGE_H_
