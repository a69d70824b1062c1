#ifndef COCO_KEYPROVIDER_COMMON_FILE_WRITER_H_
#define COCO_KEYPROVIDER_COMMON_FILE_WRITER_H_

#include <sys/types.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace coco {

// Writes all of `bytes` to `fd`, retrying short writes. The error is the system's reason.
absl::Status WriteAll(int fd, absl::string_view bytes);

enum class ExistingFile { kKeep, kReplace };

// Writes `contents` to `path` so that a reader (or a crash) sees either the old file or the whole
// new one: a temporary file created with mode 0600 beside `path`, written, flushed to disk,
// renamed over `path`, then the folder flushed too. The new file has mode `mode`: 0600 unless a
// file others must read (an image layout's index.json) asks for more. With
// kKeep an existing `path` is never replaced (AlreadyExists). On a failure `path` is as it was and
// the temporary file is removed, unless only the last step, flushing the folder, failed: the new
// file is then in place. Errors start with the path.
absl::Status WriteFileAtomically(absl::string_view path, absl::string_view contents,
                                 ExistingFile existing, mode_t mode = 0600);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_FILE_WRITER_H_
