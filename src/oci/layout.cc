#include "src/oci/layout.h"

#include <set>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "src/common/file_reader.h"
#include "src/common/printable.h"
#include "src/common/status_context.h"
#include "src/oci/blob_store.h"
#include "src/oci/digest.h"

namespace coco {
namespace {

constexpr absl::string_view kRefNameAnnotation = "org.opencontainers.image.ref.name";
constexpr std::size_t kTagsShown = 10;

absl::Status CheckLayoutMarker(const BlobStore& layout) {
  absl::StatusOr<std::string> marker = layout.ReadLayoutFile("oci-layout", kMaxDocumentSize);
  if (absl::IsNotFound(marker.status())) {
    return absl::FailedPreconditionError(
        absl::StrCat(layout.dir(), ": not an OCI image layout (no oci-layout file)"));
  }
  if (!marker.ok()) return marker.status();
  if (absl::StatusOr<std::string> version = ParseLayoutMarker(*marker); !version.ok()) {
    return WithContext(absl::StrCat(layout.dir(), "/oci-layout"), version.status());
  }
  return absl::OkStatus();
}

// Walks index entries down to image manifests, within the depth, count and byte bounds.
class ManifestCollector {
 public:
  explicit ManifestCollector(const BlobStore& layout) : layout_(layout) {}

  absl::Status Collect(const Descriptor& descriptor, int depth);
  std::vector<LocatedManifest> Take() { return std::move(manifests_); }

 private:
  // Counts `count` more descriptors and the document's bytes against the bounds.
  absl::Status Spend(std::size_t count, int64_t bytes);

  const BlobStore& layout_;
  std::set<std::string> seen_;
  std::size_t descriptors_ = 0;
  int64_t bytes_ = 0;
  std::vector<LocatedManifest> manifests_;
};

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
    if (tags.size() < kTagsShown) {
      tags.push_back(tag.empty() ? "(untagged)" : absl::StrCat("\"", Printable(tag), "\""));
    }
    if (!reference.tag.has_value() || tag == *reference.tag) matches.push_back(&descriptor);
  }
  if (matches.size() == 1) return *matches.front();
  // An index of thousands of entries must still give a short line.
  if (index.manifests.size() > kTagsShown) {
    tags.push_back(absl::StrCat("and ", index.manifests.size() - kTagsShown, " more"));
  }
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

absl::Status ManifestCollector::Spend(std::size_t count, int64_t bytes) {
  descriptors_ += count;
  bytes_ += bytes;
  if (descriptors_ > kMaxDescriptors) {
    return absl::InvalidArgumentError(
        absl::StrCat("image indexes lead to more than ", kMaxDescriptors, " descriptors"));
  }
  if (bytes_ > kMaxDocumentBytesRead) {
    return absl::InvalidArgumentError(absl::StrCat("image indexes lead to more than ",
                                                   kMaxDocumentBytesRead, " bytes of documents"));
  }
  return absl::OkStatus();
}

absl::Status ManifestCollector::Collect(const Descriptor& descriptor, int depth) {
  if (!seen_.insert(descriptor.digest).second) return absl::OkStatus();
  if (absl::Status spent = Spend(1, descriptor.size); !spent.ok()) return spent;
  absl::StatusOr<DocumentKind> kind = DocumentKindOf(descriptor.media_type);
  if (!kind.ok()) return WithContext(descriptor.digest, kind.status());
  absl::StatusOr<std::string> blob = layout_.ReadDocument(descriptor);
  if (!blob.ok()) return blob.status();
  if (*kind == DocumentKind::kManifest) {
    absl::StatusOr<ImageManifest> manifest = ParseImageManifest(*blob);
    if (!manifest.ok()) {
      return WithContext(absl::StrCat("manifest ", descriptor.digest), manifest.status());
    }
    if (absl::Status spent = Spend(manifest->layers.size(), 0); !spent.ok()) return spent;
    manifests_.push_back(
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
    if (absl::Status collected = Collect(entry, depth + 1); !collected.ok()) return collected;
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

absl::StatusOr<LayoutImage> OpenLayoutImage(const LayoutReference& reference) {
  absl::StatusOr<BlobStore> layout = BlobStore::Open(reference.dir);
  if (absl::IsNotFound(layout.status())) {
    return absl::FailedPreconditionError(
        absl::StrCat(reference.dir, ": not an OCI image layout (no oci-layout file)"));
  }
  if (!layout.ok()) return layout.status();
  if (absl::Status marker = CheckLayoutMarker(*layout); !marker.ok()) return marker;
  absl::StatusOr<std::string> index_json = layout->ReadLayoutFile("index.json", kMaxDocumentSize);
  if (!index_json.ok()) return index_json.status();
  absl::StatusOr<ImageIndex> index = ParseImageIndex(*index_json);
  if (!index.ok()) return WithContext(absl::StrCat(reference.dir, "/index.json"), index.status());
  absl::StatusOr<Descriptor> image = SelectImage(*index, reference);
  if (!image.ok()) return WithContext(reference.dir, image.status());
  return LayoutImage{*std::move(layout), *std::move(image)};
}

absl::StatusOr<std::vector<LocatedManifest>> ReadLayoutManifests(const LayoutReference& reference) {
  absl::StatusOr<LayoutImage> image = OpenLayoutImage(reference);
  if (!image.ok()) return image.status();
  // Errors name the blob's path or digest.
  ManifestCollector collector(image->layout);
  if (absl::Status collected = collector.Collect(image->entry, 0); !collected.ok()) {
    return collected;
  }
  return collector.Take();
}

absl::StatusOr<LocatedManifest> ReadManifestFile(absl::string_view path) {
  absl::StatusOr<SecretBytes> json = ReadRegularFile(path, kMaxDocumentSize);
  if (!json.ok()) return json.status();
  absl::StatusOr<ImageManifest> manifest = ParseImageManifest(json->view());
  if (!manifest.ok()) return WithContext(path, manifest.status());
  return LocatedManifest{Sha256Digest(json->view()), "", *std::move(manifest)};
}

}  // namespace coco
