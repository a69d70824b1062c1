#include "src/wrapping/packet_crypto.h"

#include <string>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "src/testing/vectors.h"

namespace coco {
namespace {

absl::Span<const uint8_t> Bytes(const std::string& s) {
  return absl::MakeConstSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

// Every independent vector opens to its plaintext, except the CTR ones whose plaintext is not
// ocicrypt key options: those are refused as a wrong key would be.
TEST(OpenPacketTest, OpensIndependentVectors) {
  for (const test_support::WrapVector& v : test_support::LoadWrapVectors()) {
    absl::StatusOr<AnnotationPacket> packet = ParseAnnotationPacket(v.packet);
    ASSERT_TRUE(packet.ok()) << v.name;
    absl::StatusOr<SecretBytes> plaintext = OpenPacket(*packet, Bytes(v.kek));
    if (v.wrap_type == WrapType::kA256Ctr && v.plaintext.find("symkey") == std::string::npos) {
      EXPECT_TRUE(absl::IsPermissionDenied(plaintext.status())) << v.name;
      continue;
    }
    ASSERT_TRUE(plaintext.ok()) << v.name << ": " << plaintext.status();
    EXPECT_EQ(plaintext->view(), v.plaintext) << v.name;
  }
}

TEST(SealPacketTest, AllZeroIvReproducesTheIndependentSamplePacket) {
  const test_support::ExchangeVectors v = test_support::LoadExchangeVectors();
  absl::StatusOr<std::string> packet =
      SealPacket(WrapType::kA256Gcm, Bytes(v.sample_kek), "kbs:///default/test-key/1",
                 v.sample_plaintext, PacketIv::kAllZero);
  ASSERT_TRUE(packet.ok()) << packet.status();
  EXPECT_EQ(*packet, v.sample_packet);
}

TEST(SealPacketTest, RandomIvsDifferAndEveryPacketOpens) {
  const std::string kek(32, 'k');
  const std::string optsdata = R"({"symkey":"c3ltbWV0cmlj","cipheroptions":{}})";
  for (WrapType type : {WrapType::kA256Gcm, WrapType::kA256Ctr}) {
    absl::StatusOr<std::string> first = SealPacket(type, Bytes(kek), "kbs:///a/b/c", optsdata);
    absl::StatusOr<std::string> second = SealPacket(type, Bytes(kek), "kbs:///a/b/c", optsdata);
    ASSERT_TRUE(first.ok() && second.ok());
    absl::StatusOr<AnnotationPacket> a = ParseAnnotationPacket(*first);
    absl::StatusOr<AnnotationPacket> b = ParseAnnotationPacket(*second);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE(a->iv, b->iv);
    EXPECT_EQ(a->iv.size(), IvSize(type));
    EXPECT_EQ(OpenPacket(*a, Bytes(kek))->view(), optsdata);
  }
}

TEST(OpenPacketTest, WrongKeysAreRefusedForBothWrapTypes) {
  const std::string optsdata = R"({"symkey":"c3ltbWV0cmlj"})";
  const std::string wrong(32, 'w');
  absl::StatusOr<std::string> gcm =
      SealPacket(WrapType::kA256Gcm, Bytes(std::string(32, 'k')), "kbs:///a/b/c", optsdata);
  absl::StatusOr<AnnotationPacket> gcm_packet = ParseAnnotationPacket(*gcm);
  EXPECT_EQ(OpenPacket(*gcm_packet, Bytes(wrong)).status().message(),
            "AES-256-GCM authentication failed (wrong key, or the annotation was altered)");
  absl::StatusOr<std::string> ctr =
      SealPacket(WrapType::kA256Ctr, Bytes(std::string(32, 'k')), "kbs:///a/b/c", optsdata);
  absl::StatusOr<AnnotationPacket> ctr_packet = ParseAnnotationPacket(*ctr);
  absl::StatusOr<SecretBytes> garbage = OpenPacket(*ctr_packet, Bytes(wrong));
  EXPECT_TRUE(absl::IsPermissionDenied(garbage.status()));
  EXPECT_EQ(garbage.status().message(),
            "A256CTR unwrap gave no ocicrypt key options (wrong key for kbs:///a/b/c?)");
}

}  // namespace
}  // namespace coco
