#include "src/wrapping/annotation_packet.h"

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/testing/vectors.h"

namespace coco {
namespace {

AnnotationPacket FromVector(const test_support::WrapVector& v) {
  return AnnotationPacket{v.kid, v.wrapped, v.iv, v.wrap_type};
}

TEST(AnnotationPacketTest, SerializesExactlyAsIndependentVectors) {
  for (const test_support::WrapVector& v : test_support::LoadWrapVectors()) {
    EXPECT_EQ(SerializeAnnotationPacket(FromVector(v)), v.packet) << v.name;
  }
}

TEST(AnnotationPacketTest, ParsesIndependentVectors) {
  for (const test_support::WrapVector& v : test_support::LoadWrapVectors()) {
    auto packet = ParseAnnotationPacket(v.packet);
    ASSERT_TRUE(packet.ok()) << v.name << ": " << packet.status();
    EXPECT_EQ(packet->kid, v.kid);
    EXPECT_EQ(packet->wrapped_data, v.wrapped);
    EXPECT_EQ(packet->iv, v.iv);
    EXPECT_EQ(packet->wrap_type, v.wrap_type);
  }
}

constexpr absl::string_view kGcmIv = "AAAAAAAAAAAAAAAA";          // 12 bytes
constexpr absl::string_view kCtrIv = "AAAAAAAAAAAAAAAAAAAAAA==";  // 16 bytes

std::string Packet(absl::string_view extra, absl::string_view iv = kGcmIv,
                   absl::string_view wrap_type = "A256GCM") {
  return std::string("{\"kid\":\"kbs:///a/b/c\",\"wrapped_data\":\"AAAA\",\"iv\":\"") +
         std::string(iv) + "\",\"wrap_type\":\"" + std::string(wrap_type) + "\"" +
         std::string(extra) + "}";
}

TEST(AnnotationPacketTest, AcceptsNewerOptionalFieldsAndIgnoresUnknownOnes) {
  for (absl::string_view extra : {
           ",\"version\":\"0.1.0\"",
           ",\"provider\":\"kbs\"",
           ",\"provider\":null,\"version\":null",
           ",\"provider_settings\":{},\"annotations\":{\"x\":\"y\"}",
           ",\"future_field\":[1,2,{}]",
       }) {
    EXPECT_TRUE(ParseAnnotationPacket(Packet(extra)).ok()) << extra;
  }
  EXPECT_TRUE(ParseAnnotationPacket(Packet("", kCtrIv, "A256CTR")).ok());
}

struct BadPacket {
  std::string json;
  absl::string_view error;
};

TEST(AnnotationPacketTest, RejectsMalformedPackets) {
  const BadPacket cases[] = {
      {"", "not valid JSON"},
      {"[]", "not a JSON object"},
      {Packet("") + "x", "not valid JSON"},
      {"{\"wrapped_data\":\"AAAA\",\"iv\":\"AAAAAAAAAAAAAAAA\",\"wrap_type\":\"A256GCM\"}",
       "missing \"kid\""},
      {Packet(",\"kid\":\"kbs:///d/e/f\""), "duplicate field \"kid\""},
      {Packet("", kGcmIv, "A256CBC"), "\"wrap_type\" must be A256GCM or A256CTR"},
      {Packet("", kCtrIv, "A256GCM"), "\"iv\" is 16 bytes, A256GCM needs 12"},
      {Packet("", kGcmIv, "A256CTR"), "\"iv\" is 12 bytes, A256CTR needs 16"},
      {Packet("", "AAAA*AAAAAAAAAAA"), "\"iv\" is not canonical padded base64"},
      {Packet(",\"provider\":\"aws\""), "\"provider\" is not \"kbs\""},
      {Packet(",\"version\":1"), "\"version\" is not a string"},
      {Packet(",\"annotations\":[]"), "\"annotations\" is not an object"},
      {"{\"kid\":1,\"wrapped_data\":\"AAAA\",\"iv\":\"AAAAAAAAAAAAAAAA\",\"wrap_type\":"
       "\"A256GCM\"}",
       "\"kid\" is not a string"},
  };
  for (const BadPacket& c : cases) {
    auto packet = ParseAnnotationPacket(c.json);
    ASSERT_FALSE(packet.ok()) << c.json;
    EXPECT_NE(packet.status().message().find(c.error), absl::string_view::npos)
        << c.json << " -> " << packet.status().message();
  }
}

TEST(AnnotationPacketTest, DeepNestingIsAnErrorNotACrash) {
  std::string deep = Packet(",\"x\":" + std::string(100000, '['));
  EXPECT_FALSE(ParseAnnotationPacket(deep).ok());
}

TEST(DecodeAnnotationPacketsTest, OnePacketPerRecipientJoinedWithCommas) {
  const std::vector<test_support::WrapVector> vectors = test_support::LoadWrapVectors();
  ASSERT_GE(vectors.size(), 2u);
  const std::string annotation = absl::StrCat(absl::Base64Escape(vectors[0].packet), ",%%,",
                                              absl::Base64Escape(vectors[1].packet));
  std::vector<absl::StatusOr<AnnotationPacket>> packets = DecodeAnnotationPackets(annotation);
  ASSERT_EQ(packets.size(), 3u);
  ASSERT_TRUE(packets[0].ok()) << packets[0].status();
  EXPECT_EQ(packets[0]->kid, vectors[0].kid);
  EXPECT_EQ(packets[1].status().message().rfind("annotation: not canonical", 0), 0u)
      << packets[1].status();
  ASSERT_TRUE(packets[2].ok());
  EXPECT_EQ(packets[2]->wrapped_data, vectors[1].wrapped);
}

}  // namespace
}  // namespace coco
