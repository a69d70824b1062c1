#include "src/image_crypt/layer_cipher.h"

#include <string>

#include "gtest/gtest.h"
#include "src/testing/layer_vectors.h"

namespace coco {
namespace {

using test_support::LayerVector;
using test_support::LoadLayerVectors;

absl::Span<const uint8_t> Bytes(const std::string& text) {
  return absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

// Applies the keystream in pieces of `piece` bytes, as a stream of chunks would.
std::string InPieces(const LayerVector& vector, std::size_t piece) {
  absl::StatusOr<LayerKeystream> keystream =
      LayerKeystream::New(Bytes(vector.key), Bytes(vector.nonce));
  EXPECT_TRUE(keystream.ok()) << keystream.status();
  std::string data = vector.plaintext;
  for (std::size_t at = 0; at < data.size(); at += piece) {
    keystream->Apply(absl::MakeSpan(data).subspan(at, piece));
  }
  return data;
}

TEST(LayerCipherTest, KeystreamMatchesTheIndependentVectors) {
  for (const LayerVector& vector : LoadLayerVectors()) {
    if (vector.ciphertext.empty() && !vector.plaintext.empty()) continue;
    // Pieces that split AES blocks, and the whole at once.
    for (std::size_t piece :
         {std::size_t{1}, std::size_t{7}, std::size_t{16}, std::size_t{1 << 20}}) {
      EXPECT_EQ(InPieces(vector, piece), vector.ciphertext) << vector.name << " piece " << piece;
    }
  }
}

TEST(LayerCipherTest, MacOfTheCiphertextMatchesTheIndependentVectors) {
  for (const LayerVector& vector : LoadLayerVectors()) {
    absl::StatusOr<LayerMac> mac = LayerMac::New(Bytes(vector.key));
    ASSERT_TRUE(mac.ok()) << mac.status();
    const std::string ciphertext = InPieces(vector, 4096);
    mac->Update(absl::string_view(ciphertext).substr(0, ciphertext.size() / 3));
    mac->Update(absl::string_view(ciphertext).substr(ciphertext.size() / 3));
    EXPECT_EQ(mac->Finish(), vector.hmac) << vector.name;
  }
}

TEST(LayerCipherTest, DecryptingIsTheSameKeystream) {
  for (const LayerVector& vector : LoadLayerVectors()) {
    LayerVector encrypted = vector;
    encrypted.plaintext = InPieces(vector, 1000);
    EXPECT_EQ(InPieces(encrypted, 333), vector.plaintext) << vector.name;
  }
}

TEST(LayerCipherTest, WrongSizesAreRefusedWithTheReason) {
  const std::string key(32, 'k');
  const std::string nonce(16, 'n');
  absl::StatusOr<LayerKeystream> short_key =
      LayerKeystream::New(Bytes(key.substr(1)), Bytes(nonce));
  ASSERT_FALSE(short_key.ok());
  EXPECT_EQ(short_key.status().message(),
            "layer key is 31 bytes, AES_256_CTR_HMAC_SHA256 needs 32");
  absl::StatusOr<LayerKeystream> long_nonce = LayerKeystream::New(Bytes(key), Bytes(nonce + "x"));
  ASSERT_FALSE(long_nonce.ok());
  EXPECT_EQ(long_nonce.status().message(), "nonce is 17 bytes, AES_256_CTR_HMAC_SHA256 needs 16");
  EXPECT_FALSE(LayerMac::New(Bytes(key + key)).ok());
}

TEST(LayerCipherTest, MacsCompareWholly) {
  const std::string tag(32, 't');
  EXPECT_TRUE(LayerMacsEqual(tag, tag));
  std::string flipped = tag;
  flipped[31] ^= 1;
  EXPECT_FALSE(LayerMacsEqual(tag, flipped));
  EXPECT_FALSE(LayerMacsEqual(tag, tag.substr(0, 31)));
  EXPECT_FALSE(LayerMacsEqual(tag, ""));
}

}  // namespace
}  // namespace coco
