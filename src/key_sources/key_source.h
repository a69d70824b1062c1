#ifndef COCO_KEYPROVIDER_KEY_SOURCES_KEY_SOURCE_H_
#define COCO_KEYPROVIDER_KEY_SOURCES_KEY_SOURCE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"

namespace coco {

// Where a key-encryption key comes from: the sample key, a raw key file, a keys file, a KBC. The
// same sources serve keywrap (the KEK to seal with) and keyunwrap (the KEK to open with), so the
// file that encrypts is the file that decrypts.
class KeySource {
 public:
  virtual ~KeySource() = default;

  // The KEK for the kid whose resource path is `resource_path` (<repository>/<type>/<tag>):
  // exactly kKekSize bytes. Errors say where the source looked and never contain a key.
  virtual absl::StatusOr<SecretBytes> FindKek(absl::string_view resource_path) = 0;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEY_SOURCES_KEY_SOURCE_H_
