#ifndef COCO_KEYPROVIDER_KEY_SOURCES_RAW_KEY_FILE_H_
#define COCO_KEYPROVIDER_KEY_SOURCES_RAW_KEY_FILE_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"

namespace coco {

// A file holding one raw key-encryption key: a regular file (or a link to one) of exactly 32
// bytes. Errors start with the path.
absl::StatusOr<SecretBytes> ReadRawKeyFile(absl::string_view path);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEY_SOURCES_RAW_KEY_FILE_H_
