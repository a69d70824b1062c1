#ifndef COCO_KEYPROVIDER_PROVIDER_KEYUNWRAP_H_
#define COCO_KEYPROVIDER_PROVIDER_KEYUNWRAP_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"
#include "src/kbc/kbc.h"

namespace coco {

struct UnwrapSettings {
  // The default KBC, used when the request names none for us (or says `Enabled`): `kbc` if set
  // (--kbc), else the KBC of `aa_kbc_params` (AA_KBC_PARAMS, read only when needed), else
  // offline_fs_kbc.
  std::optional<std::string> kbc;
  std::optional<std::string> aa_kbc_params;
  KbcSettings kbc_settings;
};

// keyunwrap: recovers ocicrypt's per-layer secret from our `annotation` packet. `entries` is our
// provider's Parameters list of `<kbc>::<kbs-uri>`: each is tried in order and the first success
// wins. Without entries (skopeo also calls providers nobody named), the default KBC is used.
absl::StatusOr<SecretBytes> KeyUnwrap(const std::optional<std::vector<std::string>>& entries,
                                      absl::string_view annotation, const UnwrapSettings& settings,
                                      std::vector<std::string>& warnings);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_PROVIDER_KEYUNWRAP_H_
