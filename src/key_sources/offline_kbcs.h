#ifndef COCO_KEYPROVIDER_KEY_SOURCES_OFFLINE_KBCS_H_
#define COCO_KEYPROVIDER_KEY_SOURCES_OFFLINE_KBCS_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"
#include "src/common/warnings.h"
#include "src/key_sources/key_source.h"

namespace coco {

// The files offline_fs_kbc reads in a CoCo guest, in order.
inline constexpr absl::string_view kOfflineFsKeysFile = "/etc/aa-offline_fs_kbc-keys.json";
inline constexpr absl::string_view kOfflineFsResourcesFile =
    "/etc/aa-offline_fs_kbc-resources.json";
// Where SEV firmware injects offline_sev_kbc's keys (the same JSON as a keys file).
inline constexpr absl::string_view kOfflineSevSecretPath =
    "/sys/kernel/security/secrets/coco/e6f5a162-d67f-4750-a67c-5d065f2a9910";

// offline_fs_kbc: looks the resource path up in all of its keys files, later files overriding
// earlier ones, as the Attestation Agent does. A missing file is skipped with a warning; a
// malformed one is an error; when the key is nowhere, the error names the files searched.
class OfflineFsKbc : public KeySource {
 public:
  OfflineFsKbc(std::vector<std::string> files, WarningSink warnings)
      : files_(std::move(files)), warnings_(std::move(warnings)) {}

  absl::StatusOr<SecretBytes> FindKek(absl::string_view resource_path) override;

 private:
  std::vector<std::string> files_;
  WarningSink warnings_;
};

// offline_sev_kbc: the same lookup in the one secret file, which must exist.
class OfflineSevKbc : public KeySource {
 public:
  explicit OfflineSevKbc(absl::string_view secret_path) : secret_path_(secret_path) {}

  absl::StatusOr<SecretBytes> FindKek(absl::string_view resource_path) override;

 private:
  std::string secret_path_;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEY_SOURCES_OFFLINE_KBCS_H_
