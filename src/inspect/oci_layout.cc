#include "src/inspect/oci_layout.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "rapidjson/document.h"
#include "src/common/file_reader.h"
#include "src/common/printable.h"
#include "src/common/status_context.h"
#include "src/inspect/digest.h"

namespace coco {
namespace {

// containers/image refuses manifests above 4 MiB; so does this.
constexpr std::size_t kMaxDocumentSize = 4 << 20;
// index.json -> a multi-platform index -> manifests is one level; more is not seen in practice.
constexpr int kMaxIndexDepth = 3;
constexpr absl::string_view kRefNameAnnotation = "org.opencontainers.image.ref.name";

absl::StatusOr<std::string> ReadDocument(const std::string& path) {
  absl::StatusOr<SecretBytes> contents = ReadRegularFile(path, kMaxDocumentSize);
  if (!contents.ok()) return contents.status();
  return std::string(contents->view());
}

absl::Status CheckLayoutMarker(const std::string& dir) {
  const std::string path = absl::StrCat(dir, "/oci-layout");
  absl::StatusOr<std::string> marker = ReadDocument(path);
  if (absl::IsNotFound(marker.status())) {
    return absl::FailedPreconditionError(
        absl::StrCat(dir, ": not an OCI image layout (no oci-layout file)"));
  }
  if (!marker.ok()) return marker.status();
  rapidjson::Document document;
  document.Parse(marker->data(), marker->size());
  if (document.HasParseError() || !document.IsObject() ||
      !document.HasMember("imageLayoutVersion") || !document["imageLayoutVersion"].IsString()) {
    return absl::FailedPreconditionError(
        absl::StrCat(path, ": not {\"imageLayoutVersion\": \"<version>\"}"));
  }
  return absl::OkStatus();
}

// The blob `descriptor` names, refused unless its size and sha256 are the descriptor's.
absl::StatusOr<std::string> ReadVerifiedBlob(const std::string& dir, const Descriptor& descriptor) {
  absl::StatusOr<std::string> hex = Sha256HexOf(descriptor.digest);
  if (!hex.ok()) return hex.status();
  absl::StatusOr<std::string> blob = ReadDocument(absl::StrCat(dir, "/blobs/sha256/", *hex));
  if (!blob.ok()) return blob.status();
  if (static_cast<int64_t>(blob->size()) != descriptor.size) {
    return absl::DataLossError(absl::StrCat("blob ", descriptor.digest, " is ", blob->size(),
                                            " bytes, its descriptor says ", descriptor.size));
  }
  if (Sha256Digest(*blob) != descriptor.digest) {
    return absl::DataLossError(
        absl::StrCat("blob ", descriptor.digest, " does not match its digest (altered?)"));
  }
  return blob;
}

std::string TagOf(const Descriptor& descriptor) {
  auto name = descriptor.annotations.find(std::string(kRefNameAnnotation));
  return name == descriptor.annotations.end() ? std::string() : name->second;
}

// The index.json entry the reference names.
absl::StatusOr<Descriptor> SelectImage(const ImageIndex& index, const LayoutReference& reference) {
  std::vector<const Descriptor*> matches;
  std::vector<std::string> tags;
  for (const Descriptor& descriptor : index.manifests) {
    const std::string tag = TagOf(descriptor);
    tags.push_back(tag.empty() ? "(untagged)" : absl::StrCat("\"", Printable(tag), "\""));
    if (!reference.tag.has_value() || tag == *reference.tag) matches.push_back(&descriptor);
  }
  if (matches.size() == 1) return *matches.front();
  const std::string listed = absl::StrCat(" (tags: ", absl::StrJoin(tags, ", "), ")");
  if (index.manifests.empty()) return absl::NotFoundError("index.json lists no image");
  if (!reference.tag.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("index.json lists ", matches.size(), " images; name one as DIR:TAG", listed));
  }
  if (matches.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no image tagged \"", Printable(*reference.tag), "\"", listed));
  }
  return absl::InvalidArgumentError(
      absl::StrCat(matches.size(), " images are tagged \"", Printable(*reference.tag), "\""));
}

absl::Status CollectManifests(const std::string& dir, const Descriptor& descriptor, int depth,
                              std::vector<LocatedManifest>& manifests) {
  absl::StatusOr<DocumentKind> kind = DocumentKindOf(descriptor.media_type);
  if (!kind.ok()) return WithContext(descriptor.digest, kind.status());
  absl::StatusOr<std::string> blob = ReadVerifiedBlob(dir, descriptor);
  if (!blob.ok()) return blob.status();
  if (*kind == DocumentKind::kManifest) {
    absl::StatusOr<ImageManifest> manifest = ParseImageManifest(*blob);
    if (!manifest.ok())
      return WithContext(absl::StrCat("manifest ", descriptor.digest), manifest.status());
    manifests.push_back(
        LocatedManifest{descriptor.digest, descriptor.platform, *std::move(manifest)});
    return absl::OkStatus();
  }
  if (depth >= kMaxIndexDepth) {
    return absl::InvalidArgumentError(
        absl::StrCat("image indexes nested more than ", kMaxIndexDepth, " deep"));
  }
  absl::StatusOr<ImageIndex> index = ParseImageIndex(*blob);
  if (!index.ok()) return WithContext(absl::StrCat("index ", descriptor.digest), index.status());
  for (const Descriptor& entry : index->manifests) {
    if (absl::Status collected = CollectManifests(dir, entry, depth + 1, manifests);
        !collected.ok()) {
      return collected;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<LayoutReference> ParseLayoutReference(absl::string_view reference) {
  absl::ConsumePrefix(&reference, "oci:");
  LayoutReference parsed;
  const size_t colon = reference.find(':');
  parsed.dir = std::string(reference.substr(0, colon));
  if (colon != absl::string_view::npos) parsed.tag = std::string(reference.substr(colon + 1));
  if (parsed.dir.empty()) return absl::InvalidArgumentError("DIR is empty (expected DIR[:TAG])");
  if (parsed.tag.has_value() && parsed.tag->empty()) {
    return absl::InvalidArgumentError("TAG is empty after ':' (expected DIR[:TAG])");
  }
  return parsed;
}

absl::StatusOr<std::vector<LocatedManifest>> ReadLayoutManifests(const LayoutReference& reference) {
  if (absl::Status marker = CheckLayoutMarker(reference.dir); !marker.ok()) return marker;
  const std::string index_path = absl::StrCat(reference.dir, "/index.json");
  absl::StatusOr<std::string> index_json = ReadDocument(index_path);
  if (!index_json.ok()) return index_json.status();
  absl::StatusOr<ImageIndex> index = ParseImageIndex(*index_json);
  if (!index.ok()) return WithContext(index_path, index.status());
  absl::StatusOr<Descriptor> image = SelectImage(*index, reference);
  if (!image.ok()) return WithContext(reference.dir, image.status());
  std::vector<LocatedManifest> manifests;
  // Errors name the blob's path or digest.
  if (absl::Status collected = CollectManifests(reference.dir, *image, 0, manifests);
      !collected.ok()) {
    return collected;
  }
  return manifests;
}

absl::StatusOr<LocatedManifest> ReadManifestFile(absl::string_view path) {
  absl::StatusOr<std::string> json = ReadDocument(std::string(path));
  if (!json.ok()) return json.status();
  absl::StatusOr<ImageManifest> manifest = ParseImageManifest(*json);
  if (!manifest.ok()) return WithContext(path, manifest.status());
  return LocatedManifest{Sha256Digest(*json), "", *std::move(manifest)};
}

}  // namespace coco
