#include "src/common/file_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "absl/strings/str_cat.h"

namespace coco {
namespace {

absl::Status StepFailed(absl::string_view path, absl::string_view step, int error) {
  return absl::FailedPreconditionError(absl::StrCat(path, ": ", step, ": ", std::strerror(error)));
}

// The folder holding `path`, flushed after the rename so that the new name survives a crash.
std::string FolderOf(absl::string_view path) {
  const size_t slash = path.rfind('/');
  if (slash == absl::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

absl::string_view BaseNameOf(absl::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == absl::string_view::npos ? path : path.substr(slash + 1);
}

// Hidden, beside `path` (rename works only within one file system): "<folder>/.<name>.XXXXXX".
std::string TemporaryTemplate(absl::string_view path) {
  const absl::string_view name = BaseNameOf(path);
  return absl::StrCat(path.substr(0, path.size() - name.size()), ".", name, ".XXXXXX");
}

// Moves the finished temporary file to `path`; with kKeep an existing `path` stays.
absl::Status Publish(const std::string& temporary, const std::string& path, ExistingFile existing) {
  if (existing == ExistingFile::kReplace) {
    if (rename(temporary.c_str(), path.c_str()) != 0) return StepFailed(path, "renaming", errno);
    return absl::OkStatus();
  }
  if (renameat2(AT_FDCWD, temporary.c_str(), AT_FDCWD, path.c_str(), RENAME_NOREPLACE) == 0) {
    return absl::OkStatus();
  }
  int error = errno;
  // File systems without RENAME_NOREPLACE (NFS, some FUSE) still refuse to link over a file.
  if (error == EINVAL) {
    if (link(temporary.c_str(), path.c_str()) == 0) {
      unlink(temporary.c_str());
      return absl::OkStatus();
    }
    error = errno;
  }
  if (error == EEXIST) return absl::AlreadyExistsError(absl::StrCat(path, ": already exists"));
  return StepFailed(path, "renaming", error);
}

absl::Status SyncFolder(const std::string& path) {
  const std::string folder = FolderOf(path);
  const int fd = open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return StepFailed(path, absl::StrCat("opening ", folder), errno);
  const int synced = fsync(fd);
  const int error = errno;
  close(fd);
  if (synced != 0) return StepFailed(path, absl::StrCat("flushing ", folder), error);
  return absl::OkStatus();
}

// Fills the open temporary file and closes it; the caller removes it on failure.
absl::Status FillAndClose(int fd, absl::string_view path, absl::string_view contents, mode_t mode) {
  absl::Status status;
  if (fchmod(fd, mode) != 0) {
    status = StepFailed(path, "setting its mode", errno);
  } else if (absl::Status written = WriteAll(fd, contents); !written.ok()) {
    status = absl::FailedPreconditionError(absl::StrCat(path, ": writing: ", written.message()));
  } else if (fsync(fd) != 0) {
    status = StepFailed(path, "flushing to disk", errno);
  }
  if (close(fd) != 0 && status.ok()) status = StepFailed(path, "closing", errno);
  return status;
}

}  // namespace

absl::Status WriteAll(int fd, absl::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return absl::UnavailableError(std::strerror(errno));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

absl::Status WriteFileAtomically(absl::string_view path, absl::string_view contents,
                                 ExistingFile existing, mode_t mode) {
  const std::string target(path);
  if (BaseNameOf(path).empty()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": names a folder, not a file"));
  }
  // mkostemp creates it with O_CREAT|O_EXCL and mode 0600.
  std::string temporary = TemporaryTemplate(path);
  const int fd = mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0) {
    return StepFailed(path, absl::StrCat("creating a temporary file in ", FolderOf(path)), errno);
  }
  absl::Status status = FillAndClose(fd, path, contents, mode);
  if (status.ok()) status = Publish(temporary, target, existing);
  if (!status.ok()) {
    unlink(temporary.c_str());
    return status;
  }
  return SyncFolder(target);
}

}  // namespace coco
