#ifndef COCO_KEYPROVIDER_TESTING_KBS_VECTORS_H_
#define COCO_KEYPROVIDER_TESTING_KBS_VECTORS_H_

#include <cstdint>
#include <string>
#include <vector>

namespace coco {
namespace test_support {

// testdata/vectors/kbs_vectors.json, computed by make_kbs_vectors.py with Python's `cryptography`.
struct AdminTokenVector {
  std::string name;
  int64_t iat;
  std::string role;
  std::string issuer;    // Empty when the claims have none.
  std::string audience;  // Empty when the claims have none.
  std::string token;
};

struct JweVector {
  std::string name;             // ecdh-es-p-256, ecdh-es-p-521, rsa-oaep-256
  std::string private_scalar;   // Raw bytes, for the EC keys.
  std::string private_key_pem;  // For the RSA key.
  std::string tee_pubkey_json;  // Compact, in the member order of the generator.
  std::string jwe;
  std::string plaintext;
};

struct KbsVectors {
  std::string admin_private_key_pem;
  std::string admin_public_key_pem;
  std::vector<AdminTokenVector> tokens;
  std::vector<JweVector> jwes;
  std::string nonce;
  std::string tee_pubkey_json;
  std::string report_data_v0_4_0;
  std::string report_data_v0_2_0;
  std::string aad_header;
  std::string aad;
  std::string canonical_input;
  std::string canonical_output;
  std::string canonical_sha384;  // Raw bytes.
};

// Fails the calling test (via gtest assertions) when the file is missing or malformed.
KbsVectors LoadKbsVectors();

}  // namespace test_support
}  // namespace coco

#endif  // COCO_KEYPROVIDER_TESTING_KBS_VECTORS_H_
