#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/cli/command_line.h"
#include "src/cli/usage_error.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::CapturedOutput;
using test_support::TempPath;
using test_support::WriteTempFile;

struct Ran {
  absl::Status status;
  std::string out;
};

Ran RunInspect(std::vector<std::string> args) {
  std::vector<const char*> argv = {"inspect"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  Ran ran;
  ran.out = CapturedOutput("inspect-command-out", [&](int fd) {
    ran.status = RunProgram(argv, {-1, fd, -1});
  });
  return ran;
}

// A manifest whose one layer carries a hand-made packet and pubopts with a recognisable HMAC.
std::string EncryptedManifest(absl::string_view secret) {
  const std::string packet =
      absl::StrCat(R"({"kid":"kbs:///default/key/key_id1","wrapped_data":")",
                   absl::Base64Escape(absl::StrCat(secret, std::string(41, 'w'))), R"(","iv":")",
                   absl::Base64Escape(std::string(12, 'i')), R"(","wrap_type":"A256GCM"})");
  const std::string pubopts = absl::StrCat(R"({"cipher":"AES_256_CTR_HMAC_SHA256","hmac":")",
                                           absl::Base64Escape(secret), R"(","cipheroptions":{}})");
  return absl::StrCat(
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","layers":[)",
      R"({"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip+encrypted","digest":"sha256:)",
      std::string(64, 'a'), R"(","size":99,"annotations":{)",
      R"("org.opencontainers.image.enc.keys.provider.attestation-agent":")",
      absl::Base64Escape(packet), R"(","org.opencontainers.image.enc.pubopts":")",
      absl::Base64Escape(pubopts), R"("}}]})");
}

TEST(InspectCommandTest, ManifestFileAsTextAndJson) {
  const std::string secret = "TOPSECRET-0123456789";
  const std::string path = WriteTempFile("inspect-manifest.json", EncryptedManifest(secret));
  Ran text = RunInspect({"--manifest", path});
  ASSERT_TRUE(text.status.ok()) << text.status;
  EXPECT_NE(text.out.find("    encrypted: yes\n    cipher: AES_256_CTR_HMAC_SHA256\n"
                          "    provider attestation-agent: kid kbs:///default/key/key_id1, "
                          "wrap_type A256GCM, iv 12 bytes, wrapped data 61 bytes\n"),
            std::string::npos)
      << text.out;
  Ran json = RunInspect({"--json", "--manifest", path});
  ASSERT_TRUE(json.status.ok()) << json.status;
  EXPECT_EQ(json.out.rfind("{\n  \"images\": [", 0), 0u) << json.out;
  EXPECT_NE(json.out.find("\"wrapped_data_length\": 61"), std::string::npos);
  for (const Ran& ran : {text, json}) {
    EXPECT_EQ(ran.out.find(secret), std::string::npos);
    EXPECT_EQ(ran.out.find(absl::Base64Escape(secret)), std::string::npos);
    EXPECT_EQ(ran.out.find(absl::Base64Escape(std::string(12, 'i'))), std::string::npos);
  }
}

TEST(InspectCommandTest, Misuse) {
  const std::string path = WriteTempFile("inspect-misuse.json", EncryptedManifest("x"));
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const Case& c : {
           Case{{}, "inspect: expects DIR[:TAG] or --manifest FILE, got 0 arguments"},
           Case{{"a", "b"}, "expects DIR[:TAG] or --manifest FILE, got 2 arguments"},
           Case{{"--manifest", path, "dir"}, "expects no DIR[:TAG] with --manifest"},
           Case{{"--manifest="}, "--manifest is empty"},
           Case{{"dir:"}, "TAG is empty after ':'"},
           Case{{"--yaml", "dir"}, "unknown flag --yaml"},
       }) {
    Ran ran = RunInspect(c.args);
    EXPECT_TRUE(IsUsageError(ran.status)) << ran.status;
    EXPECT_NE(ran.status.message().find(c.message), absl::string_view::npos) << ran.status;
    EXPECT_NE(ran.status.message().find("(see coco-keyprovider inspect --help)"),
              absl::string_view::npos);
    EXPECT_EQ(ran.out, "");
  }
}

TEST(InspectCommandTest, FailuresPrintNothing) {
  Ran not_layout = RunInspect({TempPath("")});
  EXPECT_FALSE(IsUsageError(not_layout.status));
  EXPECT_NE(not_layout.status.message().find("not an OCI image layout (no oci-layout file)"),
            absl::string_view::npos)
      << not_layout.status;
  EXPECT_EQ(not_layout.out, "");
  Ran bad_manifest = RunInspect({"--manifest", WriteTempFile("inspect-bad.json", "{")});
  EXPECT_EQ(bad_manifest.status.message().rfind(
                "inspect: " + TempPath("inspect-bad.json") + ": not valid JSON", 0),
            0u)
      << bad_manifest.status;
  EXPECT_EQ(bad_manifest.out, "");
}

TEST(InspectCommandTest, Help) {
  Ran help = RunInspect({"--help"});
  ASSERT_TRUE(help.status.ok());
  for (absl::string_view word :
       {"Usage: coco-keyprovider inspect [--json] DIR[:TAG]", "--manifest FILE", "--json",
        "org.opencontainers.image.ref.name", "sha256"}) {
    EXPECT_NE(help.out.find(std::string(word)), std::string::npos) << word;
  }
}

}  // namespace
}  // namespace coco
