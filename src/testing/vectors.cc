#include "src/testing/vectors.h"

#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "src/testing/json_file.h"

namespace coco {
namespace test_support {
namespace {

constexpr char kVectorsPath[] = "testdata/vectors/wrap_vectors.json";

}  // namespace

std::vector<WrapVector> LoadWrapVectors() {
  rapidjson::Document document = LoadJsonFile(kVectorsPath);
  std::vector<WrapVector> vectors;
  const rapidjson::Value& cases = Member(document, "cases");
  if (!cases.IsArray()) return vectors;
  for (const rapidjson::Value& c : cases.GetArray()) {
    WrapVector v;
    v.name = String(c, "name");
    v.wrap_type = String(c, "wrap_type") == "A256CTR" ? WrapType::kA256Ctr : WrapType::kA256Gcm;
    v.kek = Hex(c, "kek_hex");
    v.iv = Hex(c, "iv_hex");
    v.kid = String(c, "kid");
    v.plaintext = Hex(c, "plaintext_hex");
    v.wrapped = Hex(c, "wrapped_hex");
    v.packet = String(c, "packet");
    vectors.push_back(std::move(v));
  }
  EXPECT_GE(vectors.size(), 8u);
  return vectors;
}

ExchangeVectors LoadExchangeVectors() {
  rapidjson::Document document = LoadJsonFile(kVectorsPath);
  ExchangeVectors v;
  v.sample_kek = Hex(document, "sample_kek_hex");
  const rapidjson::Value& sample = Member(document, "sample");
  v.sample_packet = String(sample, "packet");
  v.sample_plaintext = Hex(sample, "plaintext_hex");
  v.sample_wrap_request = String(sample, "request");
  v.sample_wrap_reply = String(sample, "reply");
  v.sample_unwrap_request = String(sample, "unwrap_request");
  v.sample_unwrap_reply = String(sample, "unwrap_reply");
  const rapidjson::Value& offline_fs = Member(document, "offline_fs");
  v.offline_fs_keys_file = String(offline_fs, "keys_file");
  v.offline_fs_unwrap_request = String(offline_fs, "unwrap_request");
  v.offline_fs_unwrap_reply = String(offline_fs, "unwrap_reply");
  return v;
}

}  // namespace test_support
}  // namespace coco
