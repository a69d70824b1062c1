#ifndef COCO_KEYPROVIDER_KBC_OFFLINE_KBC_H_
#define COCO_KEYPROVIDER_KBC_OFFLINE_KBC_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"

namespace coco {

// The files offline_fs_kbc reads in a CoCo guest, in order.
inline constexpr absl::string_view kOfflineFsKeysFile = "/etc/aa-offline_fs_kbc-keys.json";
inline constexpr absl::string_view kOfflineFsResourcesFile =
    "/etc/aa-offline_fs_kbc-resources.json";
// Where SEV firmware injects offline_sev_kbc's keys (the same JSON as a keys file).
inline constexpr absl::string_view kOfflineSevSecretPath =
    "/sys/kernel/security/secrets/coco/e6f5a162-d67f-4750-a67c-5d065f2a9910";

// offline_fs_kbc: looks `resource_path` up in all of `files`, later files overriding earlier
// ones. A missing file is skipped with a warning appended to `warnings`; a malformed one is an
// error; when the key is nowhere, the error names the files searched.
absl::StatusOr<SecretBytes> FindKeyInKeysFiles(const std::vector<std::string>& files,
                                               absl::string_view resource_path,
                                               std::vector<std::string>& warnings);

// offline_sev_kbc: the same lookup in the one secret file, which must exist.
absl::StatusOr<SecretBytes> FindKeyInSevSecret(absl::string_view secret_path,
                                               absl::string_view resource_path);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KBC_OFFLINE_KBC_H_
