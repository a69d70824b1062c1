#include "src/common/base64.h"

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(Base64Test, RoundTripsEveryLengthModuloThree) {
  for (absl::string_view plain : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    std::string encoded = EncodeBase64(plain);
    auto decoded = DecodeBase64(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded;
    EXPECT_EQ(decoded->view(), plain);
  }
}

TEST(Base64Test, EncodesWithStandardAlphabetAndPadding) {
  EXPECT_EQ(EncodeBase64("\xfb\xff"), "+/8=");
  EXPECT_EQ(EncodeBase64("foob"), "Zm9vYg==");
}

TEST(Base64Test, RejectsNonCanonicalForms) {
  for (absl::string_view bad : {
           "Zm9vYg",      // missing padding
           "Zm9vYh==",    // non-zero trailing bits
           "-_8=",        // URL-safe alphabet
           "Zm9v\nYg==",  // line break
           "Zm9vYg=",     // short padding
           "Zm9v====",    // padding only
           "Z===",        // impossible length
           "Zm 9v",       // space
           "Zm9vYg..",    // '.' padding
           "Zm9vYg= ",    // space for padding
           "Zm9v    ",    // whitespace group
           "Zm9v Yg=",    // space in place of a character
           "QUJDQUJ=",    // non-zero trailing bits, one '='
           "Zm9=Yg==",    // padding inside
       }) {
    auto decoded = DecodeBase64(bad);
    EXPECT_FALSE(decoded.ok()) << bad;
  }
}

TEST(Base64DecoderTest, DecodesManyValuesWithTheSameRules) {
  Base64Decoder decoder;
  EXPECT_EQ(*decoder.Decode("Zm9vYmFy"), "foobar");
  EXPECT_EQ(*decoder.Decode("Zg=="), "f");  // shorter after longer: no stale bytes
  EXPECT_FALSE(decoder.Decode("Zm9vYh==").ok());
  EXPECT_EQ(*decoder.Decode(""), "");
  EXPECT_EQ(*decoder.Decode("+/8="), "\xfb\xff");
}

TEST(Base64Test, ErrorDoesNotEchoInput) {
  auto decoded = DecodeBase64("c2VjcmV0!!");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().message().find("c2VjcmV0"), absl::string_view::npos);
}

}  // namespace
}  // namespace coco
