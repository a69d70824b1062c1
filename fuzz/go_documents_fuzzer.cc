// Manifests and indexes as skopeo's Go code re-serialises them: whatever parses must marshal to a
// document that parses again and marshals to the same bytes, or a rewrite would not be stable.
#include <cstddef>
#include <cstdint>
#include <string>

#include "src/oci/documents.h"
#include "src/oci/go_documents.h"

namespace {

template <typename Document>
void CheckIdempotent(absl::string_view json, absl::StatusOr<Document> (*parse)(absl::string_view),
                     std::string (*marshal)(const Document&)) {
  absl::StatusOr<Document> document = parse(json);
  if (!document.ok()) return;
  const std::string once = marshal(*document);
  absl::StatusOr<Document> again = parse(once);
  if (!again.ok()) {
    // Escaping can make the output larger than the bound, and only then may it fail.
    if (once.size() <= coco::kMaxDocumentSize) __builtin_trap();
    return;
  }
  if (marshal(*again) != once) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view json(reinterpret_cast<const char*>(data), size);
  CheckIdempotent<coco::GoManifest>(json, coco::ParseGoManifest, coco::MarshalGoManifest);
  CheckIdempotent<coco::GoIndex>(json, coco::ParseGoIndex, coco::MarshalGoIndex);
  return 0;
}
