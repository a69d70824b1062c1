#include "src/common/secret_stream.h"

#include "gtest/gtest.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/writer.h"

namespace coco {
namespace {

TEST(SecretStreamTest, CollectsWhatRapidJsonWrites) {
  SecretStream stream;
  rapidjson::Writer<SecretStream> writer(stream);
  writer.StartObject();
  writer.Key("k");
  writer.String("v\n");
  writer.EndObject();
  EXPECT_EQ(stream.Take().view(), "{\"k\":\"v\\n\"}");
}

TEST(SecretStreamTest, TakeEmptiesTheStream) {
  SecretStream stream;
  rapidjson::PrettyWriter<SecretStream> writer(stream);
  writer.StartArray();
  writer.EndArray();
  EXPECT_EQ(stream.Take().view(), "[]");
  EXPECT_TRUE(stream.Take().empty());
}

}  // namespace
}  // namespace coco
