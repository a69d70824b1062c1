#ifndef COCO_KEYPROVIDER_OCI_LAYOUT_WRITER_H_
#define COCO_KEYPROVIDER_OCI_LAYOUT_WRITER_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

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
// interrupted run never leaves an image that looks complete: each blob goes to a private
// temporary file inside the layout, is flushed, and is renamed to its digest only once complete and
// checked; index.json is written last, atomically. An existing layout keeps its images; one with
// the same tag is replaced, as skopeo does. The folders are held open, and blobs/ and
// blobs/<algorithm>/ must be real folders, so nothing is written through a link.
class LayoutWriter {
 public:
  // Creates `dir` (which may be a link to a folder) and blobs/ as needed, and reads an existing
  // index.json.
  static absl::StatusOr<LayoutWriter> Open(absl::string_view dir);

  LayoutWriter(LayoutWriter&&) = default;
  LayoutWriter& operator=(LayoutWriter&&) = default;

  const std::string& dir() const { return dir_; }

  // A blob being written. Removed unless committed.
  class BlobFile {
   public:
    BlobFile(BlobFile&& other) = default;
    BlobFile& operator=(BlobFile&&) = delete;
    ~BlobFile();

    absl::Status Write(absl::string_view bytes);
    // Flushes it, makes it readable by all (as skopeo leaves blobs) and moves it to
    // blobs/<algorithm>/<hex>; the caller has checked that its bytes hash to `digest`.
    absl::Status Commit(const Digest& digest);

   private:
    friend class LayoutWriter;
    BlobFile(LayoutWriter& layout, std::string name, FileDescriptor fd)
        : layout_(&layout), name_(std::move(name)), fd_(std::move(fd)) {}

    LayoutWriter* layout_;
    std::string name_;  // In the layout's folder; empty once committed.
    FileDescriptor fd_;
  };
  absl::StatusOr<BlobFile> NewBlob();

  // A small blob written whole (a manifest, a config); its sha256 digest.
  absl::StatusOr<Digest> PutBlob(absl::string_view bytes);

  // Names `manifest` in index.json as skopeo does: an entry with the same tag loses the tag, an
  // untagged entry of the same digest is replaced, otherwise it is added. Then flushes the blob
  // folders and writes oci-layout and index.json.
  absl::Status Commit(const GoDescriptor& manifest, const std::optional<std::string>& tag);

  // After a failure: removes the blobs this run added (not those that were there before).
  void RemoveAddedBlobs();

 private:
  LayoutWriter(std::string dir, FileDescriptor folder, FileDescriptor blobs, GoIndex index)
      : dir_(std::move(dir)),
        folder_(std::move(folder)),
        blobs_(std::move(blobs)),
        index_(std::move(index)) {}
  // blobs/<algorithm>/, created on first use.
  absl::StatusOr<int> AlgorithmFolder(const Digest& digest);

  std::string dir_;
  FileDescriptor folder_;
  FileDescriptor blobs_;
  std::map<std::string, FileDescriptor> algorithm_folders_;
  struct AddedBlob {
    int folder;
    std::string name;
  };
  std::vector<AddedBlob> added_;
  GoIndex index_;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_OCI_LAYOUT_WRITER_H_
