#ifndef COCO_KEYPROVIDER_OCI_LAYOUT_H_
#define COCO_KEYPROVIDER_OCI_LAYOUT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/oci/blob_store.h"
#include "src/oci/documents.h"

namespace coco {

// One image manifest read from disk, and where it was found.
struct LocatedManifest {
  std::string digest;    // Checked against the content (computed, for a lone manifest file).
  std::string platform;  // From the index entry that named it, if any.
  ImageManifest manifest;
};

// DIR[:TAG] as skopeo's oci: transport reads it: the tag follows the first ':'. A leading "oci:"
// is allowed, so a reference can be pasted from a skopeo command line.
struct LayoutReference {
  std::string dir;
  std::optional<std::string> tag;
};
absl::StatusOr<LayoutReference> ParseLayoutReference(absl::string_view reference);

// index.json -> a multi-platform index -> manifests is one level; more is not seen in practice.
inline constexpr int kMaxIndexDepth = 3;
// What one reference may lead to in bytes of documents read (and in descriptors: kMaxDescriptors).
// Each document is read once.
inline constexpr int64_t kMaxDocumentBytesRead = 64 << 20;

// An image layout opened for reading (its oci-layout checked), and the index.json entry that
// `reference` names: the one whose org.opencontainers.image.ref.name is the tag, or without a tag
// the only entry.
struct LayoutImage {
  BlobStore layout;
  Descriptor entry;
};
absl::StatusOr<LayoutImage> OpenLayoutImage(const LayoutReference& reference);

// The image manifests `reference` names in an OCI image layout (oci-layout, index.json,
// blobs/<algorithm>/...): the index.json entry whose org.opencontainers.image.ref.name is the tag,
// or without a tag the only entry. An image index is followed to every manifest it lists, at most
// kMaxIndexDepth deep, a manifest or index listed twice is read once, and the walk stops at
// kMaxDescriptors descriptors or kMaxDocumentBytesRead bytes. Every blob read is checked
// against its descriptor's digest and size (BlobStore); layer blobs are not read.
absl::StatusOr<std::vector<LocatedManifest>> ReadLayoutManifests(const LayoutReference& reference);

// A lone image manifest file; its digest is computed, as there is nothing to check it against.
absl::StatusOr<LocatedManifest> ReadManifestFile(absl::string_view path);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_OCI_LAYOUT_H_
