#ifndef COCO_KEYPROVIDER_INSPECT_DIGEST_H_
#define COCO_KEYPROVIDER_INSPECT_DIGEST_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace coco {

// "sha256:<64 lowercase hex digits>" of `bytes`: how OCI names content.
std::string Sha256Digest(absl::string_view bytes);

// The hex part of a sha256 digest, which is also its blob's file name. Only sha256 is read here;
// the check also keeps a hostile digest from naming a path outside blobs/sha256.
absl::StatusOr<std::string> Sha256HexOf(absl::string_view digest);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_INSPECT_DIGEST_H_
