#include "src/common/secret_bytes.h"

#include <string>
#include <utility>

#include "gtest/gtest.h"

namespace coco {
namespace {

TEST(SecretBytesTest, HoldsTheBytesGiven) {
  SecretBytes secret(absl::string_view("\x00\x01key", 5));
  EXPECT_EQ(secret.size(), 5u);
  EXPECT_EQ(secret.view(), absl::string_view("\x00\x01key", 5));
  EXPECT_EQ(secret.span()[4], 'y');
}

TEST(SecretBytesTest, PushBackGrowsAndKeepsContents) {
  SecretBytes secret;
  for (int i = 0; i < 1000; ++i) {
    secret.push_back('a');
    secret.push_back('b');
  }
  secret.push_back('c');
  EXPECT_EQ(secret.size(), 2001u);
  EXPECT_EQ(secret.view().substr(1996), "ababc");
}

TEST(SecretBytesTest, MoveLeavesSourceEmpty) {
  SecretBytes a(absl::string_view("secret"));
  SecretBytes b = std::move(a);
  EXPECT_EQ(b.view(), "secret");
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the state after a move is the point.
}

TEST(SecretBytesTest, TakeFromWipesTheSourceString) {
  std::string source(64, 'k');
  const char* old_data = source.data();
  SecretBytes secret = SecretBytes::TakeFrom(source);
  EXPECT_EQ(secret.view(), std::string(64, 'k'));
  EXPECT_TRUE(source.empty());
  // The buffer is still owned by `source`, so reading it is defined: it must be zeros now.
  EXPECT_EQ(source.data(), old_data);
  for (size_t i = 0; i < 64; ++i) EXPECT_EQ(old_data[i], '\0') << i;
}

}  // namespace
}  // namespace coco
