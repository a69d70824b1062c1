#include "src/provider/keywrap.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "src/testing/temp_files.h"
#include "src/wrapping/annotation_packet.h"

namespace coco {
namespace {

using test_support::WriteTempFile;

constexpr absl::string_view kName = "attestation-agent";

std::optional<std::vector<std::string>> One(std::string entry) {
  return std::vector<std::string>{std::move(entry)};
}

TEST(KeyWrapTest, WritesCanonicalKidAndFreshIvs) {
  const std::string key = WriteTempFile("k32", std::string(32, 'k'));
  std::set<std::string> ivs;
  for (int i = 0; i < 20; ++i) {
    auto annotation = KeyWrap(One("keyid=/default/key/key_id1::keypath=" + key), kName, "secret");
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

TEST(KeyWrapTest, CtrUsesSixteenByteIv) {
  const std::string key = WriteTempFile("k32ctr", std::string(32, 'k'));
  auto annotation =
      KeyWrap(One("keyid=kbs:///a/b/c::keypath=" + key + "::algorithm=A256CTR"), kName, "secret");
  ASSERT_TRUE(annotation.ok()) << annotation.status();
  auto packet = ParseAnnotationPacket(*annotation);
  ASSERT_TRUE(packet.ok());
  EXPECT_EQ(packet->wrap_type, WrapType::kA256Ctr);
  EXPECT_EQ(packet->iv.size(), 16u);
  EXPECT_EQ(packet->wrapped_data.size(), 6u);
}

TEST(KeyWrapTest, KeyFileMustBeARegularFileOfExactly32Bytes) {
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
    auto annotation = KeyWrap(One("keyid=/a/b/c::keypath=" + c.path), kName, "secret");
    ASSERT_FALSE(annotation.ok()) << c.path;
    EXPECT_EQ(annotation.status().message().rfind("keywrap: keypath " + c.path, 0), 0u)
        << annotation.status().message();
    EXPECT_NE(annotation.status().message().find(c.error), absl::string_view::npos)
        << annotation.status().message();
  }
}

TEST(KeyWrapTest, UnreadableKeyFile) {
  if (geteuid() == 0) GTEST_SKIP() << "root reads any file";
  const std::string key = WriteTempFile("k-unreadable", std::string(32, 'k'));
  ASSERT_EQ(chmod(key.c_str(), 0), 0);
  auto annotation = KeyWrap(One("keyid=/a/b/c::keypath=" + key), kName, "secret");
  EXPECT_NE(annotation.status().message().find("Permission denied"), absl::string_view::npos);
}

TEST(KeyWrapTest, RecipientErrors) {
  auto none = KeyWrap(std::nullopt, kName, "secret");
  EXPECT_EQ(none.status().message().rfind(
                "keywrap: the request has no parameters for provider attestation-agent", 0),
            0u);
  auto empty = KeyWrap(std::vector<std::string>{}, kName, "secret");
  EXPECT_FALSE(empty.ok());
  auto two = KeyWrap(std::vector<std::string>{"sample=true", "sample=true"}, kName, "secret");
  EXPECT_EQ(two.status().message(),
            "keywrap: 2 recipients given for provider attestation-agent; one recipient per "
            "provider is supported");
  auto enabled = KeyWrap(One("Enabled"), "my-name", "secret");
  EXPECT_NE(enabled.status().message().find("provider my-name was given no parameters"),
            absl::string_view::npos);
  EXPECT_NE(enabled.status().message().find("provider:my-name:sample=true"),
            absl::string_view::npos);
}

}  // namespace
}  // namespace coco
