#include "src/key_sources/raw_key_file.h"

#include <string>

#include "gtest/gtest.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::TempPath;
using test_support::WriteTempFile;

TEST(ReadRawKeyFileTest, ReadsExactly32Bytes) {
  absl::StatusOr<SecretBytes> kek = ReadRawKeyFile(WriteTempFile("raw32", std::string(32, 'k')));
  ASSERT_TRUE(kek.ok()) << kek.status();
  EXPECT_EQ(kek->view(), std::string(32, 'k'));
}

TEST(ReadRawKeyFileTest, ErrorsStartWithThePath) {
  struct Case {
    std::string path;
    std::string error;
  };
  for (const Case& c : {
           Case{WriteTempFile("raw31", std::string(31, 'k')), "31 bytes, a key must be exactly 32"},
           Case{WriteTempFile("raw33", std::string(33, 'k')), "larger than 32 bytes"},
           Case{TempPath("raw-absent"), "No such file or directory"},
           Case{std::getenv("TEST_TMPDIR"), "not a regular file"},
       }) {
    absl::StatusOr<SecretBytes> kek = ReadRawKeyFile(c.path);
    ASSERT_FALSE(kek.ok()) << c.path;
    EXPECT_EQ(kek.status().message(), c.path + ": " + c.error);
  }
}

}  // namespace
}  // namespace coco
