#ifndef COCO_KEYPROVIDER_KBS_KBS_OPTIONS_H_
#define COCO_KEYPROVIDER_KBS_KBS_OPTIONS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/warnings.h"
#include "src/kbs/admin_token.h"
#include "src/kbs/kbs_client.h"
#include "src/kbs/tee_key.h"

namespace coco {

// What the command line says about reaching a KBS. Nothing is read or started until one is used.
struct KbsOptions {
  std::optional<std::string> certificate_file;  // --kbs-cert: a CA or self-signed certificate.
  std::optional<int> timeout_seconds;           // --kbs-timeout: connect and whole request.
  TeeKeyType tee_key = TeeKeyType::kEcP256;     // --kbs-tee-key
};

// How long --kbs-timeout may be: an hour.
inline constexpr int kMaxKbsTimeoutSeconds = 3600;

// --kbs-timeout's value: a whole number of seconds, 1 to kMaxKbsTimeoutSeconds.
absl::StatusOr<int> ParseKbsTimeout(absl::string_view text);

// The PEM of --kbs-cert's file: a regular file of at most 1 MiB holding at least one certificate
// and nothing else, what libcurl would otherwise refuse later as the KBS's fault. Errors name the
// flag and the file.
absl::StatusOr<std::string> ReadKbsCertificates(absl::string_view path);

// The connection to the KBS at `url` on these terms: the URL checked, the certificate read (a
// regular file of at most 1 MiB). Errors name the URL or the file.
absl::StatusOr<KbsConnection> ConnectionTo(absl::string_view url, const KbsOptions& options);

// The admin key in the PEM file at `path`, read by the rules for key files: a regular file of at
// most 64 KiB, a warning when group or others may read it. Errors start with the path.
absl::StatusOr<AdminKey> ReadAdminKey(absl::string_view path, WarningSink warnings);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KBS_KBS_OPTIONS_H_
