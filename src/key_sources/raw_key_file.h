#ifndef COCO_KEYPROVIDER_KEY_SOURCES_RAW_KEY_FILE_H_
#define COCO_KEYPROVIDER_KEY_SOURCES_RAW_KEY_FILE_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"
#include "src/common/warnings.h"
#include "src/key_sources/key_source.h"

namespace coco {

// A file holding one raw key-encryption key: a regular file (or a link to one) of exactly 32
// bytes. Errors start with the path.
absl::StatusOr<SecretBytes> ReadRawKeyFile(absl::string_view path);

// keypath=FILE: the KEK in a raw key file, whatever the resource path. A file that group or others
// may read still works, with a warning.
class RawKeyFileSource : public KeySource {
 public:
  RawKeyFileSource(absl::string_view path, Warnings warnings)
      : path_(path), warnings_(std::move(warnings)) {}

  absl::StatusOr<SecretBytes> FindKek(absl::string_view resource_path) override;

 private:
  std::string path_;
  Warnings warnings_;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEY_SOURCES_RAW_KEY_FILE_H_
