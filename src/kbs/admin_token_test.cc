#include "src/kbs/admin_token.h"

#include <string>

#include "gtest/gtest.h"
#include "src/testing/kbs_vectors.h"

namespace coco {
namespace {

// Ed25519 signatures are deterministic: the token must be the independently computed one, byte for
// byte.
TEST(AdminTokenTest, MatchesIndependentTokens) {
  const test_support::KbsVectors v = test_support::LoadKbsVectors();
  absl::StatusOr<AdminKey> key = AdminKey::FromPem(SecretBytes(v.admin_private_key_pem));
  ASSERT_TRUE(key.ok()) << key.status();
  for (const test_support::AdminTokenVector& t : v.tokens) {
    AdminClaims claims;
    claims.role = t.role;
    if (!t.issuer.empty()) claims.issuer = t.issuer;
    if (!t.audience.empty()) claims.audience = t.audience;
    EXPECT_EQ(key->SignToken(claims, t.iat).view(), t.token) << t.name;
  }
}

TEST(AdminTokenTest, RefusesWhatIsNotAnEd25519PrivateKey) {
  const test_support::KbsVectors v = test_support::LoadKbsVectors();
  for (const std::string& pem : {std::string(""), std::string("not a pem"), v.admin_public_key_pem,
                                 v.jwes.back().private_key_pem}) {
    absl::StatusOr<AdminKey> key = AdminKey::FromPem(SecretBytes(pem));
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.status().message(),
              "not an Ed25519 private key in PKCS#8 PEM (as `openssl genpkey -algorithm ed25519` "
              "writes)");
  }
}

}  // namespace
}  // namespace coco
