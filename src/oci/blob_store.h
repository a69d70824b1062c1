#ifndef COCO_KEYPROVIDER_OCI_BLOB_STORE_H_
#define COCO_KEYPROVIDER_OCI_BLOB_STORE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "src/common/file_descriptor.h"
#include "src/oci/digest.h"
#include "src/oci/documents.h"

namespace coco {

// Which symbolic links a blob's file may be.
enum class BlobLinks {
  // Links that stay inside blobs/<algorithm>/ (Linux 5.6's openat2 checks them); where the kernel
  // lacks openat2 (or a seccomp filter refuses it), none.
  kInsideBlobFolder,
  // None at all.
  kNone,
};

// What reading a blob checks besides its size.
enum class BlobCheck {
  kDigest,
  // Nothing more: for a caller that authenticates the bytes itself, with something the checked
  // manifest pins as firmly (an encrypted layer's HMAC), and need not hash them twice.
  kSizeOnly,
};

// The files of an OCI image layout folder, read as hostile input: oci-layout and index.json must be
// regular files inside the folder, blobs/ and blobs/<algorithm>/ real folders (not links), and a
// blob a regular file inside blobs/<algorithm>/ found only by a checked digest. A link that leads
// out, a FIFO or a device is refused without blocking.
class BlobStore {
 public:
  // Errors name the folder.
  static absl::StatusOr<BlobStore> Open(absl::string_view dir,
                                        BlobLinks links = BlobLinks::kInsideBlobFolder);

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
  // before then; after an error every call returns that error again.
  class Reader {
   public:
    absl::StatusOr<absl::string_view> Next();
    // The same into the caller's `buffer`, so chunks can outlive the next call (a pipeline holds
    // several): how many bytes were read, 0 at the end once size and digest have been checked.
    absl::StatusOr<std::size_t> ReadInto(absl::Span<char> buffer);

   private:
    friend class BlobStore;
    Reader(FileDescriptor fd, Digest expected, int64_t size, BlobCheck check);
    absl::Status Fail(absl::Status error);
    absl::Status Finish();

    FileDescriptor fd_;
    Digest expected_;
    int64_t size_;
    int64_t read_ = 0;
    BlobCheck check_;
    DigestHasher hasher_;
    std::vector<char> buffer_;
    bool finished_ = false;
    absl::Status error_;
  };
  absl::StatusOr<Reader> OpenBlob(const Descriptor& descriptor,
                                  BlobCheck check = BlobCheck::kDigest) const;

 private:
  BlobStore(std::string dir, FileDescriptor root, BlobLinks links)
      : dir_(std::move(dir)), root_(std::move(root)), links_(links) {}

  struct OpenedFile {
    FileDescriptor fd;
    int64_t size;
  };
  // The blob's file, whose size must be the descriptor's.
  absl::StatusOr<OpenedFile> OpenBlobFile(const Descriptor& descriptor, const Digest& digest) const;

  std::string dir_;
  FileDescriptor root_;
  BlobLinks links_;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_OCI_BLOB_STORE_H_
