#include "src/protocol/request.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace coco {
namespace {

constexpr absl::string_view kName = "attestation-agent";

absl::StatusOr<Request> Parse(absl::string_view json, absl::string_view name = kName) {
  return ParseRequest(SecretBytes(json), name);
}

std::string B64(absl::string_view s) { return absl::Base64Escape(s); }

// The shape skopeo 1.18 sends for --encryption-key provider:attestation-agent:<params> next to a
// JWE recipient (PROTOCOL.md §2).
std::string SkopeoKeyWrap(absl::string_view params, absl::string_view optsdata) {
  return absl::StrCat(
      R"({"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"attestation-agent":[")", B64(params),
      R"("],"pubkeys":[")", B64("-----BEGIN PUBLIC KEY-----"),
      R"("]},"DecryptConfig":{"Parameters":{}}},"optsdata":")", B64(optsdata),
      R"("},"keyunwrapparams":{"dc":null,"annotation":null}})");
}

std::string SkopeoKeyUnwrap(absl::string_view entries_json, absl::string_view annotation) {
  return absl::StrCat(R"({"op":"keyunwrap","keywrapparams":{"ec":null,"optsdata":null},)",
                      R"("keyunwrapparams":{"dc":{"Parameters":{)", entries_json,
                      R"(,"privkeys":[")", B64("-----BEGIN PRIVATE KEY-----"),
                      R"("],"privkeys-passwords":[null]}},"annotation":")", B64(annotation),
                      R"("}})");
}

TEST(ParseRequestTest, SkopeoKeyWrap) {
  auto request = Parse(SkopeoKeyWrap("keyid=kbs:///a/b/c::keypath=/k", "{\"symkey\":\"x\"}"));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->operation, Operation::kKeyWrap);
  ASSERT_TRUE(request->parameters.has_value());
  EXPECT_EQ(*request->parameters, std::vector<std::string>{"keyid=kbs:///a/b/c::keypath=/k"});
  EXPECT_EQ(request->payload.view(), "{\"symkey\":\"x\"}");
}

TEST(ParseRequestTest, SkopeoKeyUnwrapWithOurEntry) {
  auto request =
      Parse(SkopeoKeyUnwrap(absl::StrCat(R"("attestation-agent":[")", B64("offline_fs_kbc::null"),
                                         R"(","RW5hYmxlZA=="])"),
                            "packet"));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->operation, Operation::kKeyUnwrap);
  EXPECT_EQ(*request->parameters, (std::vector<std::string>{"offline_fs_kbc::null", "Enabled"}));
  EXPECT_EQ(request->payload.view(), "packet");
}

TEST(ParseRequestTest, KeyUnwrapWithoutOurEntryHasNoParameters) {
  // skopeo calls every provider whose annotation is on the layer, named or not.
  auto request = Parse(SkopeoKeyUnwrap(R"("other":["eA=="])", "packet"));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_FALSE(request->parameters.has_value());
}

TEST(ParseRequestTest, StructKeysMatchCaseInsensitivelyLikeGo) {
  auto request = Parse(
      absl::StrCat(R"({"OP":"keywrap","KeyWrapParams":{"EC":{"parameters":{"attestation-agent":[")",
                   B64("sample=true"), R"("]}},"OptsData":")", B64("secret"), R"("}})"));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(*request->parameters, std::vector<std::string>{"sample=true"});
  EXPECT_EQ(request->payload.view(), "secret");
}

TEST(ParseRequestTest, LastCaseInsensitiveDuplicateWinsLikeGo) {
  auto request = Parse(absl::StrCat(
      R"({"op":"keyunwrap","Op":"keywrap","keywrapparams":{"optsdata":")", B64("s"), R"("}})"));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->operation, Operation::kKeyWrap);
}

TEST(ParseRequestTest, ParameterMapKeysAreExact) {
  auto request = Parse(
      absl::StrCat(R"({"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"Attestation-Agent":[")",
                   B64("sample=true"), R"("]}},"optsdata":")", B64("s"), R"("}})"));
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_FALSE(request->parameters.has_value());
}

TEST(ParseRequestTest, OtherProviderNameReadsOnlyItsEntry) {
  auto request = Parse(SkopeoKeyWrap("sample=true", "s"), "pubkeys");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(*request->parameters, std::vector<std::string>{"-----BEGIN PUBLIC KEY-----"});
}

TEST(ParseRequestTest, NullIsAcceptedAnywhere) {
  const std::string optsdata = B64("s");
  for (const std::string& json : {
           absl::StrCat(R"({"op":"keywrap","keywrapparams":{"ec":null,"optsdata":")", optsdata,
                        R"("},"keyunwrapparams":null})"),
           absl::StrCat(R"({"op":"keywrap","keywrapparams":{"ec":{"Parameters":null,)",
                        R"("DecryptConfig":null},"optsdata":")", optsdata, R"("}})"),
           absl::StrCat(R"({"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"x":null}},)",
                        R"("optsdata":")", optsdata, R"("}})"),
       }) {
    auto request = Parse(json);
    ASSERT_TRUE(request.ok()) << json << ": " << request.status();
    EXPECT_FALSE(request->parameters.has_value());
  }
  auto null_list = Parse(absl::StrCat(
      R"({"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"attestation-agent":null}},)",
      R"("optsdata":")", optsdata, R"("}})"));
  ASSERT_TRUE(null_list.ok());
  EXPECT_TRUE(null_list->parameters->empty());
  auto null_element = Parse(absl::StrCat(
      R"({"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"attestation-agent":[null]}},)",
      R"("optsdata":")", optsdata, R"("}})"));
  ASSERT_TRUE(null_element.ok());
  EXPECT_EQ(*null_element->parameters, std::vector<std::string>{""});
}

TEST(ParseRequestTest, UnknownMembersAndOtherSchemesGarbageAreIgnored) {
  auto request = Parse(absl::StrCat(
      R"({"op":"keywrap","future":{"deep":[1,2,3]},"keywrapparams":{"ec":{"Parameters":{)",
      R"("pubkeys":["not base64!"],"gpg-recipients":17}},"optsdata":")", B64("s"), R"(","x":1}})"));
  ASSERT_TRUE(request.ok()) << request.status();
}

struct BadRequest {
  std::string json;
  absl::string_view error;
};

TEST(ParseRequestTest, RejectsMalformedRequests) {
  const std::string optsdata = B64("s");
  const BadRequest cases[] = {
      {"", "request: not valid JSON"},
      {"{", "request: not valid JSON"},
      {"{} {}", "request: not valid JSON"},
      {"[]", "request: not a JSON object"},
      {"{}", "request: no \"op\""},
      {R"({"op":"wrap"})", "\"op\" is neither"},
      {R"({"op":1})", "\"op\" is neither"},
      {R"({"op":"keywrap"})", "request: no \"keywrapparams\""},
      {R"({"op":"keywrap","keywrapparams":[]})", "keywrapparams is not an object"},
      {R"({"op":"keywrap","keywrapparams":{"ec":"x"}})", "keywrapparams.ec is not an object"},
      {R"({"op":"keywrap","keywrapparams":{"ec":{"Parameters":[]}}})",
       "keywrapparams.ec.Parameters is not an object"},
      {R"({"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"attestation-agent":"x"}}}})",
       "[\"attestation-agent\"] is not a list"},
      {R"({"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"attestation-agent":[1]}}}})",
       "has an element that is not a string"},
      {R"({"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"attestation-agent":["c2FtcGx="]}}}})",
       "has an element that is not canonical padded base64"},
      {R"({"op":"keywrap","keywrapparams":{"ec":null}})", "no \"keywrapparams.optsdata\""},
      {R"({"op":"keywrap","keywrapparams":{"optsdata":"%%%%"}})",
       "keywrapparams.optsdata is not canonical"},
      {R"({"op":"keywrap","keywrapparams":{"optsdata":[1,2]}})",
       "keywrapparams.optsdata is not a base64 string"},
      {R"({"op":"keyunwrap","keyunwrapparams":{"dc":null,"annotation":null}})",
       "no \"keyunwrapparams.annotation\""},
      {std::string(R"({"op":"keywrap",)") + std::string(200000, '['), "not valid JSON"},
  };
  for (const BadRequest& c : cases) {
    auto request = Parse(c.json);
    ASSERT_FALSE(request.ok()) << c.json.substr(0, 100);
    EXPECT_NE(request.status().message().find(c.error), absl::string_view::npos)
        << c.json.substr(0, 100) << " -> " << request.status().message();
  }
}

TEST(ParseRequestTest, ErrorsNeverEchoSecrets) {
  auto request = Parse(absl::StrCat(
      R"({"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"attestation-agent":["c2VjcmV0"]}},)",
      R"("optsdata":"c2VjcmV0!"}})"));
  ASSERT_FALSE(request.ok());
  EXPECT_EQ(request.status().message().find("c2VjcmV0"), absl::string_view::npos);
}

}  // namespace
}  // namespace coco
