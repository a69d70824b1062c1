#ifndef COCO_KEYPROVIDER_TESTING_VECTORS_H_
#define COCO_KEYPROVIDER_TESTING_VECTORS_H_

#include <string>
#include <vector>

#include "src/wrapping/wrap_type.h"

namespace coco {
namespace test_support {

// One case of testdata/vectors/wrap_vectors.json, computed by make_vectors.py with Python's
// `cryptography`. Byte fields are raw bytes.
struct WrapVector {
  std::string name;
  WrapType wrap_type;
  std::string kek;
  std::string iv;
  std::string kid;
  std::string plaintext;
  std::string wrapped;
  std::string packet;  // The exact annotation JSON.
};

// Whole requests and the exact replies expected for them.
struct ExchangeVectors {
  std::string sample_kek;
  std::string sample_packet;     // The exact annotation of sample mode.
  std::string sample_plaintext;  // What it wraps.
  std::string sample_wrap_request;
  std::string sample_wrap_reply;
  std::string sample_unwrap_request;
  std::string sample_unwrap_reply;
  std::string offline_fs_keys_file;
  std::string offline_fs_unwrap_request;
  std::string offline_fs_unwrap_reply;
};

// Fail the calling test (via gtest assertions) when the file is missing or malformed.
std::vector<WrapVector> LoadWrapVectors();
ExchangeVectors LoadExchangeVectors();

}  // namespace test_support
}  // namespace coco

#endif  // COCO_KEYPROVIDER_TESTING_VECTORS_H_
