#include "src/kbs/kbs_protocol.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "src/common/json_input.h"
#include "src/testing/kbs_vectors.h"

namespace coco {
namespace {

TEST(KbsProtocolTest, ReportDataMatchesIndependentHashesForBothVersions) {
  const test_support::KbsVectors v = test_support::LoadKbsVectors();
  EXPECT_EQ(*ReportData(KbsProtocol::kV0_4_0, v.nonce, v.tee_pubkey_json), v.report_data_v0_4_0);
  EXPECT_EQ(*ReportData(KbsProtocol::kV0_2_0, v.nonce, v.tee_pubkey_json), v.report_data_v0_2_0);
}

TEST(KbsProtocolTest, AttestationBodiesInTheShapeOfEachVersion) {
  const test_support::KbsVectors v = test_support::LoadKbsVectors();
  for (KbsProtocol protocol : {KbsProtocol::kV0_4_0, KbsProtocol::kV0_2_0}) {
    absl::StatusOr<std::string> body = AttestRequestJson(protocol, v.nonce, v.tee_pubkey_json);
    ASSERT_TRUE(body.ok());
    rapidjson::Document document;
    ASSERT_TRUE(ParseJson(*body, body->size(), document).ok()) << *body;
    if (protocol == KbsProtocol::kV0_4_0) {
      EXPECT_EQ(std::string(document["runtime-data"]["nonce"].GetString()), v.nonce);
      EXPECT_EQ(
          std::string(document["tee-evidence"]["primary_evidence"]["report_data"].GetString()),
          v.report_data_v0_4_0);
      EXPECT_EQ(std::string(document["tee-evidence"]["additional_evidence"].GetString()), "");
      EXPECT_TRUE(document["runtime-data"]["tee-pubkey"].IsObject());
    } else {
      EXPECT_EQ(std::string(document["tee-evidence"]["report_data"].GetString()),
                v.report_data_v0_2_0);
      EXPECT_TRUE(document["tee-pubkey"].IsObject());
      EXPECT_FALSE(document.HasMember("runtime-data"));
    }
  }
  EXPECT_NE(AuthRequestJson(KbsProtocol::kV0_4_0).find(R"("version":"0.4.0","tee":"sample")"),
            std::string::npos);
  EXPECT_NE(AuthRequestJson(KbsProtocol::kV0_2_0).find(R"("version":"0.2.0")"), std::string::npos);
}

TEST(KbsProtocolTest, ErrorInformationAndTheVersionAKbsAsksFor) {
  const std::string mismatch =
      R"({"type":"https://github.com/confidential-containers/kbs/errors/AttestationError",)"
      R"("detail":"Attestation error: RCAR handshake Auth failed: KBS Client Protocol Version )"
      R"(Mismatch: expect =0.2.0 while the request is 0.4.0"})";
  EXPECT_EQ(ErrorDetail(mismatch).rfind("AttestationError: Attestation error: RCAR", 0), 0u);
  EXPECT_EQ(ProtocolAskedFor(mismatch), KbsProtocol::kV0_2_0);
  EXPECT_EQ(ProtocolAskedFor(R"({"detail":"Protocol Version Mismatch: expect =0.9.0"})"),
            std::nullopt);
  EXPECT_EQ(ErrorDetail(R"({"type":"x/errors/PolicyDeny","detail":"Access denied by policy"})"),
            "PolicyDeny: Access denied by policy");
  EXPECT_EQ(ErrorDetail(absl::StrCat(R"({"detail":")", std::string(300, 'd'), "\\n\"}")).size(),
            203u);
  EXPECT_EQ(ErrorDetail("<html>\x1b[31m"), "<html>\\x1b[31m");
  EXPECT_EQ(ErrorDetail(""), "no detail");
  EXPECT_EQ(RawErrorDetail(R"({"type":"x/errors/PolicyDeny","detail":"say \"no\"\n"})"),
            "PolicyDeny: say \"no\"\n");
  EXPECT_EQ(RawErrorDetail(std::string(300, 'd')), std::string(200, 'd') + "...");
}

TEST(KbsProtocolTest, OnlyTrusteesErrorInformationIsAKbsRefusal) {
  EXPECT_TRUE(IsTrusteeError(
      R"({"type":"https://github.com/confidential-containers/kbs/errors/TokenNotFound",)"
      R"("detail":"Attestation Token not found"})"));
  for (absl::string_view other :
       {R"({"type":"x/errors/PolicyDeny","detail":"Access denied by policy"})",
        R"({"type":"https://github.com/confidential-containers/kbs/errors/"})",
        R"({"type":"https://example.com/kbs/errors/TokenNotFound"})",
        R"({"detail":"Attestation Token not found"})", R"(["TokenNotFound"])", "<html>404</html>",
        ""}) {
    EXPECT_FALSE(IsTrusteeError(other)) << other;
  }
}

TEST(KbsProtocolTest, MalformedAnswers) {
  EXPECT_FALSE(ChallengeNonce("{oops").ok());
  EXPECT_EQ(ChallengeNonce(R"({"nonce":7})").status().message(),
            "the challenge has no \"nonce\" string");
  EXPECT_EQ(*ChallengeNonce(R"({"nonce":"abc","extra-params":""})"), "abc");
  EXPECT_FALSE(CheckAttestationToken(R"({"tok":"x"})").ok());
  EXPECT_TRUE(CheckAttestationToken(R"({"token":"a.b.c"})").ok());
}

}  // namespace
}  // namespace coco
