#ifndef COCO_KEYPROVIDER_TESTING_TEMP_FILES_H_
#define COCO_KEYPROVIDER_TESTING_TEMP_FILES_H_

#include <string>

#include "absl/strings/string_view.h"

namespace coco {
namespace test_support {

// The path of `name` in the test's private temporary folder (TEST_TMPDIR).
std::string TempPath(absl::string_view name);

// Writes `contents` to TempPath(name), replacing it, and returns the path.
std::string WriteTempFile(absl::string_view name, absl::string_view contents);

}  // namespace test_support
}  // namespace coco

#endif  // COCO_KEYPROVIDER_TESTING_TEMP_FILES_H_
