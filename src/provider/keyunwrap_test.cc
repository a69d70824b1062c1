#include "src/provider/keyunwrap.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "src/testing/temp_files.h"
#include "src/testing/vectors.h"

namespace coco {
namespace {

using test_support::WriteTempFile;

class KeyUnwrapTest : public ::testing::Test {
 protected:
  absl::StatusOr<SecretBytes> Unwrap(std::optional<std::vector<std::string>> entries) {
    warnings_ = std::make_unique<Warnings>();
    return KeyUnwrap(entries, vectors_.sample_packet, settings_, *warnings_);
  }

  test_support::ExchangeVectors vectors_ = test_support::LoadExchangeVectors();
  UnwrapSettings settings_;
  std::unique_ptr<Warnings> warnings_ = std::make_unique<Warnings>();
};

TEST_F(KeyUnwrapTest, BadEntriesCountAsFailuresAndLaterEntriesAreTried) {
  auto plaintext = Unwrap(std::vector<std::string>{"", "::null", "cc_kbc::x", "sample_kbc::null"});
  ASSERT_TRUE(plaintext.ok()) << plaintext.status();
  EXPECT_EQ(plaintext->view(), vectors_.sample_plaintext);
}

TEST_F(KeyUnwrapTest, AllEntriesFailingNamesEveryFailure) {
  settings_.kbc_settings.keys_files = {"/nonexistent/k.json"};
  auto plaintext = Unwrap(std::vector<std::string>{"offline_fs_kbc::null", "eaa_kbc::x"});
  ASSERT_FALSE(plaintext.ok());
  EXPECT_EQ(plaintext.status().message().rfind(
                "keyunwrap: every KBC failed: offline_fs_kbc: no keys file exists", 0),
            0u)
      << plaintext.status().message();
  EXPECT_NE(plaintext.status().message().find("; eaa_kbc fetches keys"), std::string::npos);
  EXPECT_EQ(warnings_->lines().size(), 1u);
}

TEST_F(KeyUnwrapTest, ThousandsOfFailingEntriesGiveAShortLine) {
  auto plaintext = Unwrap(std::vector<std::string>(10000, "magic_kbc::null"));
  ASSERT_FALSE(plaintext.ok());
  EXPECT_LT(plaintext.status().message().size(), 500u);
  EXPECT_NE(plaintext.status().message().find("; and 9997 more"), std::string::npos)
      << plaintext.status().message();
}

TEST_F(KeyUnwrapTest, OnlyTheFirst64EntriesAreTried) {
  std::vector<std::string> entries(63, "magic_kbc::null");
  entries.push_back("sample_kbc::null");
  EXPECT_TRUE(Unwrap(entries).ok());
  entries.insert(entries.begin(), "magic_kbc::null");
  auto untried = Unwrap(entries);
  ASSERT_FALSE(untried.ok());
  EXPECT_NE(untried.status().message().find("; and 62 more"), std::string::npos)
      << untried.status().message();
}

TEST_F(KeyUnwrapTest, RequestEntriesBeatTheDefaultKbc) {
  settings_.kbc = KbcParameter{"offline_fs_kbc", ""};
  settings_.kbc_settings.keys_files = {"/nonexistent/k.json"};
  EXPECT_TRUE(Unwrap(std::vector<std::string>{"sample_kbc::null"}).ok());
  EXPECT_FALSE(Unwrap(std::nullopt).ok());
}

TEST_F(KeyUnwrapTest, DefaultKbcOrder) {
  settings_.kbc_settings.keys_files = {"/nonexistent/k.json"};
  settings_.aa_kbc_params = "sample_kbc::null";
  EXPECT_TRUE(Unwrap(std::nullopt).ok());
  EXPECT_TRUE(Unwrap(std::vector<std::string>{"Enabled"}).ok());
  settings_.kbc = KbcParameter{"offline_fs_kbc", ""};
  EXPECT_FALSE(Unwrap(std::nullopt).ok());
}

TEST_F(KeyUnwrapTest, MalformedAaKbcParamsMattersOnlyWhenUsed) {
  settings_.aa_kbc_params = "";
  EXPECT_TRUE(Unwrap(std::vector<std::string>{"sample_kbc::null"}).ok());
  auto plaintext = Unwrap(std::nullopt);
  EXPECT_EQ(plaintext.status().message().rfind("keyunwrap: AA_KBC_PARAMS: KBC parameter", 0), 0u)
      << plaintext.status().message();
}

TEST_F(KeyUnwrapTest, CtrGarbageIsRefused) {
  // A CTR packet unwrapped under the wrong key: the cipher cannot tell, the JSON check can.
  const std::string keys =
      WriteTempFile("ctr.json", R"({"a/b/c":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="})");
  settings_.kbc_settings.keys_files = {keys};
  const std::string packet =
      R"({"kid":"kbs:///a/b/c","wrapped_data":"AAAAAAAA","iv":"AAAAAAAAAAAAAAAAAAAAAA==",)"
      R"("wrap_type":"A256CTR"})";
  Warnings warnings;
  auto plaintext = KeyUnwrap(std::nullopt, packet, settings_, warnings);
  EXPECT_EQ(plaintext.status().message(),
            "keyunwrap: offline_fs_kbc: A256CTR unwrap gave no ocicrypt key options (wrong key "
            "for kbs:///a/b/c?)");
}

AnnotationPacket PacketOf(const test_support::WrapVector& v) {
  return AnnotationPacket{v.kid, v.wrapped, v.iv, v.wrap_type};
}

// Settings whose keys file (and SEV secret) holds just this vector's KEK under its kid.
UnwrapSettings SettingsWithKeyOf(const test_support::WrapVector& v) {
  const size_t path_start = v.kid.find('/', v.kid.find("://") + 3) + 1;
  std::string path = WriteTempFile(v.name + ".json", "{\"" + v.kid.substr(path_start) + "\":\"" +
                                                         absl::Base64Escape(v.kek) + "\"}");
  UnwrapSettings settings;
  settings.kbc_settings.keys_files = {path};
  settings.kbc_settings.sev_secret_path = path;
  return settings;
}

absl::StatusOr<SecretBytes> UnwrapWith(absl::string_view entry, const AnnotationPacket& packet,
                                       const UnwrapSettings& settings = {}) {
  Warnings warnings;
  const std::vector<std::string> entries = {std::string(entry)};
  return UnwrapPacket(entries, packet, settings, warnings);
}

TEST(UnwrapPacketTest, OfflineKbcsUnwrapIndependentVectors) {
  for (absl::string_view kbc : {"offline_fs_kbc::null", "offline_sev_kbc::null"}) {
    for (const test_support::WrapVector& v : test_support::LoadWrapVectors()) {
      auto plaintext = UnwrapWith(kbc, PacketOf(v), SettingsWithKeyOf(v));
      // What a CTR unwrap gives must be ocicrypt key options, or it is taken for a wrong key.
      if (v.wrap_type == WrapType::kA256Ctr && v.plaintext.find("symkey") == std::string::npos) {
        EXPECT_TRUE(absl::IsPermissionDenied(plaintext.status())) << kbc << " " << v.name;
        continue;
      }
      ASSERT_TRUE(plaintext.ok()) << kbc << " " << v.name << ": " << plaintext.status();
      EXPECT_EQ(plaintext->view(), v.plaintext);
    }
  }
}

TEST(UnwrapPacketTest, SampleKbcUnwrapsTheIndependentSampleVector) {
  test_support::ExchangeVectors exchange = test_support::LoadExchangeVectors();
  auto packet = ParseAnnotationPacket(exchange.sample_packet);
  ASSERT_TRUE(packet.ok()) << packet.status();
  auto plaintext = UnwrapWith("sample_kbc::null", *packet);
  ASSERT_TRUE(plaintext.ok()) << plaintext.status();
  EXPECT_EQ(plaintext->view(), exchange.sample_plaintext);
}

TEST(UnwrapPacketTest, SampleKbcIgnoresTheKid) {
  test_support::ExchangeVectors exchange = test_support::LoadExchangeVectors();
  auto packet = ParseAnnotationPacket(exchange.sample_packet);
  ASSERT_TRUE(packet.ok());
  packet->kid = "not a kbs uri";
  EXPECT_TRUE(UnwrapWith("sample_kbc", *packet).ok());
}

TEST(UnwrapPacketTest, SampleKbcRefusesOtherKeys) {
  for (const test_support::WrapVector& v : test_support::LoadWrapVectors()) {
    if (v.wrap_type != WrapType::kA256Gcm) continue;
    // Vector KEKs are not the sample KEK: sample_kbc must fail authentication.
    EXPECT_TRUE(absl::IsPermissionDenied(UnwrapWith("sample_kbc", PacketOf(v)).status())) << v.name;
  }
}

TEST(UnwrapPacketTest, SampleKbcRefusesCtr) {
  AnnotationPacket packet{"kbs:///a/b/c", "x", std::string(16, '\0'), WrapType::kA256Ctr};
  EXPECT_EQ(UnwrapWith("sample_kbc", packet).status().message(),
            "sample_kbc: unwraps only A256GCM, the packet is A256CTR");
}

TEST(UnwrapPacketTest, WrongKeyLengthInKeysFile) {
  UnwrapSettings settings;
  settings.kbc_settings.keys_files = {WriteTempFile("short.json", R"({"a/b/c":"AAAA"})")};
  AnnotationPacket packet{"kbs:///a/b/c", "x", std::string(12, '\0'), WrapType::kA256Gcm};
  EXPECT_EQ(UnwrapWith("offline_fs_kbc", packet, settings).status().message(),
            "offline_fs_kbc: key a/b/c: 3 bytes, a key must be exactly 32");
}

TEST(UnwrapPacketTest, UnparsableKid) {
  AnnotationPacket packet{"default/key/1", "x", std::string(12, '\0'), WrapType::kA256Gcm};
  EXPECT_NE(UnwrapWith("offline_fs_kbc", packet)
                .status()
                .message()
                .find("offline_fs_kbc: kid \"default/key/1\" is not a KBS resource URI"),
            std::string::npos);
}

TEST(UnwrapPacketTest, AKidWithADotSegmentIsNotLookedUp) {
  AnnotationPacket packet{"kbs:///default/key/..", "x", std::string(12, '\0'), WrapType::kA256Gcm};
  EXPECT_NE(UnwrapWith("offline_fs_kbc", packet)
                .status()
                .message()
                .find("segment, which CoCo guests resolve away"),
            std::string::npos);
}

TEST(UnwrapPacketTest, OnlineAndUnknownKbcsAreNamedErrors) {
  AnnotationPacket packet{"kbs:///a/b/c", "x", std::string(12, '\0'), WrapType::kA256Gcm};
  auto retired = UnwrapWith("eaa_kbc::http://kbs:8080", packet);
  EXPECT_TRUE(absl::IsUnimplemented(retired.status()));
  EXPECT_EQ(retired.status().message().rfind("eaa_kbc fetches keys from a KBS", 0), 0u);
  auto cc = UnwrapWith("cc_kbc::kbs.example", packet);
  EXPECT_NE(cc.status().message().find("cc_kbc: KBS URL \"kbs.example\" is not http[s]://host"),
            std::string::npos)
      << cc.status().message();
  EXPECT_NE(UnwrapWith("magic_kbc", packet).status().message().find("unknown KBC \"magic_kbc\""),
            std::string::npos);
}

}  // namespace
}  // namespace coco
