#ifndef COCO_KEYPROVIDER_CLI_PROVIDER_SETTINGS_H_
#define COCO_KEYPROVIDER_CLI_PROVIDER_SETTINGS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/cli/flags.h"
#include "src/cli/kbs_flags.h"
#include "src/provider/request_handler.h"

namespace coco {

inline constexpr Flag kVersionFlag = Flag::Switch("--version", "show the version and exit");

// The flags ocicrypt.conf can pass through "args", one by one so that the image commands share
// them: how keywrap names the provider and registers KEKs, and where keyunwrap finds keys.
inline constexpr Flag kProviderNameFlag =
    Flag::Value("--provider-name", "NAME",
                "the provider's NAME in ocicrypt.conf (default attestation-agent)")
        .NonEmpty();
inline constexpr Flag kKbcFlag =
    Flag::Value("--kbc", "KBC",
                "the KBC for keyunwrap when the request names none, <kbc>[::<kbs-uri>] (default: "
                "AA_KBC_PARAMS, else offline_fs_kbc)");
inline constexpr Flag kKeysFileFlag =
    Flag::Value("--keys-file", "PATH",
                "offline_fs_kbc keys file, replacing the defaults /etc/aa-offline_fs_kbc-keys.json "
                "and /etc/aa-offline_fs_kbc-resources.json")
        .Repeatable()
        .NonEmpty();
inline constexpr Flag kSevSecretPathFlag =
    Flag::Value("--sev-secret-path", "PATH",
                "offline_sev_kbc keys file (default "
                "/sys/kernel/security/secrets/coco/e6f5a162-d67f-4750-a67c-5d065f2a9910)")
        .NonEmpty();
inline constexpr Flag kKbsFlag =
    Flag::Value("--kbs", "URL",
                "register every KEK keywrap uses (but the sample key) in the KBS at URL, "
                "http[s]://<host>[:<port>], and wrap PARAMS naming no key with a fresh KEK under "
                "a fresh kid; needs --kbs-admin-key")
        .NonEmpty();
inline constexpr Flag kKbsAdminKeyFlag =
    Flag::Value("--kbs-admin-key", "PEM",
                "the KBS admin's Ed25519 private key (PKCS#8 PEM, as openssl genpkey -algorithm "
                "ed25519 writes it) that signs the admin tokens of --kbs")
        .NonEmpty();
inline constexpr Flag kKbsRoleFlag =
    Flag::Value("--kbs-role", "ROLE", "the admin token's role claim (default: admin)").NonEmpty();
inline constexpr Flag kKbsIssuerFlag =
    Flag::Value("--kbs-issuer", "ISS", "the admin token's iss claim, when the KBS checks one")
        .NonEmpty();
inline constexpr Flag kKbsAudienceFlag =
    Flag::Value("--kbs-audience", "AUD", "the admin token's aud claim, when the KBS checks one")
        .NonEmpty();

inline constexpr Flag kProviderFlags[] = {
    kProviderNameFlag, kKbcFlag,       kKeysFileFlag,  kSevSecretPathFlag, kKbsFlag,
    kKbsAdminKeyFlag,  kKbsRoleFlag,   kKbsIssuerFlag, kKbsAudienceFlag,   kKbsCertFlag,
    kKbsTimeoutFlag,   kKbsTeeKeyFlag, kHelpFlag,      kVersionFlag,
};

// How the provider's KBS flags make it refuse every request: a flag only --kbs uses, given without
// it ("--kbs-role needs --kbs URL"), or --kbs without --kbs-admin-key. `flag` is the one to drop
// or add; `error` is the provider's own message. Doctor reports the same.
struct KbsFlagMisuse {
  absl::string_view flag;
  std::string error;
};
std::optional<KbsFlagMisuse> FindKbsFlagMisuse(const ParsedFlags& flags);

// One environment variable the Attestation Agent reads, which we honour the same way.
struct EnvironmentVariable {
  absl::string_view name;
  absl::string_view help;
};
inline constexpr EnvironmentVariable kProviderEnvironment[] = {
    {"AA_KBC_PARAMS", "<kbc>::<kbs-uri>: the default KBC when --kbc is not given"},
    {"OFFLINE_FS_KBC_EXTRA_FILE_PATH",
     "comma-separated keys files, always added for offline_fs_kbc"},
};

// The values of kProviderEnvironment.
struct ProviderEnvironment {
  std::optional<std::string> aa_kbc_params;               // AA_KBC_PARAMS
  std::optional<std::string> offline_fs_kbc_extra_files;  // OFFLINE_FS_KBC_EXTRA_FILE_PATH
};

ProviderEnvironment ReadProviderEnvironment();

// Settings from the flags and the environment. Errors are command-line misuse. The environment is
// only stored here: a variable that does not fit is an error when, and only if, it is used.
absl::StatusOr<ProviderSettings> ProviderSettingsFrom(const ParsedFlags& flags,
                                                      const ProviderEnvironment& environment);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_PROVIDER_SETTINGS_H_
