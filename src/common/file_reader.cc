#include "src/common/file_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "src/common/file_descriptor.h"
#include "src/common/status_context.h"

namespace coco {
namespace {

constexpr std::size_t kParserSpareCapacity = 16;

absl::Status ErrnoError(absl::string_view path, int error) {
  std::string message = absl::StrCat(path, ": ", std::strerror(error));
  return error == ENOENT ? absl::NotFoundError(message) : absl::FailedPreconditionError(message);
}

// Reads to the end into a buffer of `initial_size` bytes that doubles as needed: one byte more
// than is allowed tells an oversized input.
absl::StatusOr<SecretBytes> ReadAllFrom(int fd, std::size_t max_size, std::size_t initial_size) {
  SecretBytes contents(std::min(max_size + 1, std::max<std::size_t>(initial_size, 1)));
  std::size_t used = 0;
  while (true) {
    if (used == contents.size()) {
      if (used > max_size) break;
      contents.resize(std::min(max_size + 1, contents.size() * 2));
    }
    ssize_t n = read(fd, contents.data() + used, contents.size() - used);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return absl::FailedPreconditionError(std::strerror(errno));
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  if (used > max_size) {
    return absl::ResourceExhaustedError(absl::StrCat("larger than ", max_size, " bytes"));
  }
  contents.resize(used);
  return contents;
}

}  // namespace

absl::StatusOr<SecretBytes> ReadAll(int fd, std::size_t max_size) {
  return ReadAllFrom(fd, max_size, 4096);
}

absl::StatusOr<SecretBytes> ReadRegularFile(absl::string_view path, std::size_t max_size) {
  const std::string path_string(path);
  // O_NONBLOCK: opening a FIFO must not wait for a writer before fstat can refuse it.
  FileDescriptor fd(open(path_string.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK));
  if (fd.get() < 0) return ErrnoError(path, errno);
  struct stat info;
  if (fstat(fd.get(), &info) != 0) return ErrnoError(path, errno);
  if (!S_ISREG(info.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": not a regular file"));
  }
  if (static_cast<std::size_t>(info.st_size) > max_size) {
    return absl::FailedPreconditionError(absl::StrCat(path, ": larger than ", max_size, " bytes"));
  }
  // Sized from fstat, plus the byte that would show the file grew, plus room for an in-place
  // parser's terminator and padding (json_input.h): a large keys file is read into one buffer
  // and parsed there, never copied.
  absl::StatusOr<SecretBytes> contents = ReadAllFrom(
      fd.get(), max_size, static_cast<std::size_t>(info.st_size) + 1 + kParserSpareCapacity);
  if (!contents.ok()) return WithContext(path, contents.status());
  return contents;
}

std::optional<std::string> ExposureWarning(absl::string_view path) {
  struct stat info;
  if (stat(std::string(path).c_str(), &info) != 0 || (info.st_mode & (S_IRGRP | S_IROTH)) == 0) {
    return std::nullopt;
  }
  return absl::StrFormat("%s is readable by group or others (mode %04o); chmod 600 it", path,
                         info.st_mode & 07777);
}

}  // namespace coco
