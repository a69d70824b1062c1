#ifndef COCO_KEYPROVIDER_TESTING_LAYER_VECTORS_H_
#define COCO_KEYPROVIDER_TESTING_LAYER_VECTORS_H_

#include <string>
#include <vector>

namespace coco {
namespace test_support {

// One case of testdata/vectors/layer_vectors.json, computed by make_layer_vectors.py with Python's
// `cryptography`: ocicrypt's AES_256_CTR_HMAC_SHA256 over one plaintext.
struct LayerVector {
  std::string name;
  std::string key;
  std::string nonce;
  std::string plaintext;
  std::string ciphertext;  // Empty for the long cases, which are checked by their digest.
  std::string plaintext_digest;
  std::string ciphertext_digest;
  std::string hmac;
  std::string pubopts;   // Exact JSON.
  std::string privopts;  // Exact JSON.
};

// The bytes make_layer_vectors.py's pattern() gives for the long cases.
std::string PatternBytes(std::size_t length);

// Fails the calling test (via gtest assertions) when the file is missing or malformed.
std::vector<LayerVector> LoadLayerVectors();

}  // namespace test_support
}  // namespace coco

#endif  // COCO_KEYPROVIDER_TESTING_LAYER_VECTORS_H_
