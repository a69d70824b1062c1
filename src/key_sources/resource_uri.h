#ifndef COCO_KEYPROVIDER_KEY_SOURCES_RESOURCE_URI_H_
#define COCO_KEYPROVIDER_KEY_SOURCES_RESOURCE_URI_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace coco {

// "." and ".." path segments: CoCo guests resolve them away before they look a key up
// (kbs:///default/key/.. asks for default/), so a key named with one is never found there.
bool IsDotSegment(absl::string_view segment);
absl::Status DotSegmentError(absl::string_view what, absl::string_view segment);

// A KBS resource URI: kbs[+<plugin>]://[<kbs-addr>]/<path>[?<query>]. For the default `kbs`
// scheme the path is <repository>/<type>/<tag>; plugins take one or more segments. A "." or ".."
// segment is refused: CoCo guests resolve it away before the lookup, so the key they ask for is
// not the one named here.
class ResourceUri {
 public:
  // The `kid` of an annotation: only the URI forms CoCo guests parse.
  static absl::StatusOr<ResourceUri> ParseKid(absl::string_view kid);

  // The `keyid` wrap parameter: every form of the upstream guide, including
  // `<kbs-addr>/<r>/<t>/<g>` and `/<r>/<t>/<g>`, which are read as kbs://<kbs-addr>/... and
  // kbs:///...
  static absl::StatusOr<ResourceUri> ParseKeyId(absl::string_view keyid);

  // The URI as CoCo guests parse it, e.g. kbs:///default/key/key_id1.
  std::string ToString() const;

  // What keys files are indexed by, e.g. default/key/key_id1.
  const std::string& resource_path() const { return path_; }

 private:
  std::string scheme_;
  std::string address_;
  std::string path_;
  std::string query_;  // Empty or starting with '?'.
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEY_SOURCES_RESOURCE_URI_H_
