#include "src/key_sources/file_key_source.h"

#include <optional>

#include "src/common/file_reader.h"

namespace coco {

absl::StatusOr<SecretBytes> FileKeySource::FindKek(absl::string_view resource_path) {
  absl::StatusOr<SecretBytes> kek = read_(path_, resource_path);
  if (!kek.ok()) return kek;
  if (std::optional<std::string> warning = ExposureWarning(path_); warning.has_value()) {
    warnings_.Add(*warning);
  }
  return kek;
}

}  // namespace coco
