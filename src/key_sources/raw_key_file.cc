#include "src/key_sources/raw_key_file.h"

#include <optional>

#include "absl/status/status.h"
#include "src/common/file_reader.h"
#include "src/common/kek.h"
#include "src/common/status_context.h"

namespace coco {

absl::StatusOr<SecretBytes> ReadRawKeyFile(absl::string_view path) {
  absl::StatusOr<SecretBytes> kek = ReadRegularFile(path, kKekSize);
  if (!kek.ok()) return kek.status();
  if (absl::Status size = CheckKekSize(kek->size()); !size.ok()) return WithContext(path, size);
  return kek;
}

absl::StatusOr<SecretBytes> RawKeyFileSource::FindKek(absl::string_view) {
  absl::StatusOr<SecretBytes> kek = ReadRawKeyFile(path_);
  if (!kek.ok()) return kek;
  if (std::optional<std::string> warning = ExposureWarning(path_); warning.has_value()) {
    warnings_.Add(*warning);
  }
  return kek;
}

}  // namespace coco
