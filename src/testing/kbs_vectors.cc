#include "src/testing/kbs_vectors.h"

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "src/testing/json_file.h"

namespace coco {
namespace test_support {
namespace {

constexpr char kVectorsPath[] = "testdata/vectors/kbs_vectors.json";

// An optional string member: empty when absent.
std::string Optional(const rapidjson::Value& object, const char* name) {
  return object.HasMember(name) ? String(object, name) : "";
}

}  // namespace

KbsVectors LoadKbsVectors() {
  rapidjson::Document document = LoadJsonFile(kVectorsPath);
  KbsVectors v;
  const rapidjson::Value& admin = Member(document, "admin");
  v.admin_private_key_pem = String(admin, "private_key_pem");
  v.admin_public_key_pem = String(admin, "public_key_pem");
  const rapidjson::Value& tokens = Member(admin, "tokens");
  if (tokens.IsArray()) {
    for (const rapidjson::Value& t : tokens.GetArray()) {
      const rapidjson::Value& claims = Member(t, "claims");
      v.tokens.push_back({String(t, "name"), Integer(claims, "iat"), String(claims, "role"),
                          Optional(claims, "iss"), Optional(claims, "aud"), String(t, "token")});
    }
  }
  const rapidjson::Value& jwes = Member(document, "jwes");
  if (jwes.IsArray()) {
    for (const rapidjson::Value& j : jwes.GetArray()) {
      v.jwes.push_back({String(j, "name"),
                        j.HasMember("private_key_hex") ? Hex(j, "private_key_hex") : "",
                        Optional(j, "private_key_pem"), Compact(Member(j, "tee_pubkey")),
                        String(j, "jwe"), Hex(j, "plaintext_hex")});
    }
  }
  const rapidjson::Value& report = Member(document, "report_data");
  v.nonce = String(report, "nonce");
  v.tee_pubkey_json = Compact(Member(report, "tee_pubkey"));
  v.report_data_v0_4_0 = String(report, "v0_4_0");
  v.report_data_v0_2_0 = String(report, "v0_2_0");
  const rapidjson::Value& upstream = Member(document, "upstream");
  v.aad_header = String(upstream, "aad_header");
  v.aad = String(upstream, "aad");
  v.canonical_input = String(upstream, "canonical_input");
  v.canonical_output = String(upstream, "canonical_output");
  v.canonical_sha384 = Hex(upstream, "canonical_sha384_hex");
  EXPECT_EQ(v.jwes.size(), 3u);
  EXPECT_EQ(v.tokens.size(), 2u);
  return v;
}

}  // namespace test_support
}  // namespace coco
