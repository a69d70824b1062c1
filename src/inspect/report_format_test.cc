#include "src/inspect/report_format.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "src/common/json_input.h"

namespace coco {
namespace {

ImageReport SampleImage() {
  LayerReport encrypted;
  encrypted.digest = "sha256:aaaa";
  encrypted.size = 1234;
  encrypted.media_type = "application/vnd.oci.image.layer.v1.tar+gzip+encrypted";
  encrypted.encrypted = true;
  encrypted.cipher = "AES_256_CTR_HMAC_SHA256";
  encrypted.provider_keys = {
      {"attestation-agent", "kbs:///default/key/key_id1", "A256GCM", 12, 61, ""},
      {"other", "", "", 0, 0, "annotation packet: not valid JSON"},
  };
  encrypted.other_recipients = {"jwe"};
  LayerReport plain;
  plain.digest = "sha256:bbbb";
  plain.size = 7;
  plain.media_type = "application/vnd.oci.image.layer.v1.tar";
  return ImageReport{"sha256:cccc",
                     "application/vnd.oci.image.manifest.v1+json",
                     "linux/amd64",
                     {encrypted, plain}};
}

TEST(FormatReportTextTest, OneBlockPerImageAndLayer) {
  EXPECT_EQ(FormatReportText({SampleImage()}),
            "image sha256:cccc (linux/amd64)\n"
            "  manifest type: application/vnd.oci.image.manifest.v1+json\n"
            "  layer 1/2: sha256:aaaa, 1234 bytes\n"
            "    media type: application/vnd.oci.image.layer.v1.tar+gzip+encrypted\n"
            "    encrypted: yes\n"
            "    cipher: AES_256_CTR_HMAC_SHA256\n"
            "    provider attestation-agent: kid kbs:///default/key/key_id1, wrap_type A256GCM, "
            "iv 12 bytes, wrapped data 61 bytes\n"
            "    provider other: unreadable: annotation packet: not valid JSON\n"
            "    jwe: present\n"
            "  layer 2/2: sha256:bbbb, 7 bytes\n"
            "    media type: application/vnd.oci.image.layer.v1.tar\n"
            "    encrypted: no\n");
}

TEST(FormatReportTextTest, WarnsOfAnEncryptedLayerWithoutKeysAndEscapesControls) {
  LayerReport layer;
  layer.digest = "sha256:dddd";
  layer.media_type = "x+encrypted\x1b[31m";
  layer.encrypted = true;
  layer.cipher_error = "pubopts: not a JSON object";
  const std::string text = FormatReportText({ImageReport{"sha256:eeee", "", "", {layer}}});
  EXPECT_NE(text.find("    media type: x+encrypted\\x1b[31m\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    cipher: unreadable: pubopts: not a JSON object\n"), std::string::npos);
  EXPECT_NE(text.find("    no wrapped key: nobody can decrypt this layer\n"), std::string::npos);
  EXPECT_EQ(text.find("manifest type"), std::string::npos);
}

TEST(FormatReportJsonTest, OneDocumentScriptsCanRead) {
  const std::string json = FormatReportJson({SampleImage()});
  rapidjson::Document document;
  ASSERT_TRUE(ParseJson(json, json.size(), document, Utf8::kRequired).ok()) << json;
  const rapidjson::Value& image = document["images"][0];
  EXPECT_STREQ(image["digest"].GetString(), "sha256:cccc");
  EXPECT_STREQ(image["platform"].GetString(), "linux/amd64");
  const rapidjson::Value& layer = image["layers"][0];
  EXPECT_EQ(layer["size"].GetInt64(), 1234);
  EXPECT_TRUE(layer["encrypted"].GetBool());
  EXPECT_STREQ(layer["cipher"].GetString(), "AES_256_CTR_HMAC_SHA256");
  EXPECT_FALSE(layer.HasMember("cipher_error"));
  const rapidjson::Value& key = layer["provider_keys"][0];
  EXPECT_STREQ(key["provider"].GetString(), "attestation-agent");
  EXPECT_STREQ(key["kid"].GetString(), "kbs:///default/key/key_id1");
  EXPECT_STREQ(key["wrap_type"].GetString(), "A256GCM");
  EXPECT_EQ(key["iv_length"].GetUint64(), 12u);
  EXPECT_EQ(key["wrapped_data_length"].GetUint64(), 61u);
  EXPECT_FALSE(key.HasMember("error"));
  const rapidjson::Value& broken = layer["provider_keys"][1];
  EXPECT_STREQ(broken["error"].GetString(), "annotation packet: not valid JSON");
  EXPECT_FALSE(broken.HasMember("kid"));
  EXPECT_STREQ(layer["other_recipients"][0].GetString(), "jwe");
  const rapidjson::Value& plain = image["layers"][1];
  EXPECT_FALSE(plain["encrypted"].GetBool());
  EXPECT_TRUE(plain["cipher"].IsNull());
  EXPECT_EQ(plain["provider_keys"].Size(), 0u);
  EXPECT_EQ(json.back(), '\n');
}

TEST(FormatReportJsonTest, InvalidUtf8IsEscapedNotPassedThrough) {
  ImageReport image = SampleImage();
  image.layers[0].provider_keys[0].kid = "kbs:///a/b/\xff\xfe";
  image.layers[0].cipher = "caf\xc3\xa9";  // Valid UTF-8 stays as it is.
  const std::string json = FormatReportJson({image});
  rapidjson::Document document;
  ASSERT_TRUE(ParseJson(json, json.size(), document, Utf8::kRequired).ok()) << json;
  const rapidjson::Value& layer = document["images"][0]["layers"][0];
  EXPECT_STREQ(layer["provider_keys"][0]["kid"].GetString(), "kbs:///a/b/\\xff\\xfe");
  EXPECT_STREQ(layer["cipher"].GetString(), "caf\xc3\xa9");
}

// RapidJSON's writer scans strings 16 bytes at a time (SSE2): every control character in a long
// string must come out escaped, 0x1a to 0x1f too (third_party/patches/rapidjson/0002-...).
TEST(FormatReportJsonTest, EveryControlCharacterIsEscaped) {
  for (int c = 1; c < 0x20; ++c) {
    ImageReport image = SampleImage();
    const std::string kid =
        absl::StrCat("kbs:///default/key/with-a-control-character:", std::string(1, char(c)),
                     "-and-the-rest-of-a-long-kid");
    image.layers[0].provider_keys[0].kid = kid;
    const std::string json = FormatReportJson({image});
    for (char out : json) {
      EXPECT_TRUE(out == '\n' || static_cast<unsigned char>(out) >= 0x20) << c;
    }
    rapidjson::Document document;
    ASSERT_TRUE(ParseJson(json, json.size(), document, Utf8::kRequired).ok()) << c;
    EXPECT_EQ(document["images"][0]["layers"][0]["provider_keys"][0]["kid"].GetString(), kid);
  }
}

TEST(FormatReportTest, NoImages) {
  EXPECT_EQ(FormatReportText({}), "");
  EXPECT_EQ(FormatReportJson({}), "{\n  \"images\": []\n}\n");
}

}  // namespace
}  // namespace coco
