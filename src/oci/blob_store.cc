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

// Opens `relative` beneath the folder `root`: no "..", absolute link or link that leads out of
// it is followed (Linux 5.6's openat2). Where the kernel lacks openat2, no link at all is.
int OpenBeneath(int root, const std::string& relative) {
  struct open_how how = {};
  how.flags = kReadFlags;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  const long fd = syscall(SYS_openat2, root, relative.c_str(), &how, sizeof(how));
  if (fd >= 0 || errno != ENOSYS) return static_cast<int>(fd);
  const size_t slash = relative.rfind('/');
  if (slash == std::string::npos) return openat(root, relative.c_str(), kReadFlags | O_NOFOLLOW);
  const FileDescriptor folder(openat(root, relative.substr(0, slash).c_str(),
                                     O_RDONLY | O_CLOEXEC | O_DIRECTORY | O_NOFOLLOW));
  if (!folder.valid()) return -1;
  return openat(folder.get(), relative.substr(slash + 1).c_str(), kReadFlags | O_NOFOLLOW);
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

absl::StatusOr<BlobStore> BlobStore::Open(absl::string_view dir) {
  const std::string path(dir);
  FileDescriptor root(open(path.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECTORY));
  if (!root.valid()) return OpenError(dir, errno);
  return BlobStore(path, std::move(root));
}

absl::StatusOr<BlobStore::OpenedFile> BlobStore::OpenInside(const std::string& relative) const {
  const std::string shown = absl::StrCat(dir_, "/", relative);
  FileDescriptor fd(OpenBeneath(root_.get(), relative));
  if (!fd.valid()) {
    if (errno == EXDEV) {
      return absl::FailedPreconditionError(absl::StrCat(shown, ": leads out of ", dir_));
    }
    return OpenError(shown, errno);
  }
  struct stat info;
  if (fstat(fd.get(), &info) != 0) return OpenError(shown, errno);
  if (!S_ISREG(info.st_mode)) {
    return absl::FailedPreconditionError(absl::StrCat(shown, ": not a regular file"));
  }
  return OpenedFile{std::move(fd), static_cast<int64_t>(info.st_size)};
}

absl::StatusOr<std::string> BlobStore::ReadLayoutFile(absl::string_view name,
                                                      std::size_t max_size) const {
  absl::StatusOr<OpenedFile> file = OpenInside(std::string(name));
  if (!file.ok()) return file.status();
  absl::StatusOr<SecretBytes> contents = ReadAll(file->fd.get(), max_size);
  if (!contents.ok()) return WithContext(absl::StrCat(dir_, "/", name), contents.status());
  return std::string(contents->view());
}

absl::StatusOr<BlobStore::OpenedFile> BlobStore::OpenBlobFile(const Descriptor& descriptor,
                                                              const Digest& digest) const {
  absl::StatusOr<OpenedFile> file =
      OpenInside(absl::StrCat("blobs/", digest.algorithm_name(), "/", digest.hex()));
  if (!file.ok()) return file.status();
  if (file->size != descriptor.size) {
    return absl::DataLossError(absl::StrCat("blob ", descriptor.digest, " is ", file->size,
                                            " bytes, its descriptor says ", descriptor.size));
  }
  return file;
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

absl::StatusOr<BlobStore::Reader> BlobStore::OpenBlob(const Descriptor& descriptor) const {
  absl::StatusOr<Digest> digest = Digest::Parse(descriptor.digest);
  if (!digest.ok()) return digest.status();
  absl::StatusOr<OpenedFile> file = OpenBlobFile(descriptor, *digest);
  if (!file.ok()) return file.status();
  return Reader(std::move(file->fd), *std::move(digest), descriptor.size);
}

BlobStore::Reader::Reader(FileDescriptor fd, Digest expected, int64_t size)
    : fd_(std::move(fd)),
      expected_(std::move(expected)),
      size_(size),
      hasher_(expected_.algorithm()) {}

absl::StatusOr<absl::string_view> BlobStore::Reader::Next() {
  if (finished_) return absl::string_view();
  if (read_ == size_) {
    finished_ = true;
    // One byte more would mean the file grew since it was opened.
    char extra;
    if (read(fd_.get(), &extra, 1) != 0 || hasher_.Finish() != expected_) {
      return DigestMismatch(expected_.ToString());
    }
    return absl::string_view();
  }
  buffer_.resize(kChunkSize);
  const std::size_t wanted =
      static_cast<std::size_t>(std::min<int64_t>(size_ - read_, static_cast<int64_t>(kChunkSize)));
  ssize_t n;
  do {
    n = read(fd_.get(), buffer_.data(), wanted);
  } while (n < 0 && errno == EINTR);
  if (n <= 0) {
    finished_ = true;
    return absl::DataLossError(
        absl::StrCat("blob ", expected_.ToString(), ": ",
                     n < 0 ? std::strerror(errno) : "shorter than its size"));
  }
  read_ += n;
  const absl::string_view chunk(buffer_.data(), static_cast<std::size_t>(n));
  hasher_.Update(chunk);
  return chunk;
}

}  // namespace coco
