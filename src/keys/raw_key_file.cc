#include "src/keys/raw_key_file.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/common/file_reader.h"
#include "src/wrapping/key_wrap_cipher.h"

namespace coco {

absl::StatusOr<SecretBytes> ReadRawKeyFile(absl::string_view path) {
  absl::StatusOr<SecretBytes> kek = ReadRegularFile(path, kKekSize);
  if (!kek.ok()) return kek.status();
  if (kek->size() != kKekSize) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": ", kek->size(), " bytes, a key must be exactly ", kKekSize));
  }
  return kek;
}

}  // namespace coco
