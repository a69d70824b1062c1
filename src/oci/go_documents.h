#ifndef COCO_KEYPROVIDER_OCI_GO_DOCUMENTS_H_
#define COCO_KEYPROVIDER_OCI_GO_DOCUMENTS_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace coco {

// skopeo 1.18 (containers/image v5.34) rewrites a manifest or index.json by json.Unmarshal into
// image-spec v1.1.0's Go structs and json.Marshal back: unknown members dropped, zero values
// omitted or written as Go writes them. A document rewritten here gets the same bytes, and so the
// same digest, as skopeo would give it.

// image-spec v1.1.0's Go structs as containers/image reads and re-serialises them.
struct GoPlatform {
  std::string architecture;              // "architecture"
  std::string os;                        // "os"
  std::string os_version;                // "os.version", omitempty
  std::vector<std::string> os_features;  // "os.features", omitempty
  std::string variant;                   // "variant", omitempty
};
struct GoDescriptor {
  std::string media_type;                          // "mediaType" (always written)
  std::string digest;                              // "digest" (always written)
  int64_t size = 0;                                // "size" (always written)
  std::vector<std::string> urls;                   // "urls", omitempty
  std::map<std::string, std::string> annotations;  // "annotations", omitempty, keys sorted bytewise
  std::string data;  // "data": the DECODED bytes; written as std base64 with padding, omitempty
  std::optional<GoPlatform> platform;  // "platform", omitempty (pointer in Go)
  std::string artifact_type;           // "artifactType", omitempty
};
struct GoManifest {
  int64_t schema_version = 0;  // "schemaVersion" (always)
  std::string media_type;      // "mediaType", omitempty
  std::string artifact_type;   // "artifactType", omitempty
  // "config" (always, even if absent in input: {"mediaType":"","digest":"","size":0})
  GoDescriptor config;
  // "layers": nullopt = Go nil slice -> null; empty vector -> []
  std::optional<std::vector<GoDescriptor>> layers;
  std::optional<GoDescriptor> subject;             // "subject", omitempty
  std::map<std::string, std::string> annotations;  // "annotations", omitempty
};
struct GoIndex {
  int64_t schema_version = 0;                          // "schemaVersion"
  std::string media_type;                              // omitempty
  std::string artifact_type;                           // omitempty
  std::optional<std::vector<GoDescriptor>> manifests;  // "manifests", no omitempty: nil -> null
  std::optional<GoDescriptor> subject;                 // omitempty
  std::map<std::string, std::string> annotations;      // omitempty
};

// json.Unmarshal of hostile input (from registries and users' folders): valid UTF-8 JSON of at most
// kMaxDocumentSize bytes whose top level is an object. Unknown members are ignored and null leaves
// the zero value, as in Go. Whatever Go would read differently from a plain reading is refused: a
// member given twice (Go takes the last), one that differs from a field's name only in case (Go
// matches it anyway), "data" that is not canonical base64, a null inside a list or map. Wrong
// types are errors that say where, e.g. `layers[2]: "size" is not an integer`. Digests and media
// types are carried as they are, unchecked.

absl::StatusOr<GoManifest> ParseGoManifest(absl::string_view json);
absl::StatusOr<GoIndex> ParseGoIndex(absl::string_view json);

// json.Marshal: compact, members in the Go structs' order, no trailing newline.
std::string MarshalGoManifest(const GoManifest& manifest);
std::string MarshalGoIndex(const GoIndex& index);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_OCI_GO_DOCUMENTS_H_
