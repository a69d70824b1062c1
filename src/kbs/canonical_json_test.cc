#include "src/kbs/canonical_json.h"

#include <openssl/sha.h>

#include <string>

#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "src/common/json_input.h"
#include "src/testing/kbs_vectors.h"

namespace coco {
namespace {

absl::StatusOr<std::string> Canonical(absl::string_view json) {
  rapidjson::Document document;
  EXPECT_TRUE(ParseJson(json, json.size(), document).ok()) << json;
  return CanonicalJson(document);
}

// attestation-service's own test of the runtime-data binding (KBS.md §6).
TEST(CanonicalJsonTest, MatchesTheUpstreamVector) {
  const test_support::KbsVectors v = test_support::LoadKbsVectors();
  absl::StatusOr<std::string> canonical = Canonical(v.canonical_input);
  ASSERT_TRUE(canonical.ok()) << canonical.status();
  EXPECT_EQ(*canonical, v.canonical_output);
  uint8_t digest[SHA384_DIGEST_LENGTH];
  SHA384(reinterpret_cast<const uint8_t*>(canonical->data()), canonical->size(), digest);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(digest), sizeof(digest)), v.canonical_sha384);
}

// RFC 8785 §3.2.2.2 and §3.2.3: ECMAScript escaping, and member order by UTF-16 code units: U+1F600
// (the surrogates 0xD83D 0xDE00) sorts before U+FB33 (0xFB33), though its UTF-8 sorts after.
TEST(CanonicalJsonTest, EscapesAndOrdersAsTheRfcSays) {
  EXPECT_EQ(*Canonical(R"({"b":[true,false,null],"a":"\u0001\"\\\n\u00e9/"})"),
            "{\"a\":\"\\u0001\\\"\\\\\\n\xc3\xa9/\",\"b\":[true,false,null]}");
  EXPECT_EQ(*Canonical("{\"\xef\xac\xb3\":1,\"\xf0\x9f\x98\x80\":2,\"z\":3}"),
            "{\"z\":3,\"\xf0\x9f\x98\x80\":2,\"\xef\xac\xb3\":1}");
  EXPECT_EQ(*Canonical(R"([-9007199254740992,0,9007199254740992])"),
            "[-9007199254740992,0,9007199254740992]");
}

TEST(CanonicalJsonTest, RefusesNumbersItWouldHaveToGuess) {
  EXPECT_FALSE(Canonical("[1.5]").ok());
  EXPECT_FALSE(Canonical("[9007199254740993]").ok());
  EXPECT_FALSE(Canonical("[1e10]").ok());
}

}  // namespace
}  // namespace coco
