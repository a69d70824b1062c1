#ifndef COCO_KEYPROVIDER_COMMON_WARNINGS_H_
#define COCO_KEYPROVIDER_COMMON_WARNINGS_H_

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace coco {

class Warnings;

// Where one part of an operation adds its warnings: lines go to a Warnings, each after
// "<context>: ", as errors gain their context. Cheap to copy; the Warnings must outlive it.
class WarningSink {
 public:
  WarningSink Within(absl::string_view context) const;
  void Add(absl::string_view line) const;

 private:
  friend class Warnings;
  WarningSink(Warnings& warnings, std::string prefix)
      : warnings_(&warnings), prefix_(std::move(prefix)) {}

  Warnings* warnings_;
  std::string prefix_;  // Every context so far, each followed by ": ".
};

// Lines about things that do not stop an operation (a keys file that others may read, a missing
// default keys file). They are printed on standard error only when the operation succeeds, so a
// failure stays one line. It stays where it was made (sinks point to it).
class Warnings {
 public:
  Warnings() = default;
  Warnings(const Warnings&) = delete;
  Warnings& operator=(const Warnings&) = delete;

  WarningSink Within(absl::string_view context);
  // A line already given is not repeated: an image command meets the same key file once per layer.
  void Add(absl::string_view line) {
    if (std::find(lines_.begin(), lines_.end(), line) == lines_.end()) lines_.emplace_back(line);
  }

  const std::vector<std::string>& lines() const { return lines_; }

 private:
  std::vector<std::string> lines_;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_WARNINGS_H_
