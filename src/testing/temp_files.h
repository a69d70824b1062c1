#ifndef COCO_KEYPROVIDER_TESTING_TEMP_FILES_H_
#define COCO_KEYPROVIDER_TESTING_TEMP_FILES_H_

#include <sys/resource.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"

namespace coco {
namespace test_support {

// The path of `name` in the test's private temporary folder (TEST_TMPDIR).
std::string TempPath(absl::string_view name);

// Writes `contents` to TempPath(name), replacing it, with mode 0600, and returns the path.
std::string WriteTempFile(absl::string_view name, absl::string_view contents);

// The whole contents of the file at `path` (empty, and a test failure, if it cannot be read).
std::string ReadFile(absl::string_view path);

// Calls `write` with a descriptor open on a fresh file TempPath(name) and returns what it wrote:
// for code under test that takes the descriptor to write its output to.
std::string CapturedOutput(absl::string_view name, absl::FunctionRef<void(int fd)> write);

// A new, empty folder TempPath(name), mode 0700, so a test can count what is left in it.
std::string FreshFolder(absl::string_view name);

// The names in `folder` (without "." and ".."), sorted.
std::vector<std::string> FolderEntries(absl::string_view folder);

// While it lives, writing a file past `bytes` fails with "File too large" (SIGXFSZ is ignored), in
// this process and in the processes it starts: a write failure that binds root too.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes);
  ~FileSizeLimit();
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  struct rlimit old_limit_;
  void (*old_handler_)(int);
};

// The permission bits of the file at `path`, e.g. 0600.
mode_t FileMode(absl::string_view path);

}  // namespace test_support
}  // namespace coco

#endif  // COCO_KEYPROVIDER_TESTING_TEMP_FILES_H_
