#include "src/testing/temp_files.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace coco {
namespace test_support {

std::string TempPath(absl::string_view name) {
  return absl::StrCat(std::getenv("TEST_TMPDIR"), "/", name);
}

std::string WriteTempFile(absl::string_view name, absl::string_view contents) {
  std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
  // Private, as key material should be: the binary warns about files others may read.
  EXPECT_EQ(chmod(path.c_str(), 0600), 0) << path;
  return path;
}

std::string ReadFile(absl::string_view path) {
  std::ifstream file(std::string(path), std::ios::binary);
  EXPECT_TRUE(file.good()) << "cannot read " << path;
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

std::string CapturedOutput(absl::string_view name, absl::FunctionRef<void(int fd)> write) {
  const std::string path = TempPath(name);
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  EXPECT_GE(fd, 0) << path;
  write(fd);
  close(fd);
  return ReadFile(path);
}

FileSizeLimit::FileSizeLimit(rlim_t bytes) {
  EXPECT_EQ(getrlimit(RLIMIT_FSIZE, &old_limit_), 0);
  struct rlimit limit = old_limit_;
  limit.rlim_cur = bytes;
  old_handler_ = signal(SIGXFSZ, SIG_IGN);
  EXPECT_EQ(setrlimit(RLIMIT_FSIZE, &limit), 0);
}

FileSizeLimit::~FileSizeLimit() {
  EXPECT_EQ(setrlimit(RLIMIT_FSIZE, &old_limit_), 0);
  signal(SIGXFSZ, old_handler_);
}

std::string FreshFolder(absl::string_view name) {
  const std::string folder = TempPath(name);
  EXPECT_EQ(mkdir(folder.c_str(), 0700), 0) << folder;
  return folder;
}

std::vector<std::string> FolderEntries(absl::string_view folder) {
  std::vector<std::string> names;
  DIR* dir = opendir(std::string(folder).c_str());
  EXPECT_NE(dir, nullptr) << folder;
  if (dir == nullptr) return names;
  for (dirent* entry = readdir(dir); entry != nullptr; entry = readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

mode_t FileMode(absl::string_view path) {
  struct stat info;
  EXPECT_EQ(stat(std::string(path).c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

}  // namespace test_support
}  // namespace coco
