#ifndef COCO_KEYPROVIDER_TESTING_SUBPROCESS_H_
#define COCO_KEYPROVIDER_TESTING_SUBPROCESS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace coco {
namespace test_support {

struct ProcessResult {
  int exit_code = -1;  // -1 when the process did not exit normally.
  std::string out;
  std::string err;
};

// Runs `argv` as ocicrypt does: `input` on standard input, then end of file; `environment` is the
// whole environment ("NAME=value" entries). Returns what it printed and its exit status.
ProcessResult RunProcess(const std::vector<std::string>& argv, absl::string_view input,
                         const std::vector<std::string>& environment = {});

}  // namespace test_support
}  // namespace coco

#endif  // COCO_KEYPROVIDER_TESTING_SUBPROCESS_H_
