#include "src/kbs/tee_key.h"

#include <openssl/aead.h>
#include <openssl/aes.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdh.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <optional>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/document.h"
#include "src/common/json_input.h"
#include "src/common/printable.h"
#include "src/kbs/answer_size.h"

namespace coco {
namespace {

constexpr absl::string_view kEcdhEs = "ECDH-ES+A256KW";
constexpr absl::string_view kRsaOaep256 = "RSA-OAEP-256";
constexpr std::size_t kCekSize = 32;

struct Curve {
  int nid;
  absl::string_view name;  // The JWK crv.
  std::size_t size;        // Bytes of a coordinate, and of the ECDH shared secret.
};

Curve CurveOf(TeeKeyType type) {
  return type == TeeKeyType::kEcP521 ? Curve{NID_secp521r1, "P-521", 66}
                                     : Curve{NID_X9_62_prime256v1, "P-256", 32};
}

absl::Status JweError(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("the JWE ", why));
}

std::string Base64Url(absl::string_view bytes) { return absl::WebSafeBase64Escape(bytes); }

absl::StatusOr<std::string> FromBase64Url(absl::string_view text, absl::string_view what) {
  std::string bytes;
  if (!absl::WebSafeBase64Unescape(text, &bytes)) {
    return JweError(absl::StrCat("has a ", what, " that is not base64url"));
  }
  return bytes;
}

std::string Padded(const BIGNUM* number, std::size_t size) {
  std::string bytes(size, '\0');
  BN_bn2bin_padded(reinterpret_cast<uint8_t*>(bytes.data()), size, number);
  return bytes;
}

std::string Unpadded(const BIGNUM* number) {
  std::string bytes(BN_num_bytes(number), '\0');
  BN_bn2bin(number, reinterpret_cast<uint8_t*>(bytes.data()));
  return bytes;
}

absl::StatusOr<std::string> RequiredString(const rapidjson::Value& object, const char* name,
                                           absl::string_view where) {
  std::optional<absl::string_view> text = StringMember(object, name);
  if (!text.has_value()) return JweError(absl::StrCat("has no \"", name, "\" string", where));
  return std::string(*text);
}

// RFC 7518 §4.6.2: the Concat KDF with SHA-256, AlgorithmID = alg, empty PartyUInfo and
// PartyVInfo, 256 bits of key.
SecretBytes ConcatKdf(const SecretBytes& shared_secret) {
  SHA256_CTX sha;
  SHA256_Init(&sha);
  const uint8_t counter[4] = {0, 0, 0, 1};
  const uint8_t algorithm_length[4] = {0, 0, 0, static_cast<uint8_t>(kEcdhEs.size())};
  const uint8_t empty_party[4] = {0, 0, 0, 0};
  const uint8_t key_bits[4] = {0, 0, 1, 0};
  SHA256_Update(&sha, counter, sizeof(counter));
  SHA256_Update(&sha, shared_secret.data(), shared_secret.size());
  SHA256_Update(&sha, algorithm_length, sizeof(algorithm_length));
  SHA256_Update(&sha, kEcdhEs.data(), kEcdhEs.size());
  SHA256_Update(&sha, empty_party, sizeof(empty_party));
  SHA256_Update(&sha, empty_party, sizeof(empty_party));
  SHA256_Update(&sha, key_bits, sizeof(key_bits));
  SecretBytes kek(SHA256_DIGEST_LENGTH);
  SHA256_Final(kek.data(), &sha);
  OPENSSL_cleanse(&sha, sizeof(sha));
  return kek;
}

// The JWE's parts, decoded.
struct Jwe {
  std::string protected_header;  // As sent: also the GCM additional data.
  std::string header_json;
  std::string encrypted_key;
  std::string iv;
  std::string ciphertext_and_tag;
};

absl::StatusOr<Jwe> ParseJwe(absl::string_view json) {
  rapidjson::Document document;
  if (absl::Status parsed = ParseJson(json, kMaxResponseSize, document); !parsed.ok()) {
    return JweError(absl::StrCat("is ", parsed.message()));
  }
  if (!document.IsObject()) return JweError("is not a JSON object");
  if (document.HasMember("aad")) return JweError("has \"aad\", which a KBS never sends");
  Jwe jwe;
  absl::StatusOr<std::string> protected_header = RequiredString(document, "protected", "");
  if (!protected_header.ok()) return protected_header.status();
  jwe.protected_header = *std::move(protected_header);
  absl::StatusOr<std::string> header_json = FromBase64Url(jwe.protected_header, "protected");
  if (!header_json.ok()) return header_json.status();
  jwe.header_json = *std::move(header_json);
  struct Part {
    const char* name;
    std::string* out;
  };
  std::string tag;
  for (const Part& part : {Part{"encrypted_key", &jwe.encrypted_key}, Part{"iv", &jwe.iv},
                           Part{"ciphertext", &jwe.ciphertext_and_tag}, Part{"tag", &tag}}) {
    absl::StatusOr<std::string> text = RequiredString(document, part.name, "");
    if (!text.ok()) return text.status();
    absl::StatusOr<std::string> bytes = FromBase64Url(*text, part.name);
    if (!bytes.ok()) return bytes.status();
    *part.out = *std::move(bytes);
  }
  if (jwe.iv.size() != 12)
    return JweError(absl::StrCat("has an iv of ", jwe.iv.size(), " bytes, not 12"));
  if (tag.size() != 16)
    return JweError(absl::StrCat("has a tag of ", tag.size(), " bytes, not 16"));
  jwe.ciphertext_and_tag += tag;
  return jwe;
}

absl::StatusOr<SecretBytes> OpenContent(const Jwe& jwe, const SecretBytes& cek) {
  EVP_AEAD_CTX ctx;
  if (!EVP_AEAD_CTX_init(&ctx, EVP_aead_aes_256_gcm(), cek.data(), cek.size(),
                         EVP_AEAD_DEFAULT_TAG_LENGTH, nullptr)) {
    return absl::InternalError("cannot set up AES-256-GCM");
  }
  SecretBytes plaintext(jwe.ciphertext_and_tag.size());
  size_t length = 0;
  const int opened = EVP_AEAD_CTX_open(
      &ctx, plaintext.data(), &length, plaintext.size(),
      reinterpret_cast<const uint8_t*>(jwe.iv.data()), jwe.iv.size(),
      reinterpret_cast<const uint8_t*>(jwe.ciphertext_and_tag.data()),
      jwe.ciphertext_and_tag.size(), reinterpret_cast<const uint8_t*>(jwe.protected_header.data()),
      jwe.protected_header.size());
  EVP_AEAD_CTX_cleanup(&ctx);
  OPENSSL_cleanse(&ctx, sizeof(ctx));
  if (!opened) return JweError("does not open (AES-256-GCM authentication failed)");
  plaintext.resize(length);
  return plaintext;
}

// ECDH-ES+A256KW: the shared secret with the sender's ephemeral key (epk), through the Concat KDF,
// unwraps (RFC 3394) the content key.
absl::StatusOr<SecretBytes> UnwrapCekEc(const EC_KEY* ours, const Curve& curve,
                                        const rapidjson::Value& header,
                                        absl::string_view encrypted_key) {
  auto epk = header.FindMember("epk");
  if (epk == header.MemberEnd() || !epk->value.IsObject()) {
    return JweError("has no \"epk\" object in its protected header");
  }
  absl::StatusOr<std::string> crv = RequiredString(epk->value, "crv", " in epk");
  if (!crv.ok()) return crv.status();
  if (*crv != curve.name) {
    return JweError(absl::StrCat("epk is on curve \"", Printable(*crv), "\", not ", curve.name));
  }
  std::string coordinates[2];
  const char* names[2] = {"x", "y"};
  for (int i = 0; i < 2; ++i) {
    absl::StatusOr<std::string> text = RequiredString(epk->value, names[i], " in epk");
    if (!text.ok()) return text.status();
    absl::StatusOr<std::string> bytes = FromBase64Url(*text, names[i]);
    if (!bytes.ok()) return bytes.status();
    if (bytes->size() != curve.size) {
      return JweError(
          absl::StrCat("epk has a ", names[i], " of ", bytes->size(), " bytes, not ", curve.size));
    }
    coordinates[i] = *std::move(bytes);
  }
  const EC_GROUP* group = EC_KEY_get0_group(ours);
  bssl::UniquePtr<BIGNUM> x(BN_bin2bn(reinterpret_cast<const uint8_t*>(coordinates[0].data()),
                                      coordinates[0].size(), nullptr));
  bssl::UniquePtr<BIGNUM> y(BN_bin2bn(reinterpret_cast<const uint8_t*>(coordinates[1].data()),
                                      coordinates[1].size(), nullptr));
  bssl::UniquePtr<EC_POINT> point(EC_POINT_new(group));
  if (x == nullptr || y == nullptr || point == nullptr ||
      !EC_POINT_set_affine_coordinates_GFp(group, point.get(), x.get(), y.get(), nullptr)) {
    return JweError("epk is not a point of the curve");
  }
  SecretBytes shared(curve.size);
  if (ECDH_compute_key(shared.data(), shared.size(), point.get(), ours, nullptr) !=
      static_cast<int>(curve.size)) {
    return JweError("epk gives no ECDH shared secret");
  }
  const SecretBytes kek = ConcatKdf(shared);
  if (encrypted_key.size() != kCekSize + 8) {
    return JweError(absl::StrCat("has an encrypted_key of ", encrypted_key.size(), " bytes, not ",
                                 kCekSize + 8));
  }
  AES_KEY unwrap_key;
  AES_set_decrypt_key(kek.data(), 256, &unwrap_key);
  SecretBytes cek(kCekSize);
  const int unwrapped =
      AES_unwrap_key(&unwrap_key, nullptr, cek.data(),
                     reinterpret_cast<const uint8_t*>(encrypted_key.data()), encrypted_key.size());
  OPENSSL_cleanse(&unwrap_key, sizeof(unwrap_key));
  if (unwrapped != static_cast<int>(kCekSize)) {
    return JweError("key does not unwrap (AES key wrap integrity check failed)");
  }
  return cek;
}

// RSA-OAEP-256: RSAES-OAEP with SHA-256 and MGF1-SHA-256 and an empty label.
absl::StatusOr<SecretBytes> UnwrapCekRsa(EVP_PKEY* ours, absl::string_view encrypted_key) {
  bssl::UniquePtr<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new(ours, nullptr));
  if (ctx == nullptr || !EVP_PKEY_decrypt_init(ctx.get()) ||
      !EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_OAEP_PADDING) ||
      !EVP_PKEY_CTX_set_rsa_oaep_md(ctx.get(), EVP_sha256()) ||
      !EVP_PKEY_CTX_set_rsa_mgf1_md(ctx.get(), EVP_sha256())) {
    return absl::InternalError("cannot set up RSA-OAEP-256");
  }
  SecretBytes cek(EVP_PKEY_size(ours));
  size_t length = cek.size();
  if (!EVP_PKEY_decrypt(ctx.get(), cek.data(), &length,
                        reinterpret_cast<const uint8_t*>(encrypted_key.data()),
                        encrypted_key.size()) ||
      length != kCekSize) {
    return JweError("key does not decrypt with RSA-OAEP-256");
  }
  cek.resize(length);
  return cek;
}

}  // namespace

absl::StatusOr<TeeKeyType> ParseTeeKeyType(absl::string_view name) {
  if (name == "ec-p256") return TeeKeyType::kEcP256;
  if (name == "ec-p521") return TeeKeyType::kEcP521;
  if (name == "rsa-2048") return TeeKeyType::kRsa2048;
  return absl::InvalidArgumentError(
      absl::StrCat("TEE key type \"", Printable(name), "\" is not ec-p256, ec-p521 or rsa-2048"));
}

absl::StatusOr<TeeKey> TeeKey::Generate(TeeKeyType type) {
  bssl::UniquePtr<EVP_PKEY> key(EVP_PKEY_new());
  if (type == TeeKeyType::kRsa2048) {
    bssl::UniquePtr<RSA> rsa(RSA_new());
    bssl::UniquePtr<BIGNUM> exponent(BN_new());
    if (rsa == nullptr || exponent == nullptr || !BN_set_word(exponent.get(), RSA_F4) ||
        !RSA_generate_key_ex(rsa.get(), 2048, exponent.get(), nullptr) ||
        !EVP_PKEY_assign_RSA(key.get(), rsa.release())) {
      return absl::InternalError("cannot make an RSA key");
    }
    return TeeKey(type, std::move(key));
  }
  bssl::UniquePtr<EC_KEY> ec(EC_KEY_new_by_curve_name(CurveOf(type).nid));
  if (ec == nullptr || !EC_KEY_generate_key(ec.get()) ||
      !EVP_PKEY_assign_EC_KEY(key.get(), ec.release())) {
    return absl::InternalError("cannot make an EC key");
  }
  return TeeKey(type, std::move(key));
}

absl::StatusOr<TeeKey> TeeKey::FromEcPrivateScalar(TeeKeyType type, absl::string_view scalar) {
  const Curve curve = CurveOf(type);
  bssl::UniquePtr<EC_KEY> ec(EC_KEY_new_by_curve_name(curve.nid));
  bssl::UniquePtr<BIGNUM> secret(
      BN_bin2bn(reinterpret_cast<const uint8_t*>(scalar.data()), scalar.size(), nullptr));
  if (ec == nullptr || secret == nullptr || !EC_KEY_set_private_key(ec.get(), secret.get())) {
    return absl::InvalidArgumentError("not a private key of the curve");
  }
  const EC_GROUP* group = EC_KEY_get0_group(ec.get());
  bssl::UniquePtr<EC_POINT> point(EC_POINT_new(group));
  if (point == nullptr ||
      !EC_POINT_mul(group, point.get(), secret.get(), nullptr, nullptr, nullptr) ||
      !EC_KEY_set_public_key(ec.get(), point.get())) {
    return absl::InvalidArgumentError("not a private key of the curve");
  }
  bssl::UniquePtr<EVP_PKEY> key(EVP_PKEY_new());
  if (!EVP_PKEY_assign_EC_KEY(key.get(), ec.release())) return absl::InternalError("EVP_PKEY");
  return TeeKey(type, std::move(key));
}

absl::StatusOr<TeeKey> TeeKey::FromRsaPrivatePem(absl::string_view pem) {
  bssl::UniquePtr<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  bssl::UniquePtr<EVP_PKEY> key(
      bio == nullptr ? nullptr : PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr || EVP_PKEY_id(key.get()) != EVP_PKEY_RSA) {
    return absl::InvalidArgumentError("not an RSA private key in PEM");
  }
  return TeeKey(TeeKeyType::kRsa2048, std::move(key));
}

std::string TeeKey::PublicJwkJson() const {
  if (type_ == TeeKeyType::kRsa2048) {
    const RSA* rsa = EVP_PKEY_get0_RSA(key_.get());
    return absl::StrCat(R"({"kty":"RSA","alg":")", kRsaOaep256, R"(","n":")",
                        Base64Url(Unpadded(RSA_get0_n(rsa))), R"(","e":")",
                        Base64Url(Unpadded(RSA_get0_e(rsa))), R"("})");
  }
  const Curve curve = CurveOf(type_);
  const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(key_.get());
  bssl::UniquePtr<BIGNUM> x(BN_new());
  bssl::UniquePtr<BIGNUM> y(BN_new());
  EC_POINT_get_affine_coordinates_GFp(EC_KEY_get0_group(ec), EC_KEY_get0_public_key(ec), x.get(),
                                      y.get(), nullptr);
  return absl::StrCat(R"({"kty":"EC","crv":")", curve.name, R"(","alg":")", kEcdhEs, R"(","x":")",
                      Base64Url(Padded(x.get(), curve.size)), R"(","y":")",
                      Base64Url(Padded(y.get(), curve.size)), R"("})");
}

absl::StatusOr<SecretBytes> TeeKey::OpenJwe(absl::string_view jwe_json) const {
  absl::StatusOr<Jwe> jwe = ParseJwe(jwe_json);
  if (!jwe.ok()) return jwe.status();
  rapidjson::Document header;
  if (!ParseJson(jwe->header_json, kMaxResponseSize, header).ok() || !header.IsObject()) {
    return JweError("has a protected header that is not a JSON object");
  }
  absl::StatusOr<std::string> alg = RequiredString(header, "alg", " in its protected header");
  if (!alg.ok()) return alg.status();
  absl::StatusOr<std::string> enc = RequiredString(header, "enc", " in its protected header");
  if (!enc.ok()) return enc.status();
  if (*enc != "A256GCM")
    return JweError(absl::StrCat("enc \"", Printable(*enc), "\" is not A256GCM"));
  // Compressed plaintext, or extensions this client would have to understand (RFC 7516 4.1.11):
  // neither is anything a KBS sends.
  for (const char* refused : {"zip", "crit"}) {
    if (header.HasMember(refused)) {
      return JweError(absl::StrCat("has \"", refused, "\" in its protected header"));
    }
  }
  const absl::string_view expected = type_ == TeeKeyType::kRsa2048 ? kRsaOaep256 : kEcdhEs;
  if (*alg != expected) {
    return JweError(absl::StrCat("alg \"", Printable(*alg), "\" is not ", expected,
                                 ", what the tee-pubkey sent asks for"));
  }
  absl::StatusOr<SecretBytes> cek = type_ == TeeKeyType::kRsa2048
                                        ? UnwrapCekRsa(key_.get(), jwe->encrypted_key)
                                        : UnwrapCekEc(EVP_PKEY_get0_EC_KEY(key_.get()),
                                                      CurveOf(type_), header, jwe->encrypted_key);
  if (!cek.ok()) return cek.status();
  return OpenContent(*jwe, *cek);
}

}  // namespace coco
