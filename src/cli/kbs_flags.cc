#include "src/cli/kbs_flags.h"

#include <optional>
#include <string>
#include <utility>

#include "src/cli/usage_error.h"

namespace coco {

absl::StatusOr<KbsOptions> KbsOptionsFrom(const ParsedFlags& flags) {
  KbsOptions options;
  options.certificate_file = flags.Value(kKbsCertFlag.name);
  if (std::optional<std::string> timeout = flags.Value(kKbsTimeoutFlag.name); timeout.has_value()) {
    absl::StatusOr<int> seconds = ParseKbsTimeout(*timeout);
    if (!seconds.ok()) return UsageError(seconds.status().message());
    options.timeout_seconds = *seconds;
  }
  if (std::optional<std::string> type = flags.Value(kKbsTeeKeyFlag.name); type.has_value()) {
    absl::StatusOr<TeeKeyType> tee_key = ParseTeeKeyType(*type);
    if (!tee_key.ok())
      return UsageError(absl::StrCat("--kbs-tee-key: ", tee_key.status().message()));
    options.tee_key = *tee_key;
  }
  return options;
}

AdminClaims AdminClaimsFrom(const ParsedFlags& flags, absl::string_view role,
                            absl::string_view issuer, absl::string_view audience) {
  AdminClaims claims;
  if (std::optional<std::string> given = flags.Value(role); given.has_value()) {
    claims.role = *std::move(given);
  }
  claims.issuer = flags.Value(issuer);
  claims.audience = flags.Value(audience);
  return claims;
}

}  // namespace coco
