#include "src/wrapping/wrap_type.h"

#include "absl/status/status.h"

namespace coco {
namespace {

constexpr absl::string_view kGcmName = "A256GCM";
constexpr absl::string_view kCtrName = "A256CTR";

}  // namespace

absl::string_view WrapTypeName(WrapType type) {
  return type == WrapType::kA256Gcm ? kGcmName : kCtrName;
}

absl::StatusOr<WrapType> ParseWrapType(absl::string_view name) {
  if (name == kGcmName) return WrapType::kA256Gcm;
  if (name == kCtrName) return WrapType::kA256Ctr;
  return absl::InvalidArgumentError("must be A256GCM or A256CTR");
}

std::size_t IvSize(WrapType type) { return type == WrapType::kA256Gcm ? 12 : 16; }

}  // namespace coco
