#ifndef COCO_KEYPROVIDER_CLI_KBS_FLAGS_H_
#define COCO_KEYPROVIDER_CLI_KBS_FLAGS_H_

#include "absl/status/statusor.h"
#include "src/cli/flags.h"
#include "src/kbs/admin_token.h"
#include "src/kbs/kbs_options.h"

namespace coco {

// The flags every command that talks to a KBS shares, the provider's included.
inline constexpr Flag kKbsCertFlag =
    Flag::Value("--kbs-cert", "PEM",
                "trust this CA or self-signed certificate for an https:// KBS (default: the "
                "system's CA bundle)")
        .NonEmpty();
inline constexpr Flag kKbsTimeoutFlag =
    Flag::Value("--kbs-timeout", "SECONDS",
                "give up on a KBS after this long (default: 10 to connect, 30 in all)");
inline constexpr Flag kKbsTeeKeyFlag =
    Flag::Value("--kbs-tee-key", "TYPE",
                "the ephemeral key cc_kbc attests with: ec-p256 (default, as guests), ec-p521 or "
                "rsa-2048");

// KbsOptions from those flags. Misuse is a usage error; nothing is read yet.
absl::StatusOr<KbsOptions> KbsOptionsFrom(const ParsedFlags& flags);

// An admin token's claims from the flags named `role`, `issuer` and `audience` (role: admin when
// not given).
AdminClaims AdminClaimsFrom(const ParsedFlags& flags, absl::string_view role,
                            absl::string_view issuer, absl::string_view audience);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_KBS_FLAGS_H_
