#ifndef COCO_KEYPROVIDER_KEY_SOURCES_FILE_KEY_SOURCE_H_
#define COCO_KEYPROVIDER_KEY_SOURCES_FILE_KEY_SOURCE_H_

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"
#include "src/common/warnings.h"
#include "src/key_sources/key_source.h"

namespace coco {

// A KEK in a file the user names (keypath=, keyfile=), read by `read`. A file that group or
// others may read still works, with a warning: anyone on the machine may be able to decrypt what
// it protects.
class FileKeySource : public KeySource {
 public:
  using Reader = absl::StatusOr<SecretBytes> (*)(absl::string_view path,
                                                 absl::string_view resource_path);

  FileKeySource(Reader read, absl::string_view path, WarningSink warnings)
      : read_(read), path_(path), warnings_(std::move(warnings)) {}

  absl::StatusOr<SecretBytes> FindKek(absl::string_view resource_path) override;

 private:
  Reader read_;
  std::string path_;
  WarningSink warnings_;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEY_SOURCES_FILE_KEY_SOURCE_H_
