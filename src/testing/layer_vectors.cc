#include "src/testing/layer_vectors.h"

#include <utility>

#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "src/testing/json_file.h"

namespace coco {
namespace test_support {

std::string PatternBytes(std::size_t length) {
  std::string bytes(length, '\0');
  for (std::size_t i = 0; i < length; ++i) bytes[i] = static_cast<char>((i * 31 + 7) & 0xff);
  return bytes;
}

std::vector<LayerVector> LoadLayerVectors() {
  rapidjson::Document document = LoadJsonFile("testdata/vectors/layer_vectors.json");
  std::vector<LayerVector> vectors;
  const rapidjson::Value& cases = Member(document, "cases");
  if (!cases.IsArray()) return vectors;
  for (const rapidjson::Value& c : cases.GetArray()) {
    LayerVector v;
    v.name = String(c, "name");
    v.key = Hex(c, "key_hex");
    v.nonce = Hex(c, "nonce_hex");
    if (c.HasMember("pattern_length")) {
      v.plaintext = PatternBytes(static_cast<std::size_t>(Integer(c, "pattern_length")));
    } else {
      v.plaintext = Hex(c, "plaintext_hex");
      v.ciphertext = Hex(c, "ciphertext_hex");
    }
    v.plaintext_digest = String(c, "plaintext_sha256");
    v.ciphertext_digest = String(c, "ciphertext_sha256");
    v.hmac = Hex(c, "hmac_hex");
    v.pubopts = String(c, "pubopts");
    v.privopts = String(c, "privopts");
    vectors.push_back(std::move(v));
  }
  EXPECT_EQ(vectors.size(), 5u);
  return vectors;
}

}  // namespace test_support
}  // namespace coco
