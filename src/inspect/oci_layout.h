#ifndef COCO_KEYPROVIDER_INSPECT_OCI_LAYOUT_H_
#define COCO_KEYPROVIDER_INSPECT_OCI_LAYOUT_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/inspect/oci_documents.h"

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

// The image manifests `reference` names in an OCI image layout (oci-layout, index.json,
// blobs/sha256/...): the index.json entry whose org.opencontainers.image.ref.name is the tag, or
// without a tag the only entry. An image index is followed to every manifest it lists. Every blob
// read is checked against its descriptor's digest and size; layer blobs are not read.
absl::StatusOr<std::vector<LocatedManifest>> ReadLayoutManifests(const LayoutReference& reference);

// A lone image manifest file; its digest is computed, as there is nothing to check it against.
absl::StatusOr<LocatedManifest> ReadManifestFile(absl::string_view path);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_INSPECT_OCI_LAYOUT_H_
