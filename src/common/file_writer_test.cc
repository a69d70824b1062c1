#include "src/common/file_writer.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::FileMode;
using test_support::FileSizeLimit;
using test_support::FolderEntries;
using test_support::FreshFolder;
using test_support::ReadFile;
using test_support::TempPath;

TEST(WriteFileAtomicallyTest, CreatesAPrivateFileWhateverTheUmask) {
  const std::string folder = FreshFolder("create");
  const mode_t old_umask = umask(0);
  const absl::Status written =
      WriteFileAtomically(folder + "/keys.json", "{}\n", ExistingFile::kKeep);
  umask(old_umask);
  ASSERT_TRUE(written.ok()) << written;
  EXPECT_EQ(ReadFile(folder + "/keys.json"), "{}\n");
  EXPECT_EQ(FileMode(folder + "/keys.json"), 0600u);
  EXPECT_EQ(FolderEntries(folder), std::vector<std::string>{"keys.json"});
}

TEST(WriteFileAtomicallyTest, NeverReplacesAnExistingFileUnlessAsked) {
  const std::string folder = FreshFolder("keep");
  const std::string path = folder + "/keys.json";
  std::ofstream(path) << "old";
  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  const absl::Status kept = WriteFileAtomically(path, "new", ExistingFile::kKeep);
  EXPECT_TRUE(absl::IsAlreadyExists(kept)) << kept;
  EXPECT_EQ(kept.message(), path + ": already exists");
  EXPECT_EQ(ReadFile(path), "old");
  EXPECT_EQ(FolderEntries(folder), std::vector<std::string>{"keys.json"});

  ASSERT_TRUE(WriteFileAtomically(path, "new", ExistingFile::kReplace).ok());
  EXPECT_EQ(ReadFile(path), "new");
  EXPECT_EQ(FileMode(path), 0600u);
  EXPECT_EQ(FolderEntries(folder), std::vector<std::string>{"keys.json"});
}

TEST(WriteFileAtomicallyTest, ADanglingSymbolicLinkCountsAsExisting) {
  const std::string folder = FreshFolder("symlink");
  const std::string path = folder + "/keys.json";
  ASSERT_EQ(symlink("/nonexistent/target", path.c_str()), 0);
  EXPECT_TRUE(absl::IsAlreadyExists(WriteFileAtomically(path, "new", ExistingFile::kKeep)));
}

// A write that fails half way (here: the file size limit, which binds root too) must leave the
// existing file as it was and no temporary file behind.
TEST(WriteFileAtomicallyTest, FailedWriteLeavesTheExistingFileIntact) {
  const std::string folder = FreshFolder("failed-write");
  const std::string path = folder + "/keys.json";
  std::ofstream(path) << "old contents";
  ASSERT_EQ(chmod(path.c_str(), 0600), 0);

  absl::Status written;
  {
    FileSizeLimit limit(1000);
    written = WriteFileAtomically(path, std::string(5000, 'n'), ExistingFile::kReplace);
  }

  ASSERT_FALSE(written.ok());
  EXPECT_EQ(written.message(), path + ": writing: File too large");
  EXPECT_EQ(ReadFile(path), "old contents");
  EXPECT_EQ(FolderEntries(folder), std::vector<std::string>{"keys.json"});
}

TEST(WriteFileAtomicallyTest, ReadOnlyFolderLeavesTheExistingFileIntact) {
  if (geteuid() == 0) GTEST_SKIP() << "root writes into any folder; see FailedWrite above";
  const std::string folder = FreshFolder("read-only");
  const std::string path = folder + "/keys.json";
  std::ofstream(path) << "old contents";
  ASSERT_EQ(chmod(folder.c_str(), 0500), 0);
  const absl::Status written = WriteFileAtomically(path, "new", ExistingFile::kReplace);
  chmod(folder.c_str(), 0700);
  EXPECT_NE(written.message().find("Permission denied"), absl::string_view::npos) << written;
  EXPECT_EQ(ReadFile(path), "old contents");
}

TEST(WriteFileAtomicallyTest, UnwritablePlacesAreErrorsNamingThePath) {
  const std::string file = TempPath("a-regular-file");
  std::ofstream(file) << "x";
  struct Case {
    std::string path;
    std::string error;
  };
  for (const Case& c : {
           Case{file + "/keys.json", "creating a temporary file in " + file + ": Not a directory"},
           Case{TempPath("absent-folder/keys.json"), "No such file or directory"},
           Case{"/proc/coco-keyprovider-test.json", "creating a temporary file in /proc: "},
           Case{TempPath("folder-name/"), "names a folder, not a file"},
       }) {
    const absl::Status written = WriteFileAtomically(c.path, "x", ExistingFile::kReplace);
    ASSERT_FALSE(written.ok()) << c.path;
    EXPECT_EQ(written.message().rfind(c.path + ": ", 0), 0u) << written;
    EXPECT_NE(written.message().find(c.error), absl::string_view::npos) << written;
  }
  EXPECT_EQ(ReadFile(file), "x");
}

TEST(WriteFileAtomicallyTest, ReplacingAFolderFails) {
  const std::string folder = FreshFolder("replace-folder");
  ASSERT_EQ(mkdir((folder + "/keys.json").c_str(), 0700), 0);
  EXPECT_FALSE(WriteFileAtomically(folder + "/keys.json", "x", ExistingFile::kReplace).ok());
  EXPECT_EQ(FolderEntries(folder), std::vector<std::string>{"keys.json"});
}

TEST(WriteFileAtomicallyTest, RelativePathIsInTheWorkingFolder) {
  const std::string folder = FreshFolder("relative");
  char old_cwd[4096];
  ASSERT_NE(getcwd(old_cwd, sizeof(old_cwd)), nullptr);
  ASSERT_EQ(chdir(folder.c_str()), 0);
  const absl::Status written = WriteFileAtomically("keys.json", "x", ExistingFile::kKeep);
  ASSERT_EQ(chdir(old_cwd), 0);
  ASSERT_TRUE(written.ok()) << written;
  EXPECT_EQ(ReadFile(folder + "/keys.json"), "x");
}

TEST(WriteAllTest, WritesEverythingAndReportsErrors) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  ASSERT_TRUE(WriteAll(fds[1], "hello").ok());
  char buffer[8] = {};
  ASSERT_EQ(read(fds[0], buffer, sizeof(buffer)), 5);
  EXPECT_EQ(std::string(buffer), "hello");
  close(fds[0]);
  close(fds[1]);
  EXPECT_EQ(WriteAll(fds[1], "x").message(), "Bad file descriptor");
}

}  // namespace
}  // namespace coco
