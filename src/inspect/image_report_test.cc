#include "src/inspect/image_report.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace coco {
namespace {

std::string B64(absl::string_view s) { return absl::Base64Escape(s); }

// A packet as the keyprovider writes it, built here by hand.
std::string Packet(absl::string_view kid, size_t wrapped, size_t iv, absl::string_view type) {
  return absl::StrCat(R"({"kid":")", kid, R"(","wrapped_data":")", B64(std::string(wrapped, 'w')),
                      R"(","iv":")", B64(std::string(iv, 'i')), R"(","wrap_type":")", type,
                      R"("})");
}

Descriptor Layer(std::map<std::string, std::string> annotations,
                 std::string media_type = "application/vnd.oci.image.layer.v1.tar+gzip+encrypted") {
  return Descriptor{std::move(media_type), "sha256:" + std::string(64, 'a'), 1234,
                    std::move(annotations), ""};
}

TEST(DescribeLayerTest, AnEncryptedLayer) {
  LayerReport layer = DescribeLayer(Layer({
      {"org.opencontainers.image.enc.keys.provider.attestation-agent",
       B64(Packet("kbs:///default/key/key_id1", 61, 12, "A256GCM"))},
      {"org.opencontainers.image.enc.keys.jwe", B64("{\"protected\":\"...\"}")},
      {"org.opencontainers.image.enc.pubopts",
       B64(R"({"cipher":"AES_256_CTR_HMAC_SHA256","hmac":"c2VjcmV0","cipheroptions":{}})")},
      {"org.opencontainers.image.title", "not about encryption"},
  }));
  EXPECT_EQ(layer.digest, "sha256:" + std::string(64, 'a'));
  EXPECT_EQ(layer.size, 1234);
  EXPECT_TRUE(layer.encrypted);
  EXPECT_EQ(layer.cipher, "AES_256_CTR_HMAC_SHA256");
  EXPECT_EQ(layer.cipher_error, "");
  ASSERT_EQ(layer.provider_keys.size(), 1u);
  const ProviderKeyReport& key = layer.provider_keys[0];
  EXPECT_EQ(key.provider, "attestation-agent");
  EXPECT_EQ(key.kid, "kbs:///default/key/key_id1");
  EXPECT_EQ(key.wrap_type, "A256GCM");
  EXPECT_EQ(key.iv_length, 12u);
  EXPECT_EQ(key.wrapped_data_length, 61u);
  EXPECT_EQ(key.error, "");
  EXPECT_EQ(layer.other_recipients, std::vector<std::string>{"jwe"});
}

TEST(DescribeLayerTest, APlainLayer) {
  LayerReport layer = DescribeLayer(Layer({}, "application/vnd.oci.image.layer.v1.tar+gzip"));
  EXPECT_FALSE(layer.encrypted);
  EXPECT_EQ(layer.cipher, "");
  EXPECT_TRUE(layer.provider_keys.empty());
  EXPECT_TRUE(layer.other_recipients.empty());
}

TEST(DescribeLayerTest, OnePacketPerRecipientEachReadOnItsOwn) {
  LayerReport layer = DescribeLayer(Layer({
      {"org.opencontainers.image.enc.keys.provider.kp",
       absl::StrCat(B64(Packet("kbs:///a/b/c", 10, 16, "A256CTR")), ",", "not-base64!", ",",
                    B64("{]"), ",", B64(Packet("kbs:///a/b/c", 10, 11, "A256GCM")))},
  }));
  ASSERT_EQ(layer.provider_keys.size(), 4u);
  EXPECT_EQ(layer.provider_keys[0].wrap_type, "A256CTR");
  EXPECT_EQ(layer.provider_keys[0].iv_length, 16u);
  EXPECT_EQ(layer.provider_keys[1].error,
            "annotation: not canonical padded base64 (standard alphabet)");
  EXPECT_EQ(layer.provider_keys[2].error.rfind("annotation packet: not valid JSON", 0), 0u);
  EXPECT_EQ(layer.provider_keys[3].error,
            "annotation packet: \"iv\" is 11 bytes, A256GCM needs 12");
  for (const ProviderKeyReport& key : layer.provider_keys) EXPECT_EQ(key.provider, "kp");
}

TEST(DescribeLayerTest, UnreadablePubOpts) {
  for (const std::string& pubopts : {std::string("%%"), B64("[1]"), B64("{\"hmac\":\"x\"}")}) {
    LayerReport layer = DescribeLayer(Layer({{"org.opencontainers.image.enc.pubopts", pubopts}}));
    EXPECT_EQ(layer.cipher, "");
    EXPECT_EQ(layer.cipher_error.rfind("pubopts: ", 0), 0u) << layer.cipher_error;
  }
}

TEST(DescribeImageTest, EveryLayerInOrder) {
  LocatedManifest image{"sha256:" + std::string(64, 'b'),
                        "linux/amd64",
                        {"application/vnd.oci.image.manifest.v1+json",
                         std::nullopt,
                         {Layer({}), Layer({}, "application/vnd.oci.image.layer.v1.tar")}}};
  ImageReport report = DescribeImage(image);
  EXPECT_EQ(report.digest, image.digest);
  EXPECT_EQ(report.platform, "linux/amd64");
  EXPECT_EQ(report.media_type, "application/vnd.oci.image.manifest.v1+json");
  ASSERT_EQ(report.layers.size(), 2u);
  EXPECT_TRUE(report.layers[0].encrypted);
  EXPECT_FALSE(report.layers[1].encrypted);
}

}  // namespace
}  // namespace coco
