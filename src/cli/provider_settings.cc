#include "src/cli/provider_settings.h"

#include <cstdlib>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "src/common/status_context.h"
#include "src/kbc/kbc.h"

namespace coco {
namespace {

constexpr Flag kProviderFlags[] = {
    {"--provider-name", "NAME", false,
     "the provider's NAME in ocicrypt.conf (default attestation-agent)"},
    {"--kbc", "KBC", false,
     "KBC for keyunwrap when the request names none: sample_kbc, offline_fs_kbc or "
     "offline_sev_kbc (default: AA_KBC_PARAMS, else offline_fs_kbc)"},
    {"--keys-file", "PATH", true,
     "offline_fs_kbc keys file, replacing the defaults /etc/aa-offline_fs_kbc-keys.json and "
     "/etc/aa-offline_fs_kbc-resources.json"},
    {"--sev-secret-path", "PATH", false,
     "offline_sev_kbc keys file (default "
     "/sys/kernel/security/secrets/coco/e6f5a162-d67f-4750-a67c-5d065f2a9910)"},
    {"--help", "", false, "show this help and exit"},
    {"--version", "", false, "show the version and exit"},
};

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
  if (name->empty()) return absl::InvalidArgumentError("--provider-name is empty");
  for (absl::string_view reserved : kOcicryptParameterNames) {
    if (*name == reserved) {
      return absl::InvalidArgumentError(
          absl::StrCat("--provider-name ", reserved, " is one of ocicrypt's own parameter names"));
    }
  }
  return *std::move(name);
}

absl::StatusOr<std::optional<std::string>> KbcFlag(const ParsedFlags& flags) {
  std::optional<std::string> kbc = flags.Value("--kbc");
  if (!kbc.has_value()) return std::nullopt;
  absl::StatusOr<std::string> name = KbcNameOf(*kbc);
  if (!name.ok()) return WithContext("--kbc", name.status());
  if (absl::Status supported = CheckKbcSupported(*name); !supported.ok()) {
    return WithContext("--kbc", supported);
  }
  return std::optional<std::string>(*std::move(name));
}

absl::StatusOr<std::string> NonEmptyPath(const std::string& flag, std::string path) {
  if (path.empty()) return absl::InvalidArgumentError(absl::StrCat(flag, " is empty"));
  return path;
}

absl::StatusOr<KbcSettings> KbcSettingsFrom(const ParsedFlags& flags,
                                            const ProviderEnvironment& environment) {
  KbcSettings settings;
  std::vector<std::string> keys_files = flags.Values("--keys-file");
  if (!keys_files.empty()) settings.keys_files.clear();
  for (std::string& file : keys_files) {
    absl::StatusOr<std::string> path = NonEmptyPath("--keys-file", std::move(file));
    if (!path.ok()) return path.status();
    settings.keys_files.push_back(*std::move(path));
  }
  if (environment.offline_fs_kbc_extra_files.has_value()) {
    for (absl::string_view extra :
         absl::StrSplit(*environment.offline_fs_kbc_extra_files, ',', absl::SkipEmpty())) {
      settings.keys_files.emplace_back(extra);
    }
  }
  if (std::optional<std::string> sev = flags.Value("--sev-secret-path"); sev.has_value()) {
    absl::StatusOr<std::string> path = NonEmptyPath("--sev-secret-path", *std::move(sev));
    if (!path.ok()) return path.status();
    settings.sev_secret_path = *std::move(path);
  }
  return settings;
}

}  // namespace

absl::Span<const Flag> ProviderFlags() { return kProviderFlags; }

ProviderEnvironment ReadProviderEnvironment() {
  return ProviderEnvironment{Getenv("AA_KBC_PARAMS"), Getenv("OFFLINE_FS_KBC_EXTRA_FILE_PATH")};
}

absl::StatusOr<ProviderSettings> ProviderSettingsFrom(const ParsedFlags& flags,
                                                      const ProviderEnvironment& environment) {
  if (!flags.positional().empty()) {
    return absl::InvalidArgumentError(absl::StrCat("unexpected argument \"",
                                                   flags.positional().front(),
                                                   "\" (the request comes on standard input)"));
  }
  ProviderSettings settings;
  absl::StatusOr<std::string> name = ProviderName(flags);
  if (!name.ok()) return name.status();
  settings.provider_name = *std::move(name);
  absl::StatusOr<std::optional<std::string>> kbc = KbcFlag(flags);
  if (!kbc.ok()) return kbc.status();
  settings.unwrap.kbc = *std::move(kbc);
  settings.unwrap.aa_kbc_params = environment.aa_kbc_params;
  absl::StatusOr<KbcSettings> kbc_settings = KbcSettingsFrom(flags, environment);
  if (!kbc_settings.ok()) return kbc_settings.status();
  settings.unwrap.kbc_settings = *std::move(kbc_settings);
  return settings;
}

}  // namespace coco
