#include "src/cli/provider_command.h"

#include <errno.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "src/common/file_reader.h"
#include "src/kbc/kbc.h"

namespace coco {
namespace {

constexpr std::size_t kMaxRequestSize = 1 << 20;

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

std::optional<std::string> Getenv(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

absl::StatusOr<std::string> DefaultKbc(const ParsedFlags& flags,
                                       const ProviderEnvironment& environment) {
  if (std::optional<std::string> kbc = flags.Value("--kbc"); kbc.has_value()) {
    absl::StatusOr<std::string> name = KbcNameOf(*kbc);
    if (!name.ok()) return absl::InvalidArgumentError(absl::StrCat("--kbc: ", name.status().message()));
    return name;
  }
  if (environment.aa_kbc_params.has_value()) {
    absl::StatusOr<std::string> name = KbcNameOf(*environment.aa_kbc_params);
    if (!name.ok()) return absl::InvalidArgumentError(absl::StrCat("AA_KBC_PARAMS: ", name.status().message()));
    return name;
  }
  return std::string("offline_fs_kbc");
}

std::vector<std::string> KeysFiles(const ParsedFlags& flags, const ProviderEnvironment& environment) {
  std::vector<std::string> files = flags.Values("--keys-file");
  if (files.empty()) files = {std::string(kOfflineFsKeysFile), std::string(kOfflineFsResourcesFile)};
  if (environment.offline_fs_kbc_extra_files.has_value()) {
    for (absl::string_view extra :
         absl::StrSplit(*environment.offline_fs_kbc_extra_files, ',', absl::SkipEmpty())) {
      files.emplace_back(extra);
    }
  }
  return files;
}

absl::Status WriteAll(int fd, absl::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return absl::UnavailableError(std::strerror(errno));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Span<const Flag> ProviderFlags() { return kProviderFlags; }

ProviderEnvironment ReadProviderEnvironment() {
  return ProviderEnvironment{Getenv("AA_KBC_PARAMS"), Getenv("OFFLINE_FS_KBC_EXTRA_FILE_PATH")};
}

absl::StatusOr<ProviderSettings> ProviderSettingsFrom(const ParsedFlags& flags,
                                                      const ProviderEnvironment& environment) {
  if (!flags.positional().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument \"", flags.positional().front(),
                     "\" (the request comes on standard input)"));
  }
  ProviderSettings settings;
  if (std::optional<std::string> name = flags.Value("--provider-name"); name.has_value()) {
    if (name->empty()) return absl::InvalidArgumentError("--provider-name is empty");
    settings.provider_name = *std::move(name);
  }
  absl::StatusOr<std::string> kbc = DefaultKbc(flags, environment);
  if (!kbc.ok()) return kbc.status();
  settings.unwrap.default_kbc = *std::move(kbc);
  settings.unwrap.kbc.keys_files = KeysFiles(flags, environment);
  if (std::optional<std::string> sev = flags.Value("--sev-secret-path"); sev.has_value()) {
    settings.unwrap.kbc.sev_secret_path = *std::move(sev);
  }
  return settings;
}

absl::Status ServeOneRequest(const ProviderSettings& settings, int in_fd, int out_fd, int err_fd) {
  absl::StatusOr<SecretBytes> request = ReadAll(in_fd, kMaxRequestSize);
  if (!request.ok()) {
    return absl::Status(request.status().code(),
                        absl::StrCat("reading the request from standard input: ",
                                     request.status().message()));
  }
  std::vector<std::string> warnings;
  absl::StatusOr<SecretBytes> reply = HandleRequest(*std::move(request), settings, warnings);
  if (!reply.ok()) return reply.status();
  if (absl::Status written = WriteAll(out_fd, reply->view()); !written.ok()) {
    return absl::Status(written.code(),
                        absl::StrCat("writing the reply to standard output: ", written.message()));
  }
  for (const std::string& warning : warnings) {
    // A lost warning is not worth failing a request that succeeded.
    (void)WriteAll(err_fd, absl::StrCat("coco-keyprovider: warning: ", warning, "\n"));
  }
  return absl::OkStatus();
}

}  // namespace coco
