#include "src/provider/keyunwrap.h"

#include "gtest/gtest.h"
#include "src/testing/temp_files.h"
#include "src/testing/vectors.h"

namespace coco {
namespace {

using test_support::WriteTempFile;

class KeyUnwrapTest : public ::testing::Test {
 protected:
  absl::StatusOr<SecretBytes> Unwrap(std::optional<std::vector<std::string>> entries) {
    warnings_.clear();
    return KeyUnwrap(entries, vectors_.sample_packet, settings_, warnings_);
  }

  test_support::ExchangeVectors vectors_ = test_support::LoadExchangeVectors();
  UnwrapSettings settings_;
  std::vector<std::string> warnings_;
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
  EXPECT_EQ(warnings_.size(), 1u);
}

TEST_F(KeyUnwrapTest, ThousandsOfFailingEntriesGiveAShortLine) {
  auto plaintext = Unwrap(std::vector<std::string>(10000, "magic_kbc::null"));
  ASSERT_FALSE(plaintext.ok());
  EXPECT_LT(plaintext.status().message().size(), 500u);
  EXPECT_NE(plaintext.status().message().find("; and 9997 more"), std::string::npos)
      << plaintext.status().message();
}

TEST_F(KeyUnwrapTest, RequestEntriesBeatTheDefaultKbc) {
  settings_.kbc = "offline_fs_kbc";
  settings_.kbc_settings.keys_files = {"/nonexistent/k.json"};
  EXPECT_TRUE(Unwrap(std::vector<std::string>{"sample_kbc::null"}).ok());
  EXPECT_FALSE(Unwrap(std::nullopt).ok());
}

TEST_F(KeyUnwrapTest, DefaultKbcOrder) {
  settings_.kbc_settings.keys_files = {"/nonexistent/k.json"};
  settings_.aa_kbc_params = "sample_kbc::null";
  EXPECT_TRUE(Unwrap(std::nullopt).ok());
  EXPECT_TRUE(Unwrap(std::vector<std::string>{"Enabled"}).ok());
  settings_.kbc = "offline_fs_kbc";
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
  std::vector<std::string> warnings;
  auto plaintext = KeyUnwrap(std::nullopt, packet, settings_, warnings);
  EXPECT_EQ(plaintext.status().message(),
            "keyunwrap: offline_fs_kbc: A256CTR unwrap gave no ocicrypt key options (wrong key "
            "for kbs:///a/b/c?)");
}

}  // namespace
}  // namespace coco
