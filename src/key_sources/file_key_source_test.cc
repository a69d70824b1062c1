#include "src/key_sources/file_key_source.h"

#include <sys/stat.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

// Stands for ReadRawKeyFile or ReadKek: the file's contents, after the resource path.
absl::StatusOr<SecretBytes> ReadWithPath(absl::string_view path, absl::string_view resource_path) {
  if (resource_path == "missing") return absl::NotFoundError(absl::StrCat(path, ": not here"));
  return SecretBytes(absl::string_view(absl::StrCat(resource_path, "@", path)));
}

TEST(FileKeySourceTest, ReadsTheFileForEachResourcePath) {
  const std::string path = test_support::WriteTempFile("file-source", "k");
  Warnings warnings;
  FileKeySource source(ReadWithPath, path, warnings.Within("keywrap"));
  EXPECT_EQ(source.FindKek("a/b/c")->view(), "a/b/c@" + path);
  EXPECT_EQ(source.FindKek("missing").status().message(), path + ": not here");
  EXPECT_TRUE(warnings.lines().empty());
}

TEST(FileKeySourceTest, AFileOthersMayReadWorksWithAWarning) {
  const std::string path = test_support::WriteTempFile("file-source-exposed", "k");
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  Warnings warnings;
  FileKeySource source(ReadWithPath, path, warnings.Within("keywrap"));
  ASSERT_TRUE(source.FindKek("a/b/c").ok());
  EXPECT_EQ(warnings.lines(),
            std::vector<std::string>{"keywrap: " + path +
                                     " is readable by group or others (mode 0644); chmod 600 it"});
  // No warning for a read that failed: a failure stays one line.
  Warnings after_failure;
  FileKeySource failing(ReadWithPath, path, after_failure.Within("keywrap"));
  EXPECT_FALSE(failing.FindKek("missing").ok());
  EXPECT_TRUE(after_failure.lines().empty());
}

}  // namespace
}  // namespace coco
