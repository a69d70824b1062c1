#ifndef COCO_KEYPROVIDER_KBC_KBC_H_
#define COCO_KEYPROVIDER_KBC_KBC_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"
#include "src/kbc/offline_kbc.h"
#include "src/wrapping/annotation_packet.h"

namespace coco {

// Where the offline KBCs find their keys.
struct KbcSettings {
  std::vector<std::string> keys_files;  // offline_fs_kbc, in lookup order.
  std::string sev_secret_path = std::string(kOfflineSevSecretPath);
};

// The KBC name of an Attestation Agent KBC parameter, `<kbc>::<kbs-uri>` (or a bare `<kbc>`).
absl::StatusOr<std::string> KbcNameOf(absl::string_view kbc_parameter);

// Unwraps `packet` as the Attestation Agent's Key Broker Client `kbc_name` would, with the key
// sources that work without a KBS: sample_kbc, offline_fs_kbc and offline_sev_kbc. Any other KBC
// is an error naming it. Errors start with the KBC's name.
absl::StatusOr<SecretBytes> UnwrapWithKbc(absl::string_view kbc_name,
                                          const AnnotationPacket& packet,
                                          const KbcSettings& settings,
                                          std::vector<std::string>& warnings);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KBC_KBC_H_
