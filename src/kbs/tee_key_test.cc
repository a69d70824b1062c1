#include "src/kbs/tee_key.h"

#include <functional>
#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_replace.h"
#include "gtest/gtest.h"
#include "src/testing/kbs_vectors.h"

namespace coco {
namespace {

absl::StatusOr<TeeKey> KeyOf(const test_support::JweVector& v) {
  if (v.name == "rsa-oaep-256") return TeeKey::FromRsaPrivatePem(v.private_key_pem);
  return TeeKey::FromEcPrivateScalar(
      v.name == "ecdh-es-p-521" ? TeeKeyType::kEcP521 : TeeKeyType::kEcP256, v.private_scalar);
}

// JWEs made by Python `cryptography` as Trustee's KBS makes them, opened here.
TEST(TeeKeyTest, OpensIndependentJwes) {
  for (const test_support::JweVector& v : test_support::LoadKbsVectors().jwes) {
    absl::StatusOr<TeeKey> key = KeyOf(v);
    ASSERT_TRUE(key.ok()) << v.name << ": " << key.status();
    EXPECT_EQ(key->PublicJwkJson(), v.tee_pubkey_json) << v.name;
    absl::StatusOr<SecretBytes> plaintext = key->OpenJwe(v.jwe);
    ASSERT_TRUE(plaintext.ok()) << v.name << ": " << plaintext.status();
    EXPECT_EQ(plaintext->view(), v.plaintext) << v.name;
  }
}

TEST(TeeKeyTest, RefusesAlteredOrForeignJwes) {
  const test_support::KbsVectors vectors = test_support::LoadKbsVectors();
  const test_support::JweVector& p256 = vectors.jwes[0];
  absl::StatusOr<TeeKey> key = KeyOf(p256);
  ASSERT_TRUE(key.ok());
  struct Case {
    std::string jwe;
    std::string error;
  };
  std::string flipped_tag = p256.jwe;
  const size_t tag = flipped_tag.find("\"tag\":\"") + 7;
  flipped_tag[tag] = flipped_tag[tag] == 'A' ? 'B' : 'A';
  for (const Case& c : {
           Case{flipped_tag, "does not open (AES-256-GCM authentication failed)"},
           Case{vectors.jwes[1].jwe, "epk is on curve \"P-521\", not P-256"},
           Case{vectors.jwes[2].jwe, "alg \"RSA-OAEP-256\" is not ECDH-ES+A256KW"},
           Case{"{oops", "the JWE is not valid JSON"},
           Case{"[]", "is not a JSON object"},
           Case{absl::StrReplaceAll(p256.jwe, {{"\"iv\"", "\"IV\""}}), "has no \"iv\" string"},
           Case{absl::StrReplaceAll(p256.jwe, {{"\"tag\":\"", "\"tag\":\"!"}}),
                "has a tag that is not base64url"},
           Case{absl::StrReplaceAll(p256.jwe, {{"\"protected\"", "\"aad\":\"x\",\"protected\""}}),
                "has \"aad\""},
       }) {
    absl::StatusOr<SecretBytes> opened = key->OpenJwe(c.jwe);
    ASSERT_FALSE(opened.ok()) << c.error;
    EXPECT_NE(opened.status().message().find(c.error), absl::string_view::npos)
        << opened.status().message();
  }
}

// `jwe` with its protected header's JSON changed by `edit`.
std::string WithHeader(const std::string& jwe,
                       const std::function<std::string(std::string)>& edit) {
  const std::string marker = "\"protected\":\"";
  const size_t start = jwe.find(marker) + marker.size();
  const size_t end = jwe.find('"', start);
  std::string header;
  EXPECT_TRUE(absl::WebSafeBase64Unescape(jwe.substr(start, end - start), &header));
  std::string encoded;
  absl::WebSafeBase64Escape(edit(header), &encoded);
  return jwe.substr(0, start) + encoded + jwe.substr(end);
}

TEST(TeeKeyTest, RefusesCompressionAndCriticalExtensions) {
  const test_support::KbsVectors vectors = test_support::LoadKbsVectors();
  absl::StatusOr<TeeKey> key = KeyOf(vectors.jwes[0]);
  ASSERT_TRUE(key.ok());
  for (const std::string member : {"zip", "crit"}) {
    const std::string jwe = WithHeader(vectors.jwes[0].jwe, [&](std::string header) {
      return header.insert(1, "\"" + member + "\":\"DEF\",");
    });
    absl::StatusOr<SecretBytes> opened = key->OpenJwe(jwe);
    ASSERT_FALSE(opened.ok()) << member;
    EXPECT_NE(opened.status().message().find("has \"" + member + "\" in its protected header"),
              absl::string_view::npos)
        << opened.status().message();
  }
}

// kbs-types' vector: the protected member is base64url of the header JSON, and is the AAD as sent.
TEST(TeeKeyTest, ReadsTheUpstreamProtectedHeader) {
  const test_support::KbsVectors vectors = test_support::LoadKbsVectors();
  absl::StatusOr<TeeKey> key = KeyOf(vectors.jwes[0]);
  ASSERT_TRUE(key.ok());
  std::string jwe = vectors.jwes[0].jwe;
  const std::string marker = "\"protected\":\"";
  const size_t start = jwe.find(marker) + marker.size();
  jwe.replace(start, jwe.find('"', start) - start, vectors.aad);
  absl::StatusOr<SecretBytes> opened = key->OpenJwe(jwe);
  ASSERT_FALSE(opened.ok());
  EXPECT_NE(opened.status().message().find("enc \"fakeenc\" is not A256GCM"),
            absl::string_view::npos)
      << opened.status().message() << " for " << vectors.aad_header;
}

TEST(TeeKeyTest, FreshKeysOfEveryTypeExportTheirPublicKey) {
  for (absl::string_view name : {"ec-p256", "ec-p521", "rsa-2048"}) {
    absl::StatusOr<TeeKeyType> type = ParseTeeKeyType(name);
    ASSERT_TRUE(type.ok());
    absl::StatusOr<TeeKey> key = TeeKey::Generate(*type);
    ASSERT_TRUE(key.ok()) << name;
    const std::string jwk = key->PublicJwkJson();
    EXPECT_NE(jwk.find(*type == TeeKeyType::kRsa2048 ? "\"alg\":\"RSA-OAEP-256\""
                                                     : "\"alg\":\"ECDH-ES+A256KW\""),
              std::string::npos)
        << jwk;
  }
  EXPECT_FALSE(ParseTeeKeyType("ec-p384").ok());
}

}  // namespace
}  // namespace coco
