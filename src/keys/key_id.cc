#include "src/keys/key_id.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "src/common/printable.h"
#include "src/key_sources/resource_uri.h"

namespace coco {

absl::Status CheckKeyId(absl::string_view key_id) {
  const std::vector<absl::string_view> segments = absl::StrSplit(key_id, '/');
  bool empty_segment = false;
  for (absl::string_view segment : segments) empty_segment |= segment.empty();
  if (segments.size() != 3 || empty_segment) {
    return absl::InvalidArgumentError(
        absl::StrCat("key id \"", Printable(key_id),
                     "\" is not <repository>/<type>/<tag> (three non-empty segments)"));
  }
  for (absl::string_view segment : segments) {
    if (IsDotSegment(segment)) {
      return DotSegmentError(absl::StrCat("key id \"", Printable(key_id), "\""), segment);
    }
  }
  // The same check a kid gets, so every id written here can be wrapped and unwrapped.
  absl::StatusOr<ResourceUri> uri = ResourceUri::ParseKid(absl::StrCat("kbs:///", key_id));
  if (!uri.ok() || uri->resource_path() != key_id) {
    return absl::InvalidArgumentError(absl::StrCat(
        "key id \"", Printable(key_id), "\" has a character not allowed in a KBS resource URI"));
  }
  return absl::OkStatus();
}

absl::Status CheckRepository(absl::string_view repository) {
  if (repository.empty()) return absl::InvalidArgumentError("the repository name is empty");
  if (IsDotSegment(repository)) {
    return DotSegmentError(absl::StrCat("repository \"", repository, "\""), repository);
  }
  if (repository.find('/') != absl::string_view::npos ||
      !CheckKeyId(absl::StrCat(repository, "/key/key_id1")).ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("repository \"", Printable(repository),
                     "\" must be one path segment: no '/', only characters a URI path keeps"));
  }
  return absl::OkStatus();
}

}  // namespace coco
