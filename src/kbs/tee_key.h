#ifndef COCO_KEYPROVIDER_KBS_TEE_KEY_H_
#define COCO_KEYPROVIDER_KBS_TEE_KEY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "openssl/evp.h"
#include "src/common/secret_bytes.h"

namespace coco {

// The ephemeral key a guest sends in its attestation (the tee-pubkey), for which the KBS wraps the
// resource it releases.
enum class TeeKeyType {
  kEcP256,   // ECDH-ES+A256KW on P-256: what guests use, the default.
  kEcP521,   // ECDH-ES+A256KW on P-521.
  kRsa2048,  // RSA-OAEP-256.
};

absl::StatusOr<TeeKeyType> ParseTeeKeyType(absl::string_view name);  // ec-p256, ec-p521, rsa-2048

class TeeKey {
 public:
  static absl::StatusOr<TeeKey> Generate(TeeKeyType type);
  // For tests: an EC key from its private scalar (big-endian), or an RSA key from a PKCS#8 PEM.
  static absl::StatusOr<TeeKey> FromEcPrivateScalar(TeeKeyType type, absl::string_view scalar);
  static absl::StatusOr<TeeKey> FromRsaPrivatePem(absl::string_view pem);

  // The public key as the KBS protocol's TeePubKey, with exactly the members Trustee keeps when it
  // re-serialises it for the report data: {"kty","crv","alg","x","y"} or {"kty","alg","n","e"}.
  std::string PublicJwkJson() const;

  // The plaintext of a JWE the KBS sent for this key, as Trustee serialises it:
  // {"protected","encrypted_key","iv","ciphertext","tag"}, AES-256-GCM with the protected header
  // as additional data. Errors say which step failed, never a key.
  absl::StatusOr<SecretBytes> OpenJwe(absl::string_view jwe_json) const;

 private:
  TeeKey(TeeKeyType type, bssl::UniquePtr<EVP_PKEY> key) : type_(type), key_(std::move(key)) {}

  TeeKeyType type_;
  bssl::UniquePtr<EVP_PKEY> key_;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KBS_TEE_KEY_H_
