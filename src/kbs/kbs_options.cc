#include "src/kbs/kbs_options.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

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

// OK when `pem` holds at least one certificate, and nothing else that is not one: what libcurl
// would otherwise refuse later as the KBS's fault.
absl::Status CheckHoldsCertificates(const SecretBytes& pem) {
  bssl::UniquePtr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (bio == nullptr) return absl::ResourceExhaustedError("out of memory");
  int certificates = 0;
  while (
      bssl::UniquePtr<X509> certificate{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) {
    ++certificates;
  }
  const uint32_t error = ERR_peek_last_error();
  ERR_clear_error();
  const bool ended =
      ERR_GET_LIB(error) == ERR_LIB_PEM && ERR_GET_REASON(error) == PEM_R_NO_START_LINE;
  if (certificates == 0 || !ended) {
    return absl::InvalidArgumentError("not a PEM file of certificates (BEGIN CERTIFICATE)");
  }
  return absl::OkStatus();
}

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

absl::StatusOr<std::string> ReadKbsCertificates(absl::string_view path) {
  absl::StatusOr<SecretBytes> pem = ReadRegularFile(path, kMaxCertificateFileSize);
  if (!pem.ok()) return WithContext("--kbs-cert", pem.status());
  if (absl::Status certificates = CheckHoldsCertificates(*pem); !certificates.ok()) {
    return WithContext(absl::StrCat("--kbs-cert ", path), certificates);
  }
  return std::string(pem->view());
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
    absl::StatusOr<std::string> pem = ReadKbsCertificates(*options.certificate_file);
    if (!pem.ok()) return pem.status();
    connection.http.trusted_certificates = *std::move(pem);
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
