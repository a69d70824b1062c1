#include "src/image_crypt/verify_report.h"

#include <string>

#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "src/common/json_input.h"

namespace coco {
namespace {

VerifiedImage Image() {
  VerifiedImage image;
  image.manifest_digest = "sha256:m";
  image.platform = "linux/arm64";
  image.config_digest = "sha256:c";
  image.config.env = {"PATH=/bin", "API_TOKEN=s3cr3t"};
  image.config.labels = {{"maintainer", "someone@example.com"}};
  image.config.history_entries = 2;
  image.config.diff_ids = {"sha256:d0", "sha256:d1"};
  VerifiedLayer opened{"sha256:l0", "application/vnd.oci.image.layer.v1.tar+gzip+encrypted", true,
                       "kbs:///default/key/1", "A256GCM"};
  VerifiedLayer other_digest = opened;
  other_digest.digest = "sha256:l1";
  other_digest.digest_matches = false;
  VerifiedLayer plain{"sha256:l2", "application/vnd.oci.image.layer.v1.tar+gzip"};
  VerifiedLayer foreign{"sha256:l3", "application/vnd.oci.image.layer.nondistributable.v1.tar"};
  foreign.foreign = true;
  image.layers = {opened, other_digest, plain, foreign};
  return image;
}

TEST(VerifyReportTest, TextShowsEachLayerAndWhatStaysInPlaintextButNoValues) {
  const std::string text = FormatVerificationText({Image()});
  EXPECT_EQ(text,
            "image sha256:m (linux/arm64)\n"
            "  layer 0 of 4: sha256:l0 application/vnd.oci.image.layer.v1.tar+gzip+encrypted\n"
            "    kid kbs:///default/key/1, A256GCM: opens, HMAC and digest verified\n"
            "  layer 1 of 4: sha256:l1 application/vnd.oci.image.layer.v1.tar+gzip+encrypted\n"
            "    kid kbs:///default/key/1, A256GCM: opens, HMAC verified; the digest its secret "
            "records is not the plaintext's\n"
            "  layer 2 of 4: sha256:l2 application/vnd.oci.image.layer.v1.tar+gzip\n"
            "    not encrypted: anyone with the image can read it\n"
            "  layer 3 of 4: sha256:l3 application/vnd.oci.image.layer.nondistributable.v1.tar\n"
            "    a foreign layer (urls): passed through, not read\n"
            "  in plaintext, config sha256:c:\n"
            "    ENV: PATH, API_TOKEN\n"
            "    labels: maintainer\n"
            "    history: 2 entries\n"
            "    diff_ids: 2\n"
            "      sha256:d0\n"
            "      sha256:d1\n"
            "  4 layers, 2 encrypted: each of those opens and its HMAC verifies\n");
  EXPECT_EQ(text.find("s3cr3t"), std::string::npos);
}

TEST(VerifyReportTest, JsonHasTheSameForScripts) {
  const std::string json = FormatVerificationJson({Image()});
  EXPECT_EQ(json.find("s3cr3t"), std::string::npos);
  rapidjson::Document document;
  ASSERT_TRUE(ParseJson(json, json.size(), document).ok());
  const rapidjson::Value& image = document["images"][0];
  EXPECT_STREQ(image["platform"].GetString(), "linux/arm64");
  EXPECT_STREQ(image["config"]["env"][1].GetString(), "API_TOKEN");
  EXPECT_EQ(image["config"]["diff_ids"].Size(), 2u);
  const rapidjson::Value& layers = image["layers"];
  EXPECT_STREQ(layers[0]["verified"].GetString(), "opens, HMAC and digest verified");
  EXPECT_STREQ(layers[0]["kid"].GetString(), "kbs:///default/key/1");
  EXPECT_TRUE(layers[2]["kid"].IsNull());
  EXPECT_TRUE(layers[2]["verified"].IsNull());
  EXPECT_TRUE(layers[3]["foreign"].GetBool());
}

}  // namespace
}  // namespace coco
