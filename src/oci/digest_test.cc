#include "src/oci/digest.h"

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

// FIPS 180-2, appendix C, fed in pieces.
TEST(DigestHasherTest, Sha512InPieces) {
  DigestHasher hasher(Digest::Algorithm::kSha512);
  hasher.Update("a");
  hasher.Update("bc");
  EXPECT_EQ(
      hasher.Finish().ToString(),
      "sha512:ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a8"
      "36ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST(DigestTest, AcceptsOnlyCanonicalSha256AndSha512) {
  const std::string hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  absl::StatusOr<Digest> sha256 = Digest::Parse("sha256:" + hex);
  ASSERT_TRUE(sha256.ok());
  EXPECT_EQ(sha256->hex(), hex);
  EXPECT_EQ(sha256->algorithm_name(), "sha256");
  absl::StatusOr<Digest> sha512 = Digest::Parse("sha512:" + hex + hex);
  ASSERT_TRUE(sha512.ok());
  EXPECT_EQ(sha512->algorithm(), Digest::Algorithm::kSha512);
  EXPECT_EQ(sha512->hex(), hex + hex);
  for (const std::string& bad : {
           "sha512:" + hex,
           "sha256:" + hex + hex,
           hex,
           "sha256:" + hex.substr(1),
           "sha256:" + hex + "0",
           std::string("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855"),
           std::string("sha256:../../../../etc/passwd"),
           "sha256:" + hex.substr(0, 60) + "/../",
           std::string("sha256:"),
           std::string("SHA256:") + hex,
           " sha256:" + hex,
           "sha256:" + hex + "\n",
       }) {
    EXPECT_FALSE(Digest::Parse(bad).ok()) << bad;
  }
  EXPECT_EQ(Digest::Parse("md5:x").status().message(),
            "digest \"md5:x\" is not sha256: and 64 lowercase hex digits (or sha512: and 128)");
}

}  // namespace
}  // namespace coco
