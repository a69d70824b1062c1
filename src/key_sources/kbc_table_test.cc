#include "src/key_sources/kbc_table.h"

#include <string>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/key_sources/sample_key.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

TEST(KbcParameterTest, KeepsTheKbsUriWhole) {
  EXPECT_EQ(KbcParameter::Parse("offline_fs_kbc::null")->kbc, "offline_fs_kbc");
  absl::StatusOr<KbcParameter> cc = KbcParameter::Parse("cc_kbc::http://kbs:8080");
  ASSERT_TRUE(cc.ok());
  EXPECT_EQ(cc->kbc, "cc_kbc");
  EXPECT_EQ(cc->kbs_uri, "http://kbs:8080");
  EXPECT_EQ(KbcParameter::Parse("cc_kbc::https://[::1]:8080")->kbs_uri, "https://[::1]:8080");
  EXPECT_EQ(KbcParameter::Parse("sample_kbc")->kbs_uri, "");
  EXPECT_EQ(KbcParameter::Parse("::null").status().message(),
            "KBC parameter \"::null\" names no KBC; expected <kbc>::<kbs-uri>");
  EXPECT_FALSE(KbcParameter::Parse("").ok());
}

TEST(FindUsableKbcTest, TheOfflineKbcsAreUsable) {
  for (absl::string_view name : {"sample_kbc", "offline_fs_kbc", "offline_sev_kbc", "cc_kbc"}) {
    absl::StatusOr<const Kbc*> kbc = FindUsableKbc(name);
    ASSERT_TRUE(kbc.ok()) << name << ": " << kbc.status();
    EXPECT_EQ((*kbc)->name, name);
  }
  EXPECT_EQ(UsableKbcNames(), "sample_kbc, offline_fs_kbc, offline_sev_kbc, cc_kbc");
}

TEST(FindUsableKbcTest, OnlineAndUnknownKbcsAreNamedErrors) {
  for (absl::string_view name : {"online_sev_kbc", "eaa_kbc"}) {
    absl::StatusOr<const Kbc*> kbc = FindUsableKbc(name);
    EXPECT_TRUE(absl::IsUnimplemented(kbc.status())) << name;
    EXPECT_EQ(kbc.status().message().rfind(absl::StrCat(name, " fetches keys from a KBS"), 0), 0u);
    EXPECT_NE(kbc.status().message().find("this tool unwraps with sample_kbc"), std::string::npos);
  }
  EXPECT_EQ(FindUsableKbc("magic_kbc").status().message(),
            "unknown KBC \"magic_kbc\"; supported: sample_kbc, offline_fs_kbc, offline_sev_kbc, "
            "cc_kbc");
  EXPECT_EQ(FindUsableKbc("a\nb").status().message().find('\n'), std::string::npos);
}

TEST(KbcTableTest, EveryUsableKbcOpensASourceAndEveryOtherSaysWhyNot) {
  for (const Kbc& kbc : Kbcs()) {
    EXPECT_FALSE(kbc.keys_from.empty()) << kbc.name;
    EXPECT_EQ(kbc.open == nullptr, !kbc.unavailable_because.empty()) << kbc.name;
  }
}

TEST(KbcTableTest, SourcesFindKeysWhereEachKbcLooks) {
  const std::string key(32, 'q');
  const std::string file = test_support::WriteTempFile(
      "table-keys.json", "{\"a/b/c\":\"" + absl::Base64Escape(key) + "\"}");
  KbcSettings settings;
  settings.keys_files = {file};
  settings.sev_secret_path = file;
  Warnings warnings;
  for (absl::string_view name : {"offline_fs_kbc", "offline_sev_kbc"}) {
    const Kbc* kbc = *FindUsableKbc(name);
    EXPECT_EQ((*kbc->open({std::string(name), "null"}, settings, warnings.Within(name)))
                  ->FindKek("a/b/c")
                  ->view(),
              key)
        << name;
  }
  const Kbc* sample = *FindUsableKbc("sample_kbc");
  EXPECT_FALSE(sample->reads_kid);
  EXPECT_FALSE(sample->opens_ctr);
  absl::StatusOr<SecretBytes> sample_kek =
      (*sample->open({"sample_kbc", "null"}, settings, warnings.Within("sample_kbc")))->FindKek("");
  ASSERT_TRUE(sample_kek.ok());
  EXPECT_EQ(sample_kek->span(), SampleKek());
  EXPECT_TRUE(warnings.lines().empty());
  const Kbc* cc = *FindUsableKbc("cc_kbc");
  EXPECT_EQ(cc->open({"cc_kbc", "null"}, settings, warnings.Within("cc_kbc")).status().message(),
            "needs the KBS it fetches from: cc_kbc::http[s]://<host>[:<port>]");
  EXPECT_TRUE(cc->open({"cc_kbc", "http://127.0.0.1:1"}, settings, warnings.Within("cc_kbc")).ok());
}

}  // namespace
}  // namespace coco
