#include "src/kbs/admin_token.h"

#include <openssl/bio.h>
#include <openssl/curve25519.h>
#include <openssl/evp.h>
#include <openssl/mem.h>
#include <openssl/pem.h>

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace coco {
namespace {

constexpr std::size_t kEd25519SeedSize = 32;

// The claims are not secret; the signed token made of them is.
std::string ClaimsJson(const AdminClaims& claims, int64_t now) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.StartObject();
  writer.Key("iat");
  writer.Int64(now);
  writer.Key("nbf");
  writer.Int64(now);
  writer.Key("exp");
  writer.Int64(now + kAdminTokenLifetimeSeconds);
  writer.Key("role");
  writer.String(claims.role.data(), claims.role.size());
  if (claims.issuer.has_value()) {
    writer.Key("iss");
    writer.String(claims.issuer->data(), claims.issuer->size());
  }
  if (claims.audience.has_value()) {
    writer.Key("aud");
    writer.String(claims.audience->data(), claims.audience->size());
  }
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace

absl::StatusOr<AdminKey> AdminKey::FromPem(const SecretBytes& pem) {
  const absl::Status not_a_key = absl::InvalidArgumentError(
      "not an Ed25519 private key in PKCS#8 PEM (as `openssl genpkey -algorithm ed25519` writes)");
  bssl::UniquePtr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (bio == nullptr) return absl::ResourceExhaustedError("out of memory");
  bssl::UniquePtr<EVP_PKEY> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr || EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519) return not_a_key;
  SecretBytes seed(kEd25519SeedSize);
  size_t length = seed.size();
  if (!EVP_PKEY_get_raw_private_key(key.get(), seed.data(), &length) || length != seed.size()) {
    return not_a_key;
  }
  return AdminKey(std::move(seed));
}

SecretBytes AdminKey::SignToken(const AdminClaims& claims, int64_t now_seconds) const {
  const std::string signing_input =
      absl::StrCat(absl::WebSafeBase64Escape(R"({"alg":"EdDSA","typ":"JWT"})"), ".",
                   absl::WebSafeBase64Escape(ClaimsJson(claims, now_seconds)));
  uint8_t public_key[ED25519_PUBLIC_KEY_LEN];
  SecretBytes private_key(ED25519_PRIVATE_KEY_LEN);
  ED25519_keypair_from_seed(public_key, private_key.data(), seed_.data());
  uint8_t signature[ED25519_SIGNATURE_LEN];
  ED25519_sign(signature, reinterpret_cast<const uint8_t*>(signing_input.data()),
               signing_input.size(), private_key.data());
  std::string encoded_signature = absl::WebSafeBase64Escape(
      absl::string_view(reinterpret_cast<const char*>(signature), sizeof(signature)));
  OPENSSL_cleanse(signature, sizeof(signature));
  std::string token = absl::StrCat(signing_input, ".", encoded_signature);
  WipeString(encoded_signature);
  return SecretBytes::TakeFrom(token);
}

}  // namespace coco
