#ifndef COCO_KEYPROVIDER_PROVIDER_KEYWRAP_H_
#define COCO_KEYPROVIDER_PROVIDER_KEYWRAP_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/warnings.h"
#include "src/kbs/admin_token.h"
#include "src/kbs/kbs_options.h"

namespace coco {

// Where keywrap registers the KEKs it wraps with: a KBS's admin API.
struct KbsRegistration {
  std::string url;             // --kbs
  std::string admin_key_file;  // --kbs-admin-key
  AdminClaims claims;          // --kbs-role, --kbs-issuer, --kbs-audience
  KbsOptions kbs;              // --kbs-cert, --kbs-timeout
};

struct WrapSettings {
  std::optional<KbsRegistration> registration;
};

// keywrap: wraps ocicrypt's per-layer secret `optsdata` for the one recipient in `entries` (our
// provider's Parameters list) and returns the annotation packet. A fresh random IV per call,
// except in sample mode, which reproduces upstream byte for byte. With a registration, every KEK
// but the sample key is registered at the kid's resource path before the packet is returned, and
// PARAMS naming no key get a fresh KEK under a fresh kid. Warnings (a key file that group or
// others may read) start with "keywrap: ".
absl::StatusOr<std::string> KeyWrap(const std::optional<std::vector<std::string>>& entries,
                                    absl::string_view provider_name, absl::string_view optsdata,
                                    const WrapSettings& settings, Warnings& warnings);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_PROVIDER_KEYWRAP_H_
