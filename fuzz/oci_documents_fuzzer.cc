// The OCI documents an image layout from a registry carries: index, manifest, config and
// oci-layout, and what inspect reads out of a manifest's layers (pubopts and packets).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "src/inspect/image_report.h"
#include "src/inspect/report_format.h"
#include "src/oci/digest.h"
#include "src/oci/documents.h"

namespace {

// Whatever a parser accepts names its blobs by checked digests only.
void CheckDigests(const std::vector<coco::Descriptor>& descriptors) {
  for (const coco::Descriptor& descriptor : descriptors) {
    if (!coco::Digest::Parse(descriptor.digest).ok() || descriptor.size < 0) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view json(reinterpret_cast<const char*>(data), size);
  if (absl::StatusOr<coco::ImageManifest> manifest = coco::ParseImageManifest(json);
      manifest.ok()) {
    CheckDigests(manifest->layers);
    if (manifest->config.has_value()) CheckDigests({*manifest->config});
    const coco::ImageReport report = coco::DescribeImage({"sha256:", "", *manifest});
    (void)coco::FormatReportText({report});
    (void)coco::FormatReportJson({report});
  }
  if (absl::StatusOr<coco::ImageIndex> index = coco::ParseImageIndex(json); index.ok()) {
    CheckDigests(index->manifests);
  }
  if (absl::StatusOr<coco::ImageConfig> config = coco::ParseImageConfig(json); config.ok()) {
    for (const std::string& diff_id : config->diff_ids) {
      if (!coco::Digest::Parse(diff_id).ok()) __builtin_trap();
    }
  }
  (void)coco::ParseLayoutMarker(json);
  return 0;
}
