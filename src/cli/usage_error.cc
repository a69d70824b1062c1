#include "src/cli/usage_error.h"

#include "absl/strings/cord.h"
#include "src/common/status_context.h"

namespace coco {
namespace {

constexpr absl::string_view kUsagePayload = "coco-keyprovider/usage-error";

}  // namespace

absl::Status UsageError(absl::string_view message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kUsagePayload, absl::Cord());
  return status;
}

bool IsUsageError(const absl::Status& status) {
  return status.GetPayload(kUsagePayload).has_value();
}

absl::Status WithCommandContext(absl::string_view context, const absl::Status& status) {
  absl::Status with_context = WithContext(context, status);
  if (IsUsageError(status)) return UsageError(with_context.message());
  return with_context;
}

}  // namespace coco
