#include "src/cli/provider_settings.h"

#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "src/common/status_context.h"
#include "src/kbs/http_client.h"
#include "src/key_sources/kbc_table.h"

namespace coco {
namespace {

// ocicrypt's own Parameters keys. Under one of these names we would decode other schemes' keys
// (privkeys are PEM private keys) as our parameters.
constexpr absl::string_view kOcicryptParameterNames[] = {
    "pubkeys",        "privkeys",       "privkeys-passwords", "x509s",
    "gpg-recipients", "gpg-pubkeyring", "gpg-privatekeys",    "gpg-privatekeys-passwords",
    "pkcs11-pubkeys", "pkcs11-yamls",   "pkcs11-config",
};

std::optional<std::string> Getenv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

absl::StatusOr<std::string> ProviderName(const ParsedFlags& flags) {
  std::optional<std::string> name = flags.Value("--provider-name");
  if (!name.has_value()) return std::string(kDefaultProviderName);
  for (absl::string_view reserved : kOcicryptParameterNames) {
    if (*name == reserved) {
      return absl::InvalidArgumentError(
          absl::StrCat("--provider-name ", reserved, " is one of ocicrypt's own parameter names"));
    }
  }
  return *std::move(name);
}

absl::StatusOr<std::optional<KbcParameter>> KbcFlag(const ParsedFlags& flags) {
  std::optional<std::string> kbc = flags.Value("--kbc");
  if (!kbc.has_value()) return std::nullopt;
  absl::StatusOr<KbcParameter> parameter = KbcParameter::Parse(*kbc);
  if (!parameter.ok()) return WithContext("--kbc", parameter.status());
  if (absl::StatusOr<const Kbc*> usable = FindUsableKbc(parameter->kbc); !usable.ok()) {
    return WithContext("--kbc", usable.status());
  }
  return std::optional<KbcParameter>(*std::move(parameter));
}

KbcSettings KbcSettingsFrom(const ParsedFlags& flags, const ProviderEnvironment& environment) {
  KbcSettings settings;
  if (std::vector<std::string> keys_files = flags.Values("--keys-file"); !keys_files.empty()) {
    settings.keys_files = std::move(keys_files);
  }
  if (environment.offline_fs_kbc_extra_files.has_value()) {
    for (absl::string_view extra :
         absl::StrSplit(*environment.offline_fs_kbc_extra_files, ',', absl::SkipEmpty())) {
      settings.keys_files.emplace_back(extra);
    }
  }
  if (std::optional<std::string> sev = flags.Value("--sev-secret-path"); sev.has_value()) {
    settings.sev_secret_path = *std::move(sev);
  }
  return settings;
}

// Where keywrap registers its KEKs: --kbs with --kbs-admin-key, or nowhere.
absl::StatusOr<std::optional<KbsRegistration>> RegistrationFrom(const ParsedFlags& flags,
                                                                const KbsOptions& kbs) {
  if (std::optional<KbsFlagMisuse> misuse = FindKbsFlagMisuse(flags); misuse.has_value()) {
    return absl::InvalidArgumentError(misuse->error);
  }
  std::optional<std::string> url = flags.Value("--kbs");
  std::optional<std::string> admin_key = flags.Value("--kbs-admin-key");
  if (!url.has_value()) return std::nullopt;
  if (absl::StatusOr<std::string> origin = KbsOrigin(*url); !origin.ok()) {
    return WithContext("--kbs", origin.status());
  }
  return KbsRegistration{*std::move(url), *std::move(admin_key),
                         AdminClaimsFrom(flags, "--kbs-role", "--kbs-issuer", "--kbs-audience"),
                         kbs};
}

}  // namespace

std::optional<KbsFlagMisuse> FindKbsFlagMisuse(const ParsedFlags& flags) {
  if (flags.Has("--kbs")) {
    if (flags.Has("--kbs-admin-key")) return std::nullopt;
    return KbsFlagMisuse{"--kbs-admin-key", "--kbs needs --kbs-admin-key PEM to register keys"};
  }
  for (absl::string_view needs_kbs :
       {"--kbs-admin-key", "--kbs-role", "--kbs-issuer", "--kbs-audience"}) {
    if (flags.Has(needs_kbs)) {
      return KbsFlagMisuse{needs_kbs, absl::StrCat(needs_kbs, " needs --kbs URL")};
    }
  }
  return std::nullopt;
}

ProviderEnvironment ReadProviderEnvironment() {
  return ProviderEnvironment{Getenv("AA_KBC_PARAMS"), Getenv("OFFLINE_FS_KBC_EXTRA_FILE_PATH")};
}

absl::StatusOr<ProviderSettings> ProviderSettingsFrom(const ParsedFlags& flags,
                                                      const ProviderEnvironment& environment) {
  ProviderSettings settings;
  absl::StatusOr<std::string> name = ProviderName(flags);
  if (!name.ok()) return name.status();
  settings.provider_name = *std::move(name);
  absl::StatusOr<std::optional<KbcParameter>> kbc = KbcFlag(flags);
  if (!kbc.ok()) return kbc.status();
  settings.unwrap.kbc = *std::move(kbc);
  settings.unwrap.aa_kbc_params = environment.aa_kbc_params;
  settings.unwrap.kbc_settings = KbcSettingsFrom(flags, environment);
  absl::StatusOr<KbsOptions> kbs = KbsOptionsFrom(flags);
  if (!kbs.ok()) return kbs.status();
  settings.unwrap.kbc_settings.kbs = *kbs;
  absl::StatusOr<std::optional<KbsRegistration>> registration = RegistrationFrom(flags, *kbs);
  if (!registration.ok()) return registration.status();
  settings.wrap.registration = *std::move(registration);
  return settings;
}

}  // namespace coco
