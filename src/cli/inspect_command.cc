#include "src/cli/inspect_command.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "src/cli/command.h"
#include "src/cli/usage_error.h"
#include "src/inspect/image_report.h"
#include "src/inspect/report_format.h"
#include "src/oci/layout.h"

namespace coco {
namespace {

constexpr Flag kInspectFlags[] = {
    Flag::Value("--manifest", "FILE", "inspect this image manifest file instead of an image layout")
        .NonEmpty()
        .ReplacesArguments(),
    Flag::Switch("--json", "print one JSON document, for scripts"),
    kHelpFlag,
};
constexpr Argument kInspectArguments[] = {Argument::One("DIR[:TAG]")};

absl::StatusOr<std::vector<LocatedManifest>> ReadImages(const ParsedFlags& flags) {
  if (const std::optional<std::string> file = flags.Value("--manifest"); file.has_value()) {
    absl::StatusOr<LocatedManifest> manifest = ReadManifestFile(*file);
    if (!manifest.ok()) return manifest.status();
    return std::vector<LocatedManifest>{*std::move(manifest)};
  }
  absl::StatusOr<LayoutReference> reference = ParseLayoutReference(flags.positional()[0]);
  if (!reference.ok()) return UsageError(reference.status().message());
  return ReadLayoutManifests(*reference);
}

absl::Status Inspect(const ParsedFlags& flags, const CommandStreams& streams) {
  absl::StatusOr<std::vector<LocatedManifest>> images = ReadImages(flags);
  if (!images.ok()) return images.status();
  std::vector<ImageReport> reports;
  for (const LocatedManifest& image : *images) reports.push_back(DescribeImage(image));
  return WriteOutput(streams.out,
                     flags.Has("--json") ? FormatReportJson(reports) : FormatReportText(reports));
}

}  // namespace

const Command kInspectCommand = {
    "inspect",
    "how an image is encrypted, and for which keys",
    "Shows how an image is encrypted, offline and without key material: for each layer its media\n"
    "type, whether it is encrypted, the cipher (org.opencontainers.image.enc.pubopts), and for\n"
    "each keyprovider annotation (org.opencontainers.image.enc.keys.provider.<NAME>) the packet's\n"
    "kid, wrap_type, IV length and wrapped data length; other schemes (jwe, pkcs7, ...) are shown\n"
    "as present. Wrapped keys, IVs and HMACs are never printed.\n"
    "\n"
    "DIR is an OCI image layout, as `skopeo copy ... oci:DIR:TAG` writes it (a leading oci: is\n"
    "fine). TAG picks the index.json entry whose org.opencontainers.image.ref.name it is; without\n"
    "TAG the layout must hold one image. An image index is followed to each of its manifests, and\n"
    "every manifest and index read must match its sha256 digest.\n",
    kInspectFlags,
    kInspectArguments,
    Inspect};

}  // namespace coco
