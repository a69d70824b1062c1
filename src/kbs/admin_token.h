#ifndef COCO_KEYPROVIDER_KBS_ADMIN_TOKEN_H_
#define COCO_KEYPROVIDER_KBS_ADMIN_TOKEN_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"

namespace coco {

// The claims of a KBS admin token beyond its times. Trustee v0.21 and later require `role` (and
// match it against their ACL); `iss` and `aud` are checked where the KBS configures them.
struct AdminClaims {
  std::string role = "admin";
  std::optional<std::string> issuer;
  std::optional<std::string> audience;
};

// How long a token stays valid: long enough for one run of registrations.
inline constexpr int64_t kAdminTokenLifetimeSeconds = 5 * 60;

// An Ed25519 admin key, from a PKCS#8 "PRIVATE KEY" PEM as `openssl genpkey -algorithm ed25519`
// writes it. Errors never contain the PEM.
class AdminKey {
 public:
  static absl::StatusOr<AdminKey> FromPem(const SecretBytes& pem);

  // The compact JWS the KBS admin API takes: header {"alg":"EdDSA","typ":"JWT"}, claims
  // {"iat","nbf","exp"(+5 min),"role"[,"iss"][,"aud"]}, base64url without padding. A credential
  // for its lifetime: wiped like a key.
  SecretBytes SignToken(const AdminClaims& claims, int64_t now_seconds) const;

 private:
  explicit AdminKey(SecretBytes seed) : seed_(std::move(seed)) {}
  SecretBytes seed_;  // The 32-byte Ed25519 private key.
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KBS_ADMIN_TOKEN_H_
