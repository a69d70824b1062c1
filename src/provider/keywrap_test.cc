#include "src/provider/keywrap.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/common/base64.h"
#include "src/testing/temp_files.h"
#include "src/wrapping/annotation_packet.h"
#include "src/wrapping/packet_crypto.h"
#include "src/wrapping/wrap_type.h"

namespace coco {
namespace {

using test_support::WriteTempFile;

constexpr absl::string_view kName = "attestation-agent";

class KeyWrapTest : public ::testing::Test {
 protected:
  Warnings warnings_;
};

std::optional<std::vector<std::string>> One(std::string entry) {
  return std::vector<std::string>{std::move(entry)};
}

TEST_F(KeyWrapTest, WritesCanonicalKidAndFreshIvs) {
  const std::string key = WriteTempFile("k32", std::string(32, 'k'));
  std::set<std::string> ivs;
  for (int i = 0; i < 20; ++i) {
    auto annotation =
        KeyWrap(One("keyid=/default/key/key_id1::keypath=" + key), kName, "secret", {}, warnings_);
    ASSERT_TRUE(annotation.ok()) << annotation.status();
    auto packet = ParseAnnotationPacket(*annotation);
    ASSERT_TRUE(packet.ok());
    EXPECT_EQ(packet->kid, "kbs:///default/key/key_id1");
    EXPECT_EQ(packet->wrap_type, WrapType::kA256Gcm);
    EXPECT_EQ(packet->wrapped_data.size(), 6u + 16u);
    ivs.insert(packet->iv);
  }
  EXPECT_EQ(ivs.size(), 20u);
}

TEST_F(KeyWrapTest, CtrUsesSixteenByteIv) {
  const std::string key = WriteTempFile("k32ctr", std::string(32, 'k'));
  auto annotation = KeyWrap(One("keyid=kbs:///a/b/c::keypath=" + key + "::algorithm=A256CTR"),
                            kName, "secret", {}, warnings_);
  ASSERT_TRUE(annotation.ok()) << annotation.status();
  auto packet = ParseAnnotationPacket(*annotation);
  ASSERT_TRUE(packet.ok());
  EXPECT_EQ(packet->wrap_type, WrapType::kA256Ctr);
  EXPECT_EQ(packet->iv.size(), 16u);
  EXPECT_EQ(packet->wrapped_data.size(), 6u);
}

TEST_F(KeyWrapTest, KeyFileMustBeARegularFileOfExactly32Bytes) {
  struct Case {
    std::string path;
    absl::string_view error;
  };
  const std::string dir = std::getenv("TEST_TMPDIR");
  const std::string fifo = dir + "/fifo";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  for (const Case& c : {
           Case{WriteTempFile("k31", std::string(31, 'k')), "31 bytes, a key must be exactly 32"},
           Case{WriteTempFile("k33", std::string(33, 'k')), "larger than 32 bytes"},
           Case{WriteTempFile("k0", ""), "0 bytes, a key must be exactly 32"},
           Case{dir + "/absent", "absent: No such file or directory"},
           Case{"/etc/passwd/k", "/etc/passwd/k: Not a directory"},
           Case{dir, "not a regular file"},
           Case{fifo, "not a regular file"},
       }) {
    auto annotation =
        KeyWrap(One("keyid=/a/b/c::keypath=" + c.path), kName, "secret", {}, warnings_);
    ASSERT_FALSE(annotation.ok()) << c.path;
    EXPECT_EQ(annotation.status().message().rfind("keywrap: keypath " + c.path, 0), 0u)
        << annotation.status().message();
    EXPECT_NE(annotation.status().message().find(c.error), absl::string_view::npos)
        << annotation.status().message();
  }
}

TEST_F(KeyWrapTest, KeyFileHoldsTheKekUnderTheKeyidsResourcePath) {
  const std::string kek(32, '\x22');
  const std::string keys =
      WriteTempFile("keys-two.json",
                    absl::StrCat(R"({"default/key/key_id1":")", EncodeBase64(std::string(32, 'x')),
                                 R"(","default/key/key_id2":")", EncodeBase64(kek), R"("})"));
  // ocicrypt's key options, which a CTR unwrap must give to count as opened.
  const std::string optsdata = R"({"symkey":"c2VjcmV0","cipheroptions":{}})";
  for (absl::string_view algorithm : {"A256GCM", "A256CTR"}) {
    auto annotation = KeyWrap(One(absl::StrCat("keyid=kbs://kbs.example:8080/default/key/key_id2",
                                               "::keyfile=", keys, "::algorithm=", algorithm)),
                              kName, optsdata, {}, warnings_);
    ASSERT_TRUE(annotation.ok()) << annotation.status();
    auto packet = ParseAnnotationPacket(*annotation);
    ASSERT_TRUE(packet.ok());
    EXPECT_EQ(packet->kid, "kbs://kbs.example:8080/default/key/key_id2");
    auto opened = OpenPacket(*packet, SecretBytes(kek).span());
    ASSERT_TRUE(opened.ok()) << opened.status();
    EXPECT_EQ(opened->view(), optsdata);
  }
}

TEST_F(KeyWrapTest, KeyFileErrorsNameTheFileAndEntryNeverTheValue) {
  struct Case {
    std::string path;
    std::string error;
  };
  const std::string secret = EncodeBase64("TOPSECRET-0123456789");
  const std::string dir = std::getenv("TEST_TMPDIR");
  const std::string good =
      WriteTempFile("keys-good.json", absl::StrCat(R"({"default/key/key_id1":")", secret, R"("})"));
  for (const Case& c : {
           Case{dir + "/absent.json", "absent.json: No such file or directory"},
           Case{dir, ": not a regular file"},
           Case{WriteTempFile("keys-bad.json", "{\"default/key/key_id1\": \"" + secret),
                ": not valid JSON"},
           Case{WriteTempFile("keys-b64.json", R"({"default/key/key_id1":")" + secret + "!\"}"),
                ": entry \"default/key/key_id1\" is not canonical padded base64"},
           Case{WriteTempFile("keys-other.json", R"({"x/y/z":")" + secret + "\"}"),
                ": key default/key/key_id1 not found"},
           Case{good, ": key default/key/key_id1: 20 bytes, a key must be exactly 32"},
       }) {
    auto annotation = KeyWrap(One("keyid=/default/key/key_id1::keyfile=" + c.path), kName, "secret",
                              {}, warnings_);
    ASSERT_FALSE(annotation.ok()) << c.path;
    EXPECT_EQ(annotation.status().message().rfind("keywrap: keyfile " + c.path, 0), 0u)
        << annotation.status().message();
    EXPECT_NE(annotation.status().message().find(c.error), absl::string_view::npos)
        << annotation.status().message();
    EXPECT_EQ(annotation.status().message().find(secret.substr(0, 12)), absl::string_view::npos);
  }
}

TEST_F(KeyWrapTest, KeyFileOthersMayReadWorksWithAWarning) {
  const std::string key = WriteTempFile("k-exposed", std::string(32, 'k'));
  ASSERT_EQ(chmod(key.c_str(), 0644), 0);
  auto annotation = KeyWrap(One("keyid=/a/b/c::keypath=" + key), kName, "secret", {}, warnings_);
  ASSERT_TRUE(annotation.ok()) << annotation.status();
  EXPECT_EQ(warnings_.lines(), std::vector<std::string>{"keywrap: " + key +
                                                        " is readable by group or others (mode "
                                                        "0644); chmod 600 it"});
  ASSERT_EQ(chmod(key.c_str(), 0600), 0);
  Warnings private_key_warnings;
  ASSERT_TRUE(
      KeyWrap(One("keyid=/a/b/c::keypath=" + key), kName, "secret", {}, private_key_warnings).ok());
  EXPECT_TRUE(private_key_warnings.lines().empty());
}

TEST_F(KeyWrapTest, UnreadableKeyFile) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads any file";
  const std::string key = WriteTempFile("k-unreadable", std::string(32, 'k'));
  ASSERT_EQ(chmod(key.c_str(), 0), 0);
  auto annotation = KeyWrap(One("keyid=/a/b/c::keypath=" + key), kName, "secret", {}, warnings_);
  EXPECT_NE(annotation.status().message().find("Permission denied"), absl::string_view::npos);
}

TEST_F(KeyWrapTest, RecipientErrors) {
  auto none = KeyWrap(std::nullopt, kName, "secret", {}, warnings_);
  EXPECT_EQ(none.status().message().rfind(
                "keywrap: the request has no parameters for provider attestation-agent", 0),
            0u);
  auto empty = KeyWrap(std::vector<std::string>{}, kName, "secret", {}, warnings_);
  EXPECT_FALSE(empty.ok());
  auto two = KeyWrap(std::vector<std::string>{"sample=true", "sample=true"}, kName, "secret", {},
                     warnings_);
  EXPECT_EQ(two.status().message(),
            "keywrap: 2 recipients given for provider attestation-agent; one recipient per "
            "provider is supported");
  auto enabled = KeyWrap(One("Enabled"), "my-name", "secret", {}, warnings_);
  EXPECT_NE(enabled.status().message().find("provider my-name was given no parameters"),
            absl::string_view::npos);
  EXPECT_NE(enabled.status().message().find("provider:my-name:sample=true"),
            absl::string_view::npos);
}

}  // namespace
}  // namespace coco
