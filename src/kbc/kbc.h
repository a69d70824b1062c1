#ifndef COCO_KEYPROVIDER_KBC_KBC_H_
#define COCO_KEYPROVIDER_KBC_KBC_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"
#include "src/kbc/offline_kbc.h"
#include "src/wrapping/annotation_packet.h"

namespace coco {

// Where the offline KBCs find their keys; the defaults are where a CoCo guest has them.
struct KbcSettings {
  std::vector<std::string> keys_files = {std::string(kOfflineFsKeysFile),
                                         std::string(kOfflineFsResourcesFile)};
  std::string sev_secret_path = std::string(kOfflineSevSecretPath);
};

// The KBC name of an Attestation Agent KBC parameter, `<kbc>::<kbs-uri>` (or a bare `<kbc>`).
absl::StatusOr<std::string> KbcNameOf(absl::string_view kbc_parameter);

// OK for the KBCs that work offline (sample_kbc, offline_fs_kbc, offline_sev_kbc); otherwise an
// error naming the KBC and why it cannot be used here.
absl::Status CheckKbcSupported(absl::string_view kbc_name);

// Unwraps `packet` as the Attestation Agent's Key Broker Client `kbc_name` would, offline.
// Warnings that do not stop the unwrap are appended to `warnings`. Errors start with the KBC.
absl::StatusOr<SecretBytes> UnwrapWithKbc(absl::string_view kbc_name,
                                          const AnnotationPacket& packet,
                                          const KbcSettings& settings,
                                          std::vector<std::string>& warnings);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KBC_KBC_H_
