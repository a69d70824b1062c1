#include "src/oci/layout_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <utility>

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
// As skopeo's os.WriteFile(..., 0644) leaves them, so that others may read the image.
constexpr mode_t kLayoutFileMode = 0644;

absl::Status SystemError(absl::string_view path, absl::string_view step, int error) {
  return absl::InternalError(absl::StrCat(path, ": ", step, ": ", std::strerror(error)));
}

absl::Status MakeFolder(const std::string& path) {
  if (mkdir(path.c_str(), 0755) == 0 || errno == EEXIST) {
    struct stat info;
    if (lstat(path.c_str(), &info) != 0) return SystemError(path, "cannot read it", errno);
    if (!S_ISDIR(info.st_mode))
      return absl::FailedPreconditionError(absl::StrCat(path, ": not a folder"));
    return absl::OkStatus();
  }
  return SystemError(path, "cannot create it", errno);
}

// The canonical path of `path`, which need not exist yet: its longest existing prefix resolved.
std::string ResolvedPath(absl::string_view path) {
  std::string prefix(path);
  std::string rest;
  while (!prefix.empty()) {
    if (char* resolved = realpath(prefix.c_str(), nullptr); resolved != nullptr) {
      std::string result = absl::StrCat(resolved, rest);
      free(resolved);
      return result;
    }
    const std::size_t slash = prefix.find_last_of('/');
    if (slash == std::string::npos) {
      rest = absl::StrCat("/", prefix, rest);
      prefix = ".";
      continue;
    }
    rest = absl::StrCat(prefix.substr(slash), rest);
    prefix = slash == 0 ? "/" : prefix.substr(0, slash);
    if (prefix == "/" && realpath("/", nullptr) == nullptr) break;
  }
  return absl::StrCat(prefix, rest);
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
  for (const std::string& folder :
       {root, absl::StrCat(root, "/blobs"), absl::StrCat(root, "/blobs/sha256")}) {
    if (absl::Status made = MakeFolder(folder); !made.ok()) return made;
  }
  absl::StatusOr<GoIndex> index = ReadExistingIndex(root);
  if (!index.ok()) return index.status();
  return LayoutWriter(root, *std::move(index));
}

std::string LayoutWriter::BlobPath(const Digest& digest) const {
  return absl::StrCat(dir_, "/blobs/", digest.algorithm_name(), "/", digest.hex());
}

LayoutWriter::BlobFile::~BlobFile() {
  if (!path_.empty()) unlink(path_.c_str());
}

absl::Status LayoutWriter::BlobFile::Write(absl::string_view bytes) {
  if (absl::Status written = WriteAll(fd_.get(), bytes); !written.ok()) {
    return WithContext(absl::StrCat("writing into ", layout_->dir()), written);
  }
  return absl::OkStatus();
}

absl::Status LayoutWriter::BlobFile::Commit(const Digest& digest) {
  const std::string target = layout_->BlobPath(digest);
  if (close(fd_.get()) != 0) {
    return SystemError(path_, "writing it", errno);
  }
  fd_ = FileDescriptor();
  if (rename(path_.c_str(), target.c_str()) != 0) return SystemError(target, "renaming", errno);
  path_.clear();
  return absl::OkStatus();
}

absl::StatusOr<LayoutWriter::BlobFile> LayoutWriter::NewBlob() const {
  std::string path = absl::StrCat(dir_, "/.coco-keyprovider-blob-XXXXXX");
  const int fd = mkostemp(path.data(), O_CLOEXEC);
  if (fd < 0) return SystemError(dir_, "creating a temporary file", errno);
  BlobFile file(*this, std::move(path), FileDescriptor(fd));
  if (fchmod(fd, kLayoutFileMode) != 0) return SystemError(file.path_, "setting its mode", errno);
  return file;
}

absl::StatusOr<Digest> LayoutWriter::PutBlob(absl::string_view bytes) const {
  absl::StatusOr<Digest> digest = Digest::Parse(Sha256Digest(bytes));
  if (!digest.ok()) return digest.status();
  absl::StatusOr<BlobFile> file = NewBlob();
  if (!file.ok()) return file.status();
  if (absl::Status written = file->Write(bytes); !written.ok()) return written;
  if (absl::Status committed = file->Commit(*digest); !committed.ok()) return committed;
  return digest;
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
  for (const auto& [name, contents] :
       {std::pair<absl::string_view, std::string>{"oci-layout", std::string(kLayoutMarker)},
        {"index.json", MarshalGoIndex(index_)}}) {
    if (absl::Status written = WriteFileAtomically(absl::StrCat(dir_, "/", name), contents,
                                                   ExistingFile::kReplace, kLayoutFileMode);
        !written.ok()) {
      return written;
    }
  }
  return absl::OkStatus();
}

}  // namespace coco
