#include "src/image_crypt/layer_options.h"

#include <string>

#include "gtest/gtest.h"
#include "src/common/base64.h"
#include "src/testing/layer_vectors.h"

namespace coco {
namespace {

using test_support::LayerVector;
using test_support::LoadLayerVectors;

TEST(LayerOptionsTest, FormatsBothOptionsAsGoDoes) {
  for (const LayerVector& vector : LoadLayerVectors()) {
    const LayerSecret secret{SecretBytes(vector.key), SecretBytes(vector.nonce),
                             vector.plaintext_digest};
    EXPECT_EQ(FormatLayerSecret(secret).view(), vector.privopts) << vector.name;
    EXPECT_EQ(FormatPublicOptions(vector.hmac), vector.pubopts) << vector.name;
  }
}

TEST(LayerOptionsTest, ReadsBackWhatOcicryptWrites) {
  for (const LayerVector& vector : LoadLayerVectors()) {
    absl::StatusOr<LayerSecret> secret = ParseLayerSecret(SecretBytes(vector.privopts));
    ASSERT_TRUE(secret.ok()) << secret.status();
    EXPECT_EQ(secret->symkey.view(), vector.key);
    EXPECT_EQ(secret->nonce.view(), vector.nonce);
    EXPECT_EQ(secret->digest, vector.plaintext_digest);
    absl::StatusOr<PublicOptions> options = ParsePublicOptions(vector.pubopts);
    ASSERT_TRUE(options.ok()) << options.status();
    EXPECT_EQ(options->cipher, "AES_256_CTR_HMAC_SHA256");
    EXPECT_EQ(options->hmac, vector.hmac);
  }
}

TEST(LayerOptionsTest, NewSecretsAreFreshAndFullSize) {
  const LayerSecret first = NewLayerSecret("sha256:aa");
  const LayerSecret second = NewLayerSecret("sha256:aa");
  EXPECT_EQ(first.symkey.size(), 32u);
  EXPECT_EQ(first.nonce.size(), 16u);
  EXPECT_EQ(first.digest, "sha256:aa");
  EXPECT_NE(first.symkey.view(), second.symkey.view());
  EXPECT_NE(first.nonce.view(), second.nonce.view());
}

std::string PrivateOptions(absl::string_view symkey, absl::string_view rest) {
  return absl::StrCat("{\"symkey\":", symkey, rest, "}");
}

constexpr char kDigest[] =
    "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

TEST(LayerOptionsTest, SecretsOcicryptCouldNotUseAreRefused) {
  const std::string key = absl::StrCat("\"", EncodeBase64(std::string(32, 'k')), "\"");
  const std::string nonce = EncodeBase64(std::string(16, 'n'));
  const struct {
    std::string json;
    std::string error;
  } cases[] = {
      {"[]", "not a JSON object"},
      {"{", "not valid JSON"},
      {PrivateOptions("\"AAAA\"", ""), "\"symkey\" is 3 bytes, AES_256_CTR_HMAC_SHA256 needs 32"},
      {PrivateOptions("1", ""), "\"symkey\" is not a base64 string"},
      {PrivateOptions("\"%%%\"", ""), "\"symkey\" is not base64"},
      {PrivateOptions(key, ",\"digest\":\"d\""), "\"digest\": digest \"d\" is not"},
      {PrivateOptions(key, ""), "no \"nonce\" in \"cipheroptions\""},
      {PrivateOptions(key, absl::StrCat(",\"digest\":\"", kDigest, "\"")),
       "no \"nonce\" in \"cipheroptions\""},
      {PrivateOptions(key, absl::StrCat(",\"digest\":\"", kDigest, "\",\"cipheroptions\":{}")),
       "no \"nonce\""},
      {PrivateOptions(key, absl::StrCat(",\"digest\":\"", kDigest, "\",\"cipheroptions\":[]")),
       "\"cipheroptions\" is not an object"},
      {PrivateOptions(key, absl::StrCat(",\"digest\":\"", kDigest,
                                        "\",\"cipheroptions\":{\"nonce\":\"AAAA\"}")),
       "\"nonce\" is 3 bytes, AES_256_CTR_HMAC_SHA256 needs 16"},
      {PrivateOptions(key,
                      absl::StrCat(",\"digest\":7,\"cipheroptions\":{\"nonce\":\"", nonce, "\"}")),
       "\"digest\" is not a string"},
  };
  for (const auto& c : cases) {
    absl::StatusOr<LayerSecret> secret = ParseLayerSecret(SecretBytes(c.json));
    ASSERT_FALSE(secret.ok()) << c.json;
    EXPECT_NE(secret.status().message().find(c.error), absl::string_view::npos)
        << c.json << ": " << secret.status();
    EXPECT_EQ(secret.status().message().find(EncodeBase64(std::string(32, 'k'))),
              absl::string_view::npos);
  }
}

TEST(LayerOptionsTest, PublicOptionsOcicryptCouldNotUseAreRefused) {
  const std::string hmac = EncodeBase64(std::string(32, 'h'));
  const struct {
    std::string json;
    std::string error;
  } cases[] = {
      {"{}", "no cipher named"},
      {"{\"cipher\":\"\"}", "no cipher named"},
      {"{\"cipher\":\"AES_128_GCM\"}", "unsupported cipher \"AES_128_GCM\""},
      {"{\"cipher\":\"AES_256_CTR_HMAC_SHA256\"}", "no \"hmac\""},
      {"{\"cipher\":\"AES_256_CTR_HMAC_SHA256\",\"hmac\":null}", "no \"hmac\""},
      {"{\"cipher\":\"AES_256_CTR_HMAC_SHA256\",\"hmac\":\"AAAA\"}", "\"hmac\" is 3 bytes"},
      {absl::StrCat("{\"cipher\":\"AES_256_CTR_HMAC_SHA256\",\"hmac\":\"", hmac,
                    "\",\"cipheroptions\":{\"nonce\":\"AAAA\"}}"),
       "the public \"cipheroptions\" carry a nonce"},
  };
  for (const auto& c : cases) {
    absl::StatusOr<PublicOptions> options = ParsePublicOptions(c.json);
    ASSERT_FALSE(options.ok()) << c.json;
    EXPECT_NE(options.status().message().find(c.error), absl::string_view::npos)
        << c.json << ": " << options.status();
  }
}

}  // namespace
}  // namespace coco
