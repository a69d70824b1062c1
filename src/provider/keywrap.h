#ifndef COCO_KEYPROVIDER_PROVIDER_KEYWRAP_H_
#define COCO_KEYPROVIDER_PROVIDER_KEYWRAP_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/warnings.h"

namespace coco {

// keywrap: wraps ocicrypt's per-layer secret `optsdata` for the one recipient in `entries` (our
// provider's Parameters list) and returns the annotation packet. A fresh random IV per call,
// except in sample mode, which reproduces upstream byte for byte. Warnings (a key file that group
// or others may read) start with "keywrap: ".
absl::StatusOr<std::string> KeyWrap(const std::optional<std::vector<std::string>>& entries,
                                    absl::string_view provider_name, absl::string_view optsdata,
                                    Warnings& warnings);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_PROVIDER_KEYWRAP_H_
