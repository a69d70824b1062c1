#include "src/key_sources/raw_key_file.h"

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

}  // namespace coco
