#ifndef COCO_KEYPROVIDER_COMMON_FILE_READER_H_
#define COCO_KEYPROVIDER_COMMON_FILE_READER_H_

#include <cstddef>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"

namespace coco {

// Reads a whole regular file (symbolic links to one are fine) of at most `max_size` bytes.
// Refuses FIFOs, devices and directories without blocking on them. NotFound when the file does not
// exist; other errors name the path and the reason.
absl::StatusOr<SecretBytes> ReadRegularFile(absl::string_view path, std::size_t max_size);

// For files of key material: a warning when group or others may read the file at `path` (it is
// still used, but anyone on the machine may be able to decrypt what it protects); else nullopt.
std::optional<std::string> ExposureWarning(absl::string_view path);

// Reads a file descriptor to its end, refusing more than `max_size` bytes.
absl::StatusOr<SecretBytes> ReadAll(int fd, std::size_t max_size);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_FILE_READER_H_
