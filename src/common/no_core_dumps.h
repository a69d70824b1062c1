#ifndef COCO_KEYPROVIDER_COMMON_NO_CORE_DUMPS_H_
#define COCO_KEYPROVIDER_COMMON_NO_CORE_DUMPS_H_

#include "absl/status/status.h"

namespace coco {

// Keeps the keys this process will hold out of core files and away from other processes: makes
// it non-dumpable (no core file, and no process of the same user may ptrace it or read its
// memory through /proc) and sets its core file size limit to 0. Called before any key is read.
absl::Status ForbidCoreDumps();

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_NO_CORE_DUMPS_H_
