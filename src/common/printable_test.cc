#include "src/common/printable.h"

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(PrintableTest, KeepsOrdinaryText) { EXPECT_EQ(Printable("kbs:///a/b/c"), "kbs:///a/b/c"); }

TEST(PrintableTest, EscapesLineBreaksAndControls) {
  EXPECT_EQ(Printable("a\nb\x1b[31m\""), "a\\nb\\x1b[31m\\\"");
}

TEST(EscapeControlCharactersTest, EscapesOnlyControls) {
  EXPECT_EQ(EscapeControlCharacters("a \"b\"\n\r\x1b[31m\x7f\xc3\xa9"),
            "a \"b\"\\n\\r\\x1b[31m\\x7f\xc3\xa9");
}

TEST(JsonStringTextTest, KeepsValidUtf8AsItIsForTheWriterToEscape) {
  EXPECT_EQ(JsonStringText("a \"b\" 'c' \xc3\xa9\n"), "a \"b\" 'c' \xc3\xa9\n");
}

TEST(JsonStringTextTest, EscapesInvalidUtf8Whole) {
  EXPECT_EQ(JsonStringText("a\xff\"b\""), "a\\xff\\\"b\\\"");
}

TEST(ShortenedTest, CutsRawAndNeverInsideACharacter) {
  EXPECT_EQ(Shortened("a\"b\n", 10), "a\"b\n");
  EXPECT_EQ(Shortened("abcdef", 3), "abc...");
  // \xc3\xa9 is one character: a cut after its first byte keeps neither.
  EXPECT_EQ(Shortened("ab\xc3\xa9", 3), "ab...");
  EXPECT_EQ(Shortened("ab\xc3\xa9z", 4), "ab\xc3\xa9...");
  EXPECT_EQ(Shortened("\xe2\x9c\x93\xe2\x9c\x93", 5), "\xe2\x9c\x93...");
}

TEST(PrintableTest, Truncates) { EXPECT_EQ(Printable("abcdef", 3), "abc..."); }

}  // namespace
}  // namespace coco
