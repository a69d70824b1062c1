#include "src/oci/layout_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "src/common/file_reader.h"
#include "src/common/file_writer.h"
#include "src/common/status_context.h"
#include "src/oci/documents.h"

namespace coco {
namespace {

constexpr absl::string_view kRefNameAnnotation = "org.opencontainers.image.ref.name";
// What skopeo writes, without a newline.
constexpr absl::string_view kLayoutMarker = "{\"imageLayoutVersion\":\"1.0.0\"}";
// As skopeo leaves them, so that others may read the image; a blob being written stays private
// until it is checked.
constexpr mode_t kLayoutFileMode = 0644;

absl::Status SystemError(absl::string_view path, absl::string_view step, int error) {
  return absl::InternalError(absl::StrCat(path, ": ", step, ": ", std::strerror(error)));
}

// The folder `name` inside `parent` (or the path itself for AT_FDCWD), created if missing, and
// never through a link.
absl::StatusOr<FileDescriptor> OpenFolder(int parent, const std::string& name,
                                          const std::string& path, bool follow_links) {
  if (mkdirat(parent, name.c_str(), 0755) != 0 && errno != EEXIST) {
    return SystemError(path, "cannot create it", errno);
  }
  const int fd = openat(parent, name.c_str(),
                        O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow_links ? 0 : O_NOFOLLOW));
  if (fd >= 0) return FileDescriptor(fd);
  if (errno == ELOOP || errno == ENOTDIR) {
    struct stat info;
    const bool link =
        fstatat(parent, name.c_str(), &info, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(info.st_mode);
    return absl::FailedPreconditionError(
        absl::StrCat(path, link ? ": a symbolic link, not a folder" : ": not a folder"));
  }
  return SystemError(path, "cannot open it", errno);
}

// The canonical path of `path`, which need not exist yet: its longest existing prefix resolved.
std::string ResolvedPath(absl::string_view path) {
  std::string prefix(path);
  std::string rest;
  while (true) {
    if (char* resolved = realpath(prefix.c_str(), nullptr); resolved != nullptr) {
      std::string result = absl::StrCat(resolved, rest);
      free(resolved);
      return result;
    }
    const std::size_t slash = prefix.find_last_of('/');
    if (slash == std::string::npos) {
      rest = absl::StrCat("/", prefix, rest);
      prefix = ".";
    } else if (slash == 0) {
      return absl::StrCat(prefix, rest);
    } else {
      rest = absl::StrCat(prefix.substr(slash), rest);
      prefix = prefix.substr(0, slash);
    }
  }
}

absl::StatusOr<GoIndex> ReadExistingIndex(const std::string& dir) {
  const std::string path = absl::StrCat(dir, "/index.json");
  absl::StatusOr<SecretBytes> json = ReadRegularFile(path, kMaxDocumentSize);
  if (absl::IsNotFound(json.status())) {
    GoIndex index;
    index.schema_version = 2;
    return index;
  }
  if (!json.ok()) return json.status();
  absl::StatusOr<GoIndex> index = ParseGoIndex(json->view());
  if (!index.ok()) return WithContext(path, index.status());
  return index;
}

std::string TagOf(const GoDescriptor& descriptor) {
  auto name = descriptor.annotations.find(std::string(kRefNameAnnotation));
  return name == descriptor.annotations.end() ? std::string() : name->second;
}

// A name no other run picks: the temporary files of two runs into one layout never meet.
std::string TemporaryName() {
  uint8_t random[8];
  RAND_bytes(random, sizeof(random));
  return absl::StrCat(".coco-keyprovider-blob-",
                      absl::BytesToHexString(absl::string_view(
                          reinterpret_cast<const char*>(random), sizeof(random))));
}

}  // namespace

absl::Status CheckDestinationOutside(absl::string_view destination, absl::string_view source) {
  const std::string from = ResolvedPath(source);
  const std::string to = ResolvedPath(destination);
  if (to == from || absl::StartsWith(to, absl::StrCat(from, "/"))) {
    return absl::InvalidArgumentError(absl::StrCat(
        destination, ": the destination is the source layout or inside it; write elsewhere"));
  }
  return absl::OkStatus();
}

absl::StatusOr<LayoutWriter> LayoutWriter::Open(absl::string_view dir) {
  const std::string root(dir);
  // The layout itself may be a link, as skopeo follows one; what is inside it may not.
  absl::StatusOr<FileDescriptor> folder = OpenFolder(AT_FDCWD, root, root, /*follow_links=*/true);
  if (!folder.ok()) return folder.status();
  absl::StatusOr<FileDescriptor> blobs =
      OpenFolder(folder->get(), "blobs", absl::StrCat(root, "/blobs"), /*follow_links=*/false);
  if (!blobs.ok()) return blobs.status();
  absl::StatusOr<GoIndex> index = ReadExistingIndex(root);
  if (!index.ok()) return index.status();
  return LayoutWriter(root, *std::move(folder), *std::move(blobs), *std::move(index));
}

absl::StatusOr<int> LayoutWriter::AlgorithmFolder(const Digest& digest) {
  const std::string name(digest.algorithm_name());
  auto found = algorithm_folders_.find(name);
  if (found != algorithm_folders_.end()) return found->second.get();
  absl::StatusOr<FileDescriptor> folder =
      OpenFolder(blobs_.get(), name, absl::StrCat(dir_, "/blobs/", name), /*follow_links=*/false);
  if (!folder.ok()) return folder.status();
  return algorithm_folders_.emplace(name, *std::move(folder)).first->second.get();
}

LayoutWriter::BlobFile::~BlobFile() {
  if (!name_.empty()) unlinkat(layout_->folder_.get(), name_.c_str(), 0);
}

absl::Status LayoutWriter::BlobFile::Write(absl::string_view bytes) {
  if (absl::Status written = WriteAll(fd_.get(), bytes); !written.ok()) {
    return WithContext(absl::StrCat("writing into ", layout_->dir()), written);
  }
  return absl::OkStatus();
}

absl::Status LayoutWriter::BlobFile::Commit(const Digest& digest) {
  const std::string target =
      absl::StrCat(layout_->dir_, "/blobs/", digest.algorithm_name(), "/", digest.hex());
  absl::StatusOr<int> folder = layout_->AlgorithmFolder(digest);
  if (!folder.ok()) return folder.status();
  // On disk before its name, as skopeo syncs its blobs: index.json never names a lost blob.
  if (fdatasync(fd_.get()) != 0) return SystemError(target, "flushing it to disk", errno);
  if (fchmod(fd_.get(), kLayoutFileMode) != 0)
    return SystemError(target, "setting its mode", errno);
  if (close(fd_.Release()) != 0) return SystemError(target, "writing it", errno);
  const std::string hex(digest.hex());
  const bool existed = faccessat(*folder, hex.c_str(), F_OK, AT_SYMLINK_NOFOLLOW) == 0;
  if (renameat(layout_->folder_.get(), name_.c_str(), *folder, hex.c_str()) != 0) {
    return SystemError(target, "renaming", errno);
  }
  name_.clear();
  if (!existed) layout_->added_.push_back(AddedBlob{*folder, hex});
  return absl::OkStatus();
}

absl::StatusOr<LayoutWriter::BlobFile> LayoutWriter::NewBlob() {
  std::string name = TemporaryName();
  const int fd = openat(folder_.get(), name.c_str(),
                        O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return SystemError(dir_, "creating a temporary file", errno);
  return BlobFile(*this, std::move(name), FileDescriptor(fd));
}

absl::StatusOr<Digest> LayoutWriter::PutBlob(absl::string_view bytes) {
  absl::StatusOr<Digest> digest = Digest::Parse(Sha256Digest(bytes));
  if (!digest.ok()) return digest.status();
  absl::StatusOr<BlobFile> file = NewBlob();
  if (!file.ok()) return file.status();
  if (absl::Status written = file->Write(bytes); !written.ok()) return written;
  if (absl::Status committed = file->Commit(*digest); !committed.ok()) return committed;
  return digest;
}

void LayoutWriter::RemoveAddedBlobs() {
  for (const AddedBlob& blob : added_) unlinkat(blob.folder, blob.name.c_str(), 0);
  added_.clear();
}

absl::Status LayoutWriter::Commit(const GoDescriptor& manifest,
                                  const std::optional<std::string>& tag) {
  std::vector<GoDescriptor> entries = index_.manifests.value_or(std::vector<GoDescriptor>());
  GoDescriptor added = manifest;
  added.annotations.clear();
  if (tag.has_value()) {
    added.annotations.emplace(std::string(kRefNameAnnotation), *tag);
    for (GoDescriptor& entry : entries) {
      if (TagOf(entry) == *tag) {
        entry.annotations.erase(std::string(kRefNameAnnotation));
        break;
      }
    }
  }
  bool replaced = false;
  for (GoDescriptor& entry : entries) {
    if (entry.digest == added.digest && TagOf(entry).empty()) {
      entry = added;
      replaced = true;
      break;
    }
  }
  if (!replaced) entries.push_back(added);
  index_.manifests = std::move(entries);
  for (const auto& [name, folder] : algorithm_folders_) {
    if (fsync(folder.get()) != 0) {
      return SystemError(absl::StrCat(dir_, "/blobs/", name), "flushing it to disk", errno);
    }
  }
  for (const auto& [name, contents] :
       {std::pair<absl::string_view, std::string>{"oci-layout", std::string(kLayoutMarker)},
        {"index.json", MarshalGoIndex(index_)}}) {
    if (absl::Status written = WriteFileAtomically(absl::StrCat(dir_, "/", name), contents,
                                                   ExistingFile::kReplace, kLayoutFileMode);
        !written.ok()) {
      return written;
    }
  }
  added_.clear();
  return absl::OkStatus();
}

}  // namespace coco
