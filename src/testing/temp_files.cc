#include "src/testing/temp_files.h"

#include <cstdlib>
#include <fstream>

#include "absl/strings/str_cat.h"

namespace coco {
namespace test_support {

std::string TempPath(absl::string_view name) {
  return absl::StrCat(std::getenv("TEST_TMPDIR"), "/", name);
}

std::string WriteTempFile(absl::string_view name, absl::string_view contents) {
  std::string path = TempPath(name);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
  return path;
}

}  // namespace test_support
}  // namespace coco
