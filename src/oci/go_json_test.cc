#include "src/oci/go_json.h"

#include <cstdio>
#include <string>

#include "gtest/gtest.h"

namespace coco {
namespace {

std::string GoJson(absl::string_view text) {
  std::string out;
  AppendGoJsonString(text, out);
  return out;
}

TEST(AppendGoJsonStringTest, EscapesAsGoDoes) {
  constexpr char kInput[] = "<>&\u2028\u2029\x00\x01\b\f\x1f\x7f\"\\/\t\n\r \u00e9 \U0001F600";
  EXPECT_EQ(GoJson(absl::string_view(kInput, sizeof(kInput) - 1)),
            "\"\\u003c\\u003e\\u0026\\u2028\\u2029\\u0000\\u0001\\b\\f\\u001f\x7f\\\"\\\\/\\t\\n"
            "\\r \u00e9 \U0001F600\"");
}

TEST(AppendGoJsonStringTest, PlainTextIsWrittenAsItIs) {
  EXPECT_EQ(GoJson(""), "\"\"");
  EXPECT_EQ(GoJson("application/vnd.oci.image.manifest.v1+json"),
            "\"application/vnd.oci.image.manifest.v1+json\"");
  // U+FFFD itself, U+2027 and U+202A beside the two separators, and the last code point.
  EXPECT_EQ(GoJson("\xef\xbf\xbd\xe2\x80\xa7\xe2\x80\xaa\xf4\x8f\xbf\xbf"),
            "\"\xef\xbf\xbd\xe2\x80\xa7\xe2\x80\xaa\xf4\x8f\xbf\xbf\"");
}

TEST(AppendGoJsonStringTest, EveryControlByte) {
  for (int byte = 0; byte < 0x20; ++byte) {
    const std::string escaped = GoJson(std::string(1, static_cast<char>(byte)));
    if (byte == '\b' || byte == '\f' || byte == '\n' || byte == '\r' || byte == '\t') {
      EXPECT_EQ(escaped.size(), 4u) << byte;
    } else {
      char expected[9];
      std::snprintf(expected, sizeof(expected), "\"\\u%04x\"", byte);
      EXPECT_EQ(escaped, expected);
    }
  }
}

TEST(AppendGoJsonStringTest, EachByteOfInvalidUtf8BecomesAReplacementCharacter) {
  EXPECT_EQ(GoJson("\xff"), "\"\\ufffd\"");
  EXPECT_EQ(GoJson("a\x80z"), "\"a\\ufffdz\"");
  EXPECT_EQ(GoJson("\xc0\x80"), "\"\\ufffd\\ufffd\"");                        // overlong NUL
  EXPECT_EQ(GoJson("\xe0\x80\xaf"), "\"\\ufffd\\ufffd\\ufffd\"");             // overlong '/'
  EXPECT_EQ(GoJson("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");             // a surrogate
  EXPECT_EQ(GoJson("\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");  // past U+10FFFF
  EXPECT_EQ(GoJson("\xe2\x82<"), "\"\\ufffd\\ufffd\\u003c\"");     // cut short, then ASCII
  EXPECT_EQ(GoJson("\xf0\x9f\x98"), "\"\\ufffd\\ufffd\\ufffd\"");  // cut short at the end
}

TEST(AppendGoJsonStringTest, AppendsToWhatIsThere) {
  std::string out = "{";
  AppendGoJsonString("a", out);
  out += ':';
  AppendGoJsonString("<", out);
  EXPECT_EQ(out, "{\"a\":\"\\u003c\"");
}

TEST(GoUtf8Test, SequenceLengths) {
  EXPECT_EQ(GoUtf8SequenceLength(""), 0u);
  EXPECT_EQ(GoUtf8SequenceLength(std::string(1, '\0')), 1u);
  EXPECT_EQ(GoUtf8SequenceLength("\x7f"), 1u);
  EXPECT_EQ(GoUtf8SequenceLength("\xc2\x80"), 2u);
  EXPECT_EQ(GoUtf8SequenceLength("\xc1\xbf"), 0u);
  EXPECT_EQ(GoUtf8SequenceLength("\xe0\xa0\x80"), 3u);
  EXPECT_EQ(GoUtf8SequenceLength("\xed\x9f\xbf"), 3u);  // U+D7FF, below the surrogates
  EXPECT_EQ(GoUtf8SequenceLength("\xee\x80\x80"), 3u);  // U+E000, above them
  EXPECT_EQ(GoUtf8SequenceLength("\xf0\x90\x80\x80"), 4u);
  EXPECT_EQ(GoUtf8SequenceLength("\xf0\x8f\xbf\xbf"), 0u);
  EXPECT_EQ(GoUtf8SequenceLength("\xf5\x80\x80\x80"), 0u);
  EXPECT_EQ(GoUtf8SequenceLength("\xe2\x82\xac tail"), 3u);
  EXPECT_TRUE(IsGoValidUtf8("caf\xc3\xa9 \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsGoValidUtf8("caf\xc3"));
  EXPECT_FALSE(IsGoValidUtf8("\xed\xb0\x80"));
}

}  // namespace
}  // namespace coco
