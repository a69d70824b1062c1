#include "src/common/no_core_dumps.h"

#include <sys/prctl.h>
#include <sys/resource.h>

namespace coco {

absl::Status ForbidCoreDumps() {
  const struct rlimit no_core = {0, 0};
  if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 || setrlimit(RLIMIT_CORE, &no_core) != 0) {
    return absl::InternalError("cannot keep keys out of core dumps (prctl or setrlimit failed)");
  }
  return absl::OkStatus();
}

}  // namespace coco
