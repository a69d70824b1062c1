#ifndef COCO_KEYPROVIDER_OCI_BLOB_STORE_H_
#define COCO_KEYPROVIDER_OCI_BLOB_STORE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/file_descriptor.h"
#include "src/oci/digest.h"
#include "src/oci/documents.h"

namespace coco {

// The files of an OCI image layout folder, read as hostile input: every file must be a regular
// file inside the folder (a link that leads out of it, a FIFO or a device is refused without
// blocking), and a blob is found only by a checked digest, as blobs/<algorithm>/<hex>.
class BlobStore {
 public:
  // Errors name the folder.
  static absl::StatusOr<BlobStore> Open(absl::string_view dir);

  const std::string& dir() const { return dir_; }

  // A file of the layout itself (oci-layout, index.json), at most `max_size` bytes. NotFound when
  // it does not exist. Errors start with its path.
  absl::StatusOr<std::string> ReadLayoutFile(absl::string_view name, std::size_t max_size) const;

  // A document blob (manifest, index, config): at most kMaxDocumentSize bytes, and refused
  // (DataLoss) unless its size and digest are the descriptor's.
  absl::StatusOr<std::string> ReadDocument(const Descriptor& descriptor) const;

  // A blob of any size, read in chunks: Next() gives the next one (valid until the next call), and
  // an empty chunk at the end, once the size and digest have been checked against the descriptor.
  // A blob that does not match is an error at the end, so a caller must not trust what it got
  // before then.
  class Reader {
   public:
    absl::StatusOr<absl::string_view> Next();

   private:
    friend class BlobStore;
    Reader(FileDescriptor fd, Digest expected, int64_t size);

    FileDescriptor fd_;
    Digest expected_;
    int64_t size_;
    int64_t read_ = 0;
    bool finished_ = false;
    DigestHasher hasher_;
    std::vector<char> buffer_;
  };
  absl::StatusOr<Reader> OpenBlob(const Descriptor& descriptor) const;

 private:
  BlobStore(std::string dir, FileDescriptor root) : dir_(std::move(dir)), root_(std::move(root)) {}

  struct OpenedFile {
    FileDescriptor fd;
    int64_t size;
  };
  // `relative` inside the layout, which must be a regular file.
  absl::StatusOr<OpenedFile> OpenInside(const std::string& relative) const;
  // The blob's file, whose size must be the descriptor's.
  absl::StatusOr<OpenedFile> OpenBlobFile(const Descriptor& descriptor, const Digest& digest) const;

  std::string dir_;
  FileDescriptor root_;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_OCI_BLOB_STORE_H_
