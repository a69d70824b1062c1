#include "src/kbc/kbc.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "src/testing/temp_files.h"
#include "src/testing/vectors.h"

namespace coco {
namespace {

using test_support::WriteTempFile;

AnnotationPacket PacketOf(const test_support::WrapVector& v) {
  return AnnotationPacket{v.kid, v.wrapped, v.iv, v.wrap_type};
}

// Settings whose keys file (and SEV secret) holds just this vector's KEK under its kid.
KbcSettings SettingsWithKeyOf(const test_support::WrapVector& v) {
  const size_t path_start = v.kid.find('/', v.kid.find("://") + 3) + 1;
  std::string path = WriteTempFile(v.name + ".json", "{\"" + v.kid.substr(path_start) + "\":\"" +
                                                         absl::Base64Escape(v.kek) + "\"}");
  KbcSettings settings;
  settings.keys_files = {path};
  settings.sev_secret_path = path;
  return settings;
}

TEST(KbcTest, OfflineKbcsUnwrapIndependentVectors) {
  for (absl::string_view kbc : {"offline_fs_kbc", "offline_sev_kbc"}) {
    for (const test_support::WrapVector& v : test_support::LoadWrapVectors()) {
      std::vector<std::string> warnings;
      auto plaintext = UnwrapWithKbc(kbc, PacketOf(v), SettingsWithKeyOf(v), warnings);
      ASSERT_TRUE(plaintext.ok()) << kbc << " " << v.name << ": " << plaintext.status();
      EXPECT_EQ(plaintext->view(), v.plaintext);
    }
  }
}

TEST(KbcTest, SampleKbcUnwrapsTheIndependentSampleVector) {
  test_support::ExchangeVectors exchange = test_support::LoadExchangeVectors();
  auto packet = ParseAnnotationPacket(exchange.sample_packet);
  ASSERT_TRUE(packet.ok()) << packet.status();
  std::vector<std::string> warnings;
  auto plaintext = UnwrapWithKbc("sample_kbc", *packet, KbcSettings{}, warnings);
  ASSERT_TRUE(plaintext.ok()) << plaintext.status();
  EXPECT_EQ(plaintext->view(), exchange.sample_plaintext);
}

TEST(KbcTest, SampleKbcRefusesOtherKeys) {
  for (const test_support::WrapVector& v : test_support::LoadWrapVectors()) {
    if (v.wrap_type != WrapType::kA256Gcm) continue;
    std::vector<std::string> warnings;
    // Vector KEKs are not the sample KEK: sample_kbc must fail authentication.
    auto plaintext = UnwrapWithKbc("sample_kbc", PacketOf(v), KbcSettings{}, warnings);
    EXPECT_TRUE(absl::IsPermissionDenied(plaintext.status())) << v.name;
  }
}

TEST(KbcTest, SampleKbcRefusesCtr) {
  AnnotationPacket packet{"kbs:///a/b/c", "x", std::string(16, '\0'), WrapType::kA256Ctr};
  std::vector<std::string> warnings;
  auto plaintext = UnwrapWithKbc("sample_kbc", packet, KbcSettings{}, warnings);
  EXPECT_EQ(plaintext.status().message(),
            "sample_kbc: unwraps only A256GCM, the packet is A256CTR");
}

TEST(KbcTest, WrongKeyLengthInKeysFile) {
  KbcSettings settings;
  settings.keys_files = {WriteTempFile("short.json", R"({"a/b/c":"AAAA"})")};
  AnnotationPacket packet{"kbs:///a/b/c", "x", std::string(12, '\0'), WrapType::kA256Gcm};
  std::vector<std::string> warnings;
  auto plaintext = UnwrapWithKbc("offline_fs_kbc", packet, settings, warnings);
  EXPECT_EQ(plaintext.status().message(), "offline_fs_kbc: key a/b/c: 3 bytes, a key must be exactly 32");
}

TEST(KbcTest, UnparsableKid) {
  AnnotationPacket packet{"default/key/1", "x", std::string(12, '\0'), WrapType::kA256Gcm};
  std::vector<std::string> warnings;
  auto plaintext = UnwrapWithKbc("offline_fs_kbc", packet, KbcSettings{}, warnings);
  EXPECT_NE(plaintext.status().message().find(
                "offline_fs_kbc: kid \"default/key/1\" is not a KBS resource URI"),
            std::string::npos);
}

TEST(KbcNameOfTest, TakesTheNameBeforeTheKbsUri) {
  EXPECT_EQ(*KbcNameOf("offline_fs_kbc::null"), "offline_fs_kbc");
  EXPECT_EQ(*KbcNameOf("cc_kbc::http://kbs:8080"), "cc_kbc");
  EXPECT_EQ(*KbcNameOf("sample_kbc"), "sample_kbc");
  EXPECT_FALSE(KbcNameOf("::null").ok());
  EXPECT_FALSE(KbcNameOf("").ok());
}

TEST(KbcTest, OnlineAndUnknownKbcsAreNamedErrors) {
  AnnotationPacket packet{"kbs:///a/b/c", "x", std::string(12, '\0'), WrapType::kA256Gcm};
  std::vector<std::string> warnings;
  auto cc = UnwrapWithKbc("cc_kbc", packet, KbcSettings{}, warnings);
  EXPECT_TRUE(absl::IsUnimplemented(cc.status()));
  EXPECT_EQ(cc.status().message().rfind("cc_kbc fetches keys from a KBS", 0), 0u);
  auto unknown = UnwrapWithKbc("magic_kbc", packet, KbcSettings{}, warnings);
  EXPECT_NE(unknown.status().message().find("unknown KBC \"magic_kbc\""), std::string::npos);
}

}  // namespace
}  // namespace coco
