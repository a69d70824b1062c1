#include "src/key_sources/keys_file_writer.h"

#include <string>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"

namespace coco {
namespace {

KeysFile Keys(std::initializer_list<std::pair<const char*, std::string>> entries) {
  KeysFile keys;
  for (const auto& [id, value] : entries) keys.emplace(id, SecretBytes(value));
  return keys;
}

TEST(SerializeKeysFileTest, UpstreamShape) {
  // As jq prints upstream's file; the base64 text is Abseil's, independent of EncodeBase64.
  const std::string k1(32, '\x01');
  const std::string k2(32, '\xfe');
  EXPECT_EQ(
      SerializeKeysFile(Keys({{"default/key/key_id1", k1}, {"default/key/key_id2", k2}})).view(),
      "{\n"
      "  \"default/key/key_id1\": \"" +
          absl::Base64Escape(k1) +
          "\",\n"
          "  \"default/key/key_id2\": \"" +
          absl::Base64Escape(k2) +
          "\"\n"
          "}\n");
}

TEST(SerializeKeysFileTest, EmptyFile) { EXPECT_EQ(SerializeKeysFile(KeysFile()).view(), "{}\n"); }

TEST(SerializeKeysFileTest, NaturalOrder) {
  KeysFile keys = Keys({{"r/key/key_id10", "a"},
                        {"r/key/key_id2", "b"},
                        {"r/key/key_id1", "c"},
                        {"r/key/key_id02", "d"},
                        {"a/key/key_id9", "e"},
                        {"r/key/key_id", "f"},
                        {"r/key/key_idx", "g"}});
  const std::string json(SerializeKeysFile(keys).view());
  std::vector<size_t> positions;
  for (const char* id : {"a/key/key_id9", "r/key/key_id\"", "r/key/key_id1\"", "r/key/key_id02",
                         "r/key/key_id2\"", "r/key/key_id10", "r/key/key_idx"}) {
    positions.push_back(json.find(id));
    ASSERT_NE(positions.back(), std::string::npos) << id << " in " << json;
  }
  EXPECT_TRUE(std::is_sorted(positions.begin(), positions.end())) << json;
}

TEST(SerializeKeysFileTest, ReadsBackIdentically) {
  KeysFile keys = Keys({{"x/y/z", std::string("\0\xff\x10", 3)}, {"q\"uote/t/\\", "v"}});
  absl::StatusOr<KeysFile> parsed = ParseKeysFile(SerializeKeysFile(keys));
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ(parsed->at("x/y/z").view(), std::string("\0\xff\x10", 3));
  EXPECT_EQ(parsed->at("q\"uote/t/\\").view(), "v");
}

}  // namespace
}  // namespace coco
