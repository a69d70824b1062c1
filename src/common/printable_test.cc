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

TEST(PrintableTest, Truncates) { EXPECT_EQ(Printable("abcdef", 3), "abc..."); }

}  // namespace
}  // namespace coco
