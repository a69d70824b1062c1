#ifndef COCO_KEYPROVIDER_COMMON_WARNINGS_H_
#define COCO_KEYPROVIDER_COMMON_WARNINGS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace coco {

// Lines about things that do not stop an operation (a keys file that others may read, a missing
// default keys file). They are printed on standard error only when the operation succeeds, so a
// failure stays one line.
class Warnings {
 public:
  Warnings() = default;
  Warnings(const Warnings&) = delete;
  Warnings& operator=(const Warnings&) = delete;
  Warnings(Warnings&&) = default;

  // A sink whose lines go to this one, each after "<context>: ", as errors gain their context.
  // This one must outlive it.
  Warnings Within(absl::string_view context);

  void Add(absl::string_view line);

  // Every line added here or Within this one; a sink made Within another holds none itself.
  const std::vector<std::string>& lines() const { return lines_; }

 private:
  Warnings(Warnings* parent, absl::string_view context) : parent_(parent), context_(context) {}

  Warnings* parent_ = nullptr;
  std::string context_;
  std::vector<std::string> lines_;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_WARNINGS_H_
