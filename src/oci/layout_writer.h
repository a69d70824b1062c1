#ifndef COCO_KEYPROVIDER_OCI_LAYOUT_WRITER_H_
#define COCO_KEYPROVIDER_OCI_LAYOUT_WRITER_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/file_descriptor.h"
#include "src/oci/digest.h"
#include "src/oci/go_documents.h"

namespace coco {

// Refuses a destination layout that is the source or inside it: writing there would change the
// image being read.
absl::Status CheckDestinationOutside(absl::string_view destination, absl::string_view source);

// An OCI image layout being written the way skopeo's oci: transport writes one, but so that an
// interrupted run never leaves an image that looks complete: each blob goes to a temporary file
// inside the layout and is renamed to its digest only once complete and checked, and index.json
// is written last, atomically. An existing layout keeps its images; one with the same tag is
// replaced, as skopeo does.
class LayoutWriter {
 public:
  // Creates `dir` and blobs/sha256/ as needed, and reads an existing index.json.
  static absl::StatusOr<LayoutWriter> Open(absl::string_view dir);

  const std::string& dir() const { return dir_; }

  // A blob being written. Removed unless committed.
  class BlobFile {
   public:
    BlobFile(BlobFile&& other) = default;
    BlobFile& operator=(BlobFile&&) = delete;
    ~BlobFile();

    absl::Status Write(absl::string_view bytes);
    // Moves it to blobs/sha256/<hex>; the caller has checked that its bytes hash to `digest`.
    absl::Status Commit(const Digest& digest);

   private:
    friend class LayoutWriter;
    BlobFile(const LayoutWriter& layout, std::string path, FileDescriptor fd)
        : layout_(&layout), path_(std::move(path)), fd_(std::move(fd)) {}

    const LayoutWriter* layout_;
    std::string path_;  // Empty once committed.
    FileDescriptor fd_;
  };
  absl::StatusOr<BlobFile> NewBlob() const;

  // A small blob written whole (a manifest, a config); its sha256 digest.
  absl::StatusOr<Digest> PutBlob(absl::string_view bytes) const;

  // Names `manifest` in index.json as skopeo does: an entry with the same tag loses the tag, an
  // untagged entry of the same digest is replaced, otherwise it is added. Then writes oci-layout
  // and index.json.
  absl::Status Commit(const GoDescriptor& manifest, const std::optional<std::string>& tag);

 private:
  LayoutWriter(std::string dir, GoIndex index) : dir_(std::move(dir)), index_(std::move(index)) {}
  std::string BlobPath(const Digest& digest) const;

  std::string dir_;
  GoIndex index_;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_OCI_LAYOUT_WRITER_H_
