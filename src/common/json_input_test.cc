#include "src/common/json_input.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace coco {
namespace {

constexpr std::size_t kLimit = 1 << 20;

TEST(JsonInputTest, StringsPointIntoTheSecretBuffer) {
  SecretBytes json(absl::string_view(R"({"symkey":"c2VjcmV0","n":[1,2]})"));
  rapidjson::Document document;
  ASSERT_TRUE(ParseJsonInPlace(json, kLimit, document).ok());
  const char* symkey = document["symkey"].GetString();
  EXPECT_EQ(absl::string_view(symkey), "c2VjcmV0");
  EXPECT_GE(reinterpret_cast<const uint8_t*>(symkey), json.data());
  EXPECT_LT(reinterpret_cast<const uint8_t*>(symkey), json.data() + json.size());
}

// `text` in an allocation that ends exactly where the padding does, as the file reader's does.
SecretBytes TightlyAllocated(absl::string_view text) {
  SecretBytes json;
  json.reserve(text.size() + kJsonInPlaceSpare);
  for (char c : text) json.push_back(c);
  return json;
}

// Every length around the 16-byte blocks the SIMD scans load, each in an allocation with no room
// past the padding: under AddressSanitizer (bazel test --config=sanitize) any read beyond it, for
// instance with less padding, fails this.
TEST(JsonInputTest, ParsesEveryLengthWithinThePadding) {
  for (std::size_t length = 0; length < 80; ++length) {
    const std::string text =
        "[\"" + std::string(length, 'a') + "\",  \"\\n\"" + std::string(length % 17, ' ') + "]";
    SecretBytes json = TightlyAllocated(text);
    rapidjson::Document document;
    ASSERT_TRUE(ParseJsonInPlace(json, kLimit, document).ok()) << length;
    EXPECT_EQ(document[0].GetStringLength(), length);
    EXPECT_EQ(absl::string_view(document[1].GetString()), "\n");
  }
}

// Collects the strings a SAX parse reports; stops at the string "stop".
struct StringCollector : rapidjson::BaseReaderHandler<rapidjson::UTF8<>, StringCollector> {
  bool String(const char* text, rapidjson::SizeType length, bool copy) {
    copied = copied || copy;
    strings.emplace_back(text, length);
    return strings.back() != "stop";
  }
  std::vector<absl::string_view> strings;
  bool copied = false;
};

TEST(JsonInputTest, SaxHandlerSeesStringsInsideTheBuffer) {
  SecretBytes json(absl::string_view(R"({"a":"x\ny","b":["z"]})"));
  StringCollector collector;
  ASSERT_TRUE(ParseJsonInPlace(json, kLimit, collector).ok());
  EXPECT_FALSE(collector.copied);
  // Keys come as strings too.
  EXPECT_EQ(collector.strings, (std::vector<absl::string_view>{"a", "x\ny", "b", "z"}));
  for (absl::string_view text : collector.strings) {
    EXPECT_GE(reinterpret_cast<const uint8_t*>(text.data()), json.data());
    EXPECT_LT(reinterpret_cast<const uint8_t*>(text.data()), json.data() + json.size());
  }
}

TEST(JsonInputTest, SaxHandlerStoppingIsAnError) {
  SecretBytes json(absl::string_view(R"(["a","stop","b"])"));
  StringCollector collector;
  EXPECT_FALSE(ParseJsonInPlace(json, kLimit, collector).ok());
  EXPECT_EQ(collector.strings.size(), 2u);
}

TEST(JsonInputTest, RefusesANulByteRapidJsonWouldStopAt) {
  SecretBytes json(absl::string_view("{}\0{\"secret\":1}", 15));
  rapidjson::Document document;
  absl::Status parsed = ParseJsonInPlace(json, kLimit, document);
  EXPECT_EQ(parsed.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.message(), "not valid JSON (a NUL byte)");
}

// RapidJSON scans strings 16 bytes at a time (SSE2); every control character must stop the scan,
// not only those up to 0x19 (third_party/patches/rapidjson/0002-...).
TEST(JsonInputTest, RefusesEveryRawControlCharacterInAString) {
  for (int c = 0; c < 0x20; ++c) {
    const std::string text = absl::StrCat("[\"", std::string(40, 'a'), std::string(1, char(c)),
                                          std::string(40, 'b'), "\"]");
    rapidjson::Document copied;
    EXPECT_FALSE(ParseJson(text, kLimit, copied).ok()) << c;
    SecretBytes in_place(text);
    rapidjson::Document document;
    EXPECT_FALSE(ParseJsonInPlace(in_place, kLimit, document).ok()) << c;
  }
}

TEST(JsonInputTest, ErrorNamesTheProblemAndOffsetButNotTheInput) {
  SecretBytes json(absl::string_view(R"({"symkey":"c2VjcmV0)"));
  rapidjson::Document document;
  absl::Status parsed = ParseJsonInPlace(json, kLimit, document);
  EXPECT_EQ(std::string(parsed.message()),
            "not valid JSON (Missing a closing quotation mark in string. at byte 19)");
}

TEST(JsonInputTest, DeepNestingIsAnErrorNotACrash) {
  SecretBytes json(std::string(1 << 20, '['));
  rapidjson::Document document;
  EXPECT_FALSE(ParseJsonInPlace(json, kLimit, document).ok());
}

TEST(JsonInputTest, InPlaceRefusesMoreThanTheLimitBeforeParsing) {
  SecretBytes json(absl::string_view("[1, 2]"));
  rapidjson::Document document;
  EXPECT_EQ(ParseJsonInPlace(json, 5, document).message(), "larger than 5 bytes");
  SecretBytes exact(absl::string_view("[1, 2]"));
  EXPECT_TRUE(ParseJsonInPlace(exact, 6, document).ok());
}

TEST(JsonInputTest, CopyParseKeepsTheInputAndFollowsTheSameRules) {
  const std::string json = R"({"a":["x",{"b":null}]})";
  rapidjson::Document document;
  ASSERT_TRUE(ParseJson(json, kLimit, document).ok());
  EXPECT_TRUE(document["a"][1]["b"].IsNull());
  EXPECT_EQ(json, R"({"a":["x",{"b":null}]})");
  EXPECT_EQ(ParseJson(json, json.size() - 1, document).message(),
            absl::StrCat("larger than ", json.size() - 1, " bytes"));
  EXPECT_EQ(ParseJson(absl::string_view("{}\0{}", 5), kLimit, document).message(),
            "not valid JSON (a NUL byte)");
  EXPECT_EQ(ParseJson("{\"a\":", kLimit, document).message(),
            "not valid JSON (Invalid value. at byte 5)");
}

TEST(JsonInputTest, CopyParseOfDeepNestingIsAnErrorNotACrash) {
  rapidjson::Document document;
  EXPECT_FALSE(ParseJson(std::string(1 << 20, '['), kLimit, document).ok());
  EXPECT_FALSE(ParseJson(std::string(300000, '{'), kLimit, document).ok());
}

TEST(JsonInputTest, Utf8IsCheckedOnlyWhenRequired) {
  const std::string latin1 = "[\"caf\xe9\"]";
  rapidjson::Document document;
  EXPECT_TRUE(ParseJson(latin1, kLimit, document, Utf8::kAnyBytes).ok());
  absl::Status strict = ParseJson(latin1, kLimit, document, Utf8::kRequired);
  EXPECT_EQ(std::string(strict.message()),
            "not valid JSON (Invalid encoding in string. at byte 5)");
  EXPECT_TRUE(ParseJson("[\"caf\xc3\xa9\"]", kLimit, document, Utf8::kRequired).ok());
}

TEST(JsonInputTest, StringMemberOfWhatIsNoObjectIsNone) {
  rapidjson::Document document;
  ASSERT_TRUE(ParseJson(R"({"cmd":5,"list":["x"],"name":"n"})", 100, document).ok());
  EXPECT_EQ(StringMember(document, "name"), absl::string_view("n"));
  EXPECT_EQ(StringMember(document["cmd"], "path"), std::nullopt);
  EXPECT_EQ(StringMember(document["list"], "path"), std::nullopt);
}

TEST(JsonInputTest, MemberOfWhatIsNoObjectIsNull) {
  rapidjson::Document document;
  ASSERT_TRUE(ParseJson(R"({"cmd":5,"list":["x"]})", 100, document).ok());
  ASSERT_NE(Member(document, "cmd"), nullptr);
  EXPECT_EQ(Member(document, "cmd")->GetInt(), 5);
  EXPECT_EQ(Member(document, "absent"), nullptr);
  EXPECT_EQ(Member(document["cmd"], "path"), nullptr);
  EXPECT_EQ(Member(document["list"], "path"), nullptr);
}

}  // namespace
}  // namespace coco
