#include "src/kbs/kbs_options.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "src/common/file_reader.h"
#include "src/common/printable.h"
#include "src/common/status_context.h"

namespace coco {
namespace {

constexpr std::size_t kMaxCertificateFileSize = 1 << 20;
constexpr std::size_t kMaxAdminKeyFileSize = 64 << 10;

}  // namespace

absl::StatusOr<int> ParseKbsTimeout(absl::string_view text) {
  int seconds = 0;
  if (!absl::SimpleAtoi(text, &seconds) || seconds < 1 || seconds > kMaxKbsTimeoutSeconds) {
    return absl::InvalidArgumentError(
        absl::StrCat("--kbs-timeout must be a whole number of seconds "
                     "from 1 to ",
                     kMaxKbsTimeoutSeconds, ", not \"", Printable(text), "\""));
  }
  return seconds;
}

absl::StatusOr<KbsConnection> ConnectionTo(absl::string_view url, const KbsOptions& options) {
  absl::StatusOr<std::string> origin = KbsOrigin(url);
  if (!origin.ok()) return origin.status();
  KbsConnection connection;
  connection.origin = *std::move(origin);
  connection.tee_key = options.tee_key;
  if (options.timeout_seconds.has_value()) {
    connection.http.connect_timeout_seconds = *options.timeout_seconds;
    connection.http.timeout_seconds = *options.timeout_seconds;
  }
  if (options.certificate_file.has_value()) {
    absl::StatusOr<SecretBytes> pem =
        ReadRegularFile(*options.certificate_file, kMaxCertificateFileSize);
    if (!pem.ok()) return WithContext("--kbs-cert", pem.status());
    connection.http.trusted_certificates = std::string(pem->view());
  }
  return connection;
}

absl::StatusOr<AdminKey> ReadAdminKey(absl::string_view path, WarningSink warnings) {
  absl::StatusOr<SecretBytes> pem = ReadRegularFile(path, kMaxAdminKeyFileSize);
  if (!pem.ok()) return pem.status();
  absl::StatusOr<AdminKey> key = AdminKey::FromPem(*pem);
  if (!key.ok()) return WithContext(path, key.status());
  if (std::optional<std::string> warning = ExposureWarning(path); warning.has_value()) {
    warnings.Add(*warning);
  }
  return key;
}

}  // namespace coco
