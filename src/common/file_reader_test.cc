#include "src/common/file_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::TempPath;
using test_support::WriteTempFile;

TEST(ReadRegularFileTest, ReadsWholeFile) {
  std::string big(100000, 'x');
  auto contents = ReadRegularFile(WriteTempFile("big", big), 1 << 20);
  ASSERT_TRUE(contents.ok()) << contents.status();
  EXPECT_EQ(contents->view(), big);
}

TEST(ReadRegularFileTest, ReadsEmptyFile) {
  auto contents = ReadRegularFile(WriteTempFile("empty", ""), 10);
  ASSERT_TRUE(contents.ok());
  EXPECT_TRUE(contents->empty());
}

TEST(ReadRegularFileTest, MissingFileIsNotFoundAndNamesPath) {
  auto contents = ReadRegularFile(TempPath("absent"), 10);
  EXPECT_TRUE(absl::IsNotFound(contents.status()));
  EXPECT_NE(contents.status().message().find("absent: No such file"), std::string::npos);
}

TEST(ReadRegularFileTest, RefusesDirectory) {
  auto contents = ReadRegularFile(std::getenv("TEST_TMPDIR"), 10);
  EXPECT_FALSE(contents.ok());
  EXPECT_NE(contents.status().message().find("not a regular file"), std::string::npos);
}

TEST(ReadRegularFileTest, RefusesFifoWithoutBlocking) {
  std::string path = TempPath("fifo");
  ASSERT_EQ(mkfifo(path.c_str(), 0600), 0);
  auto contents = ReadRegularFile(path, 10);
  EXPECT_FALSE(contents.ok());
  EXPECT_NE(contents.status().message().find("not a regular file"), std::string::npos);
}

TEST(ReadRegularFileTest, RefusesDevice) {
  auto contents = ReadRegularFile("/dev/zero", 10);
  EXPECT_FALSE(contents.ok());
  EXPECT_NE(contents.status().message().find("not a regular file"), std::string::npos);
}

TEST(ReadRegularFileTest, RefusesOversizedFile) {
  auto contents = ReadRegularFile(WriteTempFile("eleven", "01234567890"), 10);
  EXPECT_FALSE(contents.ok());
  EXPECT_NE(contents.status().message().find("larger than 10 bytes"), std::string::npos);
}

TEST(ExposureWarningTest, WarnsOnlyWhenGroupOrOthersMayRead) {
  const std::string path = WriteTempFile("key", "k");
  ASSERT_EQ(chmod(path.c_str(), 0600), 0);
  EXPECT_FALSE(ExposureWarning(path).has_value());
  ASSERT_EQ(chmod(path.c_str(), 0640), 0);
  EXPECT_EQ(*ExposureWarning(path),
            path + " is readable by group or others (mode 0640); chmod 600 it");
  ASSERT_EQ(chmod(path.c_str(), 0604), 0);
  EXPECT_TRUE(ExposureWarning(path).has_value());
  ASSERT_EQ(chmod(path.c_str(), 0620), 0);  // writable, not readable: no secret leaves
  EXPECT_FALSE(ExposureWarning(path).has_value());
  EXPECT_FALSE(ExposureWarning(TempPath("absent")).has_value());
}

TEST(ReadAllTest, StopsOneByteOverTheLimit) {
  int fd = open(WriteTempFile("limit", std::string(5000, 'a')).c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  auto contents = ReadAll(fd, 4999);
  close(fd);
  EXPECT_TRUE(absl::IsResourceExhausted(contents.status()));
}

TEST(ReadAllTest, AcceptsExactlyTheLimit) {
  int fd = open(WriteTempFile("exact", std::string(5000, 'a')).c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  auto contents = ReadAll(fd, 5000);
  close(fd);
  ASSERT_TRUE(contents.ok());
  EXPECT_EQ(contents->size(), 5000u);
}

}  // namespace
}  // namespace coco
