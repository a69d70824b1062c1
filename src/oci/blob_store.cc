#include "src/oci/blob_store.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/common/file_reader.h"
#include "src/common/status_context.h"

namespace coco {
namespace {

// Large enough that reading costs few system calls, small enough to stay in the cache.
constexpr std::size_t kChunkSize = 256 << 10;

constexpr int kReadFlags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;

absl::Status OpenError(absl::string_view path, int error) {
  std::string message = absl::StrCat(path, ": ", std::strerror(error));
  return error == ENOENT ? absl::NotFoundError(message) : absl::FailedPreconditionError(message);
}

// Opens the file `name` in the folder `folder`. With kInsideBlobFolder a link is followed only if
// it stays inside `folder` (openat2's RESOLVE_BENEATH); where openat2 is missing (ENOSYS) or a
// seccomp filter refuses it (EPERM), no link is, as with kNone.
int OpenFileIn(int folder, const std::string& name, BlobLinks links) {
  if (links == BlobLinks::kInsideBlobFolder) {
    struct open_how how = {};
    how.flags = kReadFlags;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    const long fd = syscall(SYS_openat2, folder, name.c_str(), &how, sizeof(how));
    if (fd >= 0 || (errno != ENOSYS && errno != EPERM)) return static_cast<int>(fd);
  }
  return openat(folder, name.c_str(), kReadFlags | O_NOFOLLOW);
}

// A folder of the layout that must be a folder, not a link to one.
absl::StatusOr<FileDescriptor> OpenFolderIn(int parent, const std::string& name,
                                            const std::string& shown) {
  FileDescriptor folder(
      openat(parent, name.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW));
  if (folder.valid()) return folder;
  if (errno == ELOOP || errno == ENOTDIR) {
    return absl::FailedPreconditionError(absl::StrCat(shown, ": not a folder (a link?)"));
  }
  return OpenError(shown, errno);
}

// The open file `fd` at `shown`, which must be a regular file.
absl::StatusOr<int64_t> RegularFileSize(const FileDescriptor& fd, const std::string& shown) {
  struct stat info;
  if (fstat(fd.get(), &info) != 0) return OpenError(shown, errno);
  if (!S_ISREG(info.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(shown, ": not a regular file"));
  }
  return static_cast<int64_t>(info.st_size);
}

absl::Status ReadExactly(int fd, char* out, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = read(fd, out + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return absl::FailedPreconditionError(std::strerror(errno));
    if (n == 0) return absl::DataLossError("shorter than when it was opened");
    done += static_cast<std::size_t>(n);
  }
  return absl::OkStatus();
}

absl::Status DigestMismatch(absl::string_view digest) {
  return absl::DataLossError(
      absl::StrCat("blob ", digest, " does not match its digest (altered?)"));
}

}  // namespace

absl::StatusOr<BlobStore> BlobStore::Open(absl::string_view dir, BlobLinks links) {
  const std::string path(dir);
  FileDescriptor root(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECTORY));
  if (!root.valid()) return OpenError(dir, errno);
  return BlobStore(path, std::move(root), links);
}

absl::StatusOr<std::string> BlobStore::ReadLayoutFile(absl::string_view name,
                                                      std::size_t max_size) const {
  const std::string shown = absl::StrCat(dir_, "/", name);
  FileDescriptor fd(OpenFileIn(root_.get(), std::string(name), links_));
  if (!fd.valid()) {
    if (errno == EXDEV)
      return absl::FailedPreconditionError(absl::StrCat(shown, ": leads out of ", dir_));
    return OpenError(shown, errno);
  }
  absl::StatusOr<int64_t> size = RegularFileSize(fd, shown);
  if (!size.ok()) return size.status();
  absl::StatusOr<SecretBytes> contents = ReadAll(fd.get(), max_size);
  if (!contents.ok()) return WithContext(shown, contents.status());
  return std::string(contents->view());
}

absl::StatusOr<BlobStore::OpenedFile> BlobStore::OpenBlobFile(const Descriptor& descriptor,
                                                              const Digest& digest) const {
  const std::string blobs_shown = absl::StrCat(dir_, "/blobs");
  absl::StatusOr<FileDescriptor> blobs = OpenFolderIn(root_.get(), "blobs", blobs_shown);
  if (!blobs.ok()) return blobs.status();
  const std::string folder_shown = absl::StrCat(blobs_shown, "/", digest.algorithm_name());
  absl::StatusOr<FileDescriptor> folder =
      OpenFolderIn(blobs->get(), std::string(digest.algorithm_name()), folder_shown);
  if (!folder.ok()) return folder.status();
  const std::string shown = absl::StrCat(folder_shown, "/", digest.hex());
  FileDescriptor fd(OpenFileIn(folder->get(), std::string(digest.hex()), links_));
  if (!fd.valid()) {
    if (errno == EXDEV) {
      return absl::FailedPreconditionError(absl::StrCat(shown, ": leads out of ", folder_shown));
    }
    if (errno == ELOOP) {
      return absl::FailedPreconditionError(
          absl::StrCat(shown, ": a link, which cannot be checked to stay in ", folder_shown));
    }
    return OpenError(shown, errno);
  }
  absl::StatusOr<int64_t> size = RegularFileSize(fd, shown);
  if (!size.ok()) return size.status();
  if (*size != descriptor.size) {
    return absl::DataLossError(absl::StrCat("blob ", descriptor.digest, " is ", *size,
                                            " bytes, its descriptor says ", descriptor.size));
  }
  return OpenedFile{std::move(fd), *size};
}

absl::StatusOr<std::string> BlobStore::ReadDocument(const Descriptor& descriptor) const {
  absl::StatusOr<Digest> digest = Digest::Parse(descriptor.digest);
  if (!digest.ok()) return digest.status();
  if (descriptor.size > static_cast<int64_t>(kMaxDocumentSize)) {
    return absl::InvalidArgumentError(absl::StrCat("blob ", descriptor.digest, " is ",
                                                   descriptor.size, " bytes, a document may be ",
                                                   kMaxDocumentSize));
  }
  absl::StatusOr<OpenedFile> file = OpenBlobFile(descriptor, *digest);
  if (!file.ok()) return file.status();
  std::string contents(static_cast<std::size_t>(file->size), '\0');
  if (absl::Status read = ReadExactly(file->fd.get(), contents.data(), contents.size());
      !read.ok()) {
    return WithContext(absl::StrCat("blob ", descriptor.digest), read);
  }
  DigestHasher hasher(digest->algorithm());
  hasher.Update(contents);
  if (hasher.Finish() != *digest) return DigestMismatch(descriptor.digest);
  return contents;
}

absl::StatusOr<BlobStore::Reader> BlobStore::OpenBlob(const Descriptor& descriptor,
                                                      BlobCheck check) const {
  absl::StatusOr<Digest> digest = Digest::Parse(descriptor.digest);
  if (!digest.ok()) return digest.status();
  absl::StatusOr<OpenedFile> file = OpenBlobFile(descriptor, *digest);
  if (!file.ok()) return file.status();
  return Reader(std::move(file->fd), *std::move(digest), descriptor.size, check);
}

BlobStore::Reader::Reader(FileDescriptor fd, Digest expected, int64_t size, BlobCheck check)
    : fd_(std::move(fd)),
      expected_(std::move(expected)),
      size_(size),
      check_(check),
      hasher_(expected_.algorithm()) {}

absl::Status BlobStore::Reader::Fail(absl::Status error) {
  finished_ = true;
  error_ = std::move(error);
  return error_;
}

// One byte more than the descriptor says means the file grew since it was opened.
absl::Status BlobStore::Reader::Finish() {
  char extra;
  ssize_t n;
  do {
    n = read(fd_.get(), &extra, 1);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    return Fail(absl::DataLossError(
        absl::StrCat("blob ", expected_.ToString(), ": ", std::strerror(errno))));
  }
  if (n > 0 || (check_ == BlobCheck::kDigest && hasher_.Finish() != expected_)) {
    return Fail(DigestMismatch(expected_.ToString()));
  }
  finished_ = true;
  return absl::OkStatus();
}

absl::StatusOr<std::size_t> BlobStore::Reader::ReadInto(absl::Span<char> buffer) {
  if (!error_.ok()) return error_;
  if (finished_) return 0;
  if (read_ == size_) {
    if (absl::Status finished = Finish(); !finished.ok()) return finished;
    return 0;
  }
  const std::size_t wanted = static_cast<std::size_t>(
      std::min<int64_t>(size_ - read_, static_cast<int64_t>(buffer.size())));
  ssize_t n;
  do {
    n = read(fd_.get(), buffer.data(), wanted);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) {
    return Fail(
        absl::DataLossError(absl::StrCat("blob ", expected_.ToString(), ": ",
                                         n < 0 ? std::strerror(errno) : "shorter than its size")));
  }
  read_ += n;
  if (check_ == BlobCheck::kDigest) {
    hasher_.Update(absl::string_view(buffer.data(), static_cast<std::size_t>(n)));
  }
  return static_cast<std::size_t>(n);
}

absl::StatusOr<absl::string_view> BlobStore::Reader::Next() {
  buffer_.resize(kChunkSize);
  absl::StatusOr<std::size_t> n = ReadInto(absl::MakeSpan(buffer_));
  if (!n.ok()) return n.status();
  return absl::string_view(buffer_.data(), *n);
}

}  // namespace coco
