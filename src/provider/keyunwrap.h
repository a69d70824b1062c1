#ifndef COCO_KEYPROVIDER_PROVIDER_KEYUNWRAP_H_
#define COCO_KEYPROVIDER_PROVIDER_KEYUNWRAP_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "src/common/secret_bytes.h"
#include "src/common/warnings.h"
#include "src/key_sources/kbc_table.h"
#include "src/wrapping/annotation_packet.h"

namespace coco {

struct UnwrapSettings {
  // The default KBC, used when the request names none for us (or says `Enabled`): `kbc` if set
  // (--kbc), else `aa_kbc_params` (AA_KBC_PARAMS, parsed only when needed), else offline_fs_kbc.
  std::optional<KbcParameter> kbc;
  std::optional<std::string> aa_kbc_params;
  KbcSettings kbc_settings;
};

// How many of a request's entries keyunwrap tries, and how many packets of one layer the image
// commands try: real requests name one or two KBCs, and thousands must not read the keys files
// thousands of times.
inline constexpr std::size_t kMaxUnwrapAttempts = 64;

// Opens `packet` with the first of `entries` that works: KBC parameters `<kbc>::<kbs-uri>`, or
// `Enabled` for the default KBC; only the first 64 are tried. When all fail, the error gives the
// first few reasons. Warnings start with the KBC's name.
absl::StatusOr<SecretBytes> UnwrapPacket(absl::Span<const std::string> entries,
                                         const AnnotationPacket& packet,
                                         const UnwrapSettings& settings, Warnings& warnings);

// Opens `packet` with the default KBC, as keyunwrap does for a request that names none for us: for
// an image read from disk, which carries no decryption parameters.
absl::StatusOr<SecretBytes> UnwrapWithDefaultKbc(const AnnotationPacket& packet,
                                                 const UnwrapSettings& settings,
                                                 Warnings& warnings);

// keyunwrap: recovers ocicrypt's per-layer secret from our `annotation` packet. `entries` is our
// provider's Parameters list; without entries (skopeo also calls providers nobody named), the
// default KBC is used.
absl::StatusOr<SecretBytes> KeyUnwrap(const std::optional<std::vector<std::string>>& entries,
                                      absl::string_view annotation, const UnwrapSettings& settings,
                                      Warnings& warnings);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_PROVIDER_KEYUNWRAP_H_
