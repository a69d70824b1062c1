#include "src/cli/provider_settings.h"

#include "gtest/gtest.h"

namespace coco {
namespace {

absl::StatusOr<ProviderSettings> Settings(std::vector<const char*> args,
                                          ProviderEnvironment environment = {}) {
  // Misuse the flag table describes is found while parsing; the rest by the settings.
  absl::StatusOr<ParsedFlags> flags = ParseFlags(kProviderFlags, {}, args);
  if (!flags.ok()) return flags.status();
  return ProviderSettingsFrom(*flags, environment);
}

TEST(ProviderSettingsTest, Defaults) {
  auto settings = Settings({});
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->provider_name, "attestation-agent");
  EXPECT_FALSE(settings->unwrap.kbc.has_value());
  EXPECT_FALSE(settings->unwrap.aa_kbc_params.has_value());
  EXPECT_EQ(settings->unwrap.kbc_settings.keys_files,
            (std::vector<std::string>{"/etc/aa-offline_fs_kbc-keys.json",
                                      "/etc/aa-offline_fs_kbc-resources.json"}));
  EXPECT_EQ(settings->unwrap.kbc_settings.sev_secret_path,
            "/sys/kernel/security/secrets/coco/e6f5a162-d67f-4750-a67c-5d065f2a9910");
}

TEST(ProviderSettingsTest, KeysFilesReplaceDefaultsAndExtraFilesAreAlwaysAdded) {
  auto settings = Settings({"--keys-file", "a.json", "--keys-file=b.json"},
                           ProviderEnvironment{std::nullopt, ",x.json,,y.json"});
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->unwrap.kbc_settings.keys_files,
            (std::vector<std::string>{"a.json", "b.json", "x.json", "y.json"}));
  auto defaults = Settings({}, ProviderEnvironment{std::nullopt, "x.json"});
  EXPECT_EQ(defaults->unwrap.kbc_settings.keys_files.size(), 3u);
}

TEST(ProviderSettingsTest, KbcFlagIsCheckedEnvironmentIsKeptForLater) {
  auto settings = Settings({"--kbc", "sample_kbc::null"}, ProviderEnvironment{"", std::nullopt});
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->unwrap.kbc->kbc, "sample_kbc");
  EXPECT_EQ(settings->unwrap.kbc->kbs_uri, "null");
  EXPECT_EQ(*settings->unwrap.aa_kbc_params, "");
}

TEST(ProviderSettingsTest, ProviderNameAndSevPath) {
  auto settings = Settings({"--provider-name", "my-kp", "--sev-secret-path", "/s"});
  ASSERT_TRUE(settings.ok());
  EXPECT_EQ(settings->provider_name, "my-kp");
  EXPECT_EQ(settings->unwrap.kbc_settings.sev_secret_path, "/s");
}

TEST(ProviderSettingsTest, Misuse) {
  EXPECT_EQ(Settings({"--provider-name="}).status().message(), "--provider-name is empty");
  EXPECT_EQ(Settings({"--provider-name", "privkeys"}).status().message(),
            "--provider-name privkeys is one of ocicrypt's own parameter names");
  EXPECT_NE(Settings({"--kbc", "::x"}).status().message().find("--kbc: "), std::string::npos);
  EXPECT_EQ(Settings({"--kbc", "ofline_fs_kbc"}).status().message(),
            "--kbc: unknown KBC \"ofline_fs_kbc\"; supported: sample_kbc, offline_fs_kbc, "
            "offline_sev_kbc, cc_kbc");
  EXPECT_EQ(Settings({"--keys-file="}).status().message(), "--keys-file is empty");
  EXPECT_EQ(Settings({"--keys-file=", "--keys-file", "b.json"}).status().message(),
            "--keys-file is empty");
  EXPECT_EQ(Settings({"--keys-file", "a.json", "--keys-file=", "--keys-file", "b.json"})
                .status()
                .message(),
            "--keys-file is empty");
  EXPECT_EQ(Settings({"--sev-secret-path="}).status().message(), "--sev-secret-path is empty");
  EXPECT_NE(Settings({"keywrap"}).status().message().find("unexpected argument \"keywrap\""),
            std::string::npos);
}

}  // namespace
}  // namespace coco
