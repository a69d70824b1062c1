#ifndef COCO_KEYPROVIDER_OCI_DOCUMENTS_H_
#define COCO_KEYPROVIDER_OCI_DOCUMENTS_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace coco {

// The OCI media types of an image manifest, an image index and an image config.
inline constexpr absl::string_view kOciManifestType = "application/vnd.oci.image.manifest.v1+json";
inline constexpr absl::string_view kOciIndexType = "application/vnd.oci.image.index.v1+json";
inline constexpr absl::string_view kOciConfigType = "application/vnd.oci.image.config.v1+json";

// The most descriptors one reference may lead to, however its indexes repeat or nest (manifests,
// indexes and their layers), and so the most one list in a document (layers, manifests) may hold.
inline constexpr std::size_t kMaxDescriptors = 10000;

// containers/image refuses manifests above 4 MiB; every OCI document is held to that here.
inline constexpr std::size_t kMaxDocumentSize = 4 << 20;

// An OCI content descriptor: what a manifest says about a layer, or an index about a manifest.
struct Descriptor {
  std::string media_type;
  std::string digest;  // Checked: Digest::Parse accepts it.
  int64_t size = 0;
  std::map<std::string, std::string> annotations;
  std::string platform;  // "<os>/<architecture>[/<variant>]" when given, else empty.
};

// An image manifest (OCI, or Docker's schema 2 that skopeo also writes): the config and layers.
struct ImageManifest {
  std::string media_type;  // As the manifest names itself; may be empty.
  std::optional<Descriptor> config;
  std::vector<Descriptor> layers;
};

// An image index (index.json, or a multi-platform image): the manifests it points to.
struct ImageIndex {
  std::vector<Descriptor> manifests;
};

// What stays in plaintext in an image config, encrypted or not.
struct ImageConfig {
  std::vector<std::string> diff_ids;  // Checked digests of the uncompressed layers.
  std::vector<std::string> env;
  std::map<std::string, std::string> labels;
  std::size_t history_entries = 0;
};

enum class DocumentKind { kManifest, kIndex };

// Whether `media_type` names an image manifest or an image index; an error for anything else.
absl::StatusOr<DocumentKind> DocumentKindOf(absl::string_view media_type);

// Strict parsers for documents that travel with an image and may be hostile: valid UTF-8 JSON of at
// most kMaxDocumentSize bytes, no duplicate members in the objects read, every descriptor with a
// media type, a digest (sha256 or sha512, canonical) and a size, annotations that are strings.
// Errors say where, e.g. "layers[2]: no \"digest\"".
absl::StatusOr<ImageManifest> ParseImageManifest(absl::string_view json);
absl::StatusOr<ImageIndex> ParseImageIndex(absl::string_view json);
absl::StatusOr<ImageConfig> ParseImageConfig(absl::string_view json);

// The oci-layout file: {"imageLayoutVersion": "<version>"}; returns the version.
absl::StatusOr<std::string> ParseLayoutMarker(absl::string_view json);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_OCI_DOCUMENTS_H_
