#include "src/inspect/digest.h"

#include <string>

#include "gtest/gtest.h"

namespace coco {
namespace {

// FIPS 180-2, appendix B, and the empty string.
TEST(Sha256DigestTest, StandardVectors) {
  EXPECT_EQ(Sha256Digest(""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Digest("abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "sha256:248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256HexOfTest, AcceptsOnlyCanonicalSha256) {
  const std::string hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  absl::StatusOr<std::string> ok = Sha256HexOf("sha256:" + hex);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, hex);
  for (const std::string& bad : {
           "sha512:" + hex,
           hex,
           "sha256:" + hex.substr(1),
           "sha256:" + hex + "0",
           std::string("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"),
           std::string("sha256:../../../../etc/passwd"),
           std::string("sha256:"),
       }) {
    EXPECT_FALSE(Sha256HexOf(bad).ok()) << bad;
  }
  EXPECT_EQ(Sha256HexOf("md5:x").status().message(),
            "digest \"md5:x\" is not sha256:<hex>, the only algorithm read here");
}

}  // namespace
}  // namespace coco
