#include "src/cli/doctor_command.h"

#include <stdlib.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/cli/doctor_checks.h"
#include "src/cli/doctor_clients.h"
#include "src/cli/doctor_kbs.h"
#include "src/cli/doctor_result.h"
#include "src/cli/flags.h"
#include "src/cli/kbs_flags.h"
#include "src/cli/usage_error.h"

namespace coco {
namespace {

// The help names the default; the assertion keeps the two together.
static_assert(kDoctorKbsTimeoutSeconds == 10, "--kbs-timeout's help names the default, 10");

constexpr Flag kDoctorFlags[] = {
    Flag::Value("--config", "FILE",
                "check this ocicrypt.conf instead of the one OCICRYPT_KEYPROVIDER_CONFIG names")
        .NonEmpty(),
    Flag::Value("--key", "PARAMS",
                "also check the key PARAMS name, as in --encryption-key provider:NAME:PARAMS")
        .Repeatable()
        .NonEmpty(),
    Flag::Switch("--json", "print one JSON document, for scripts"),
    // A KBS without a config: the provider's flag names, with doctor's meaning.
    Flag::Value("--kbs", "URL",
                "check this KBS instead of the setup: the connection is protected, its "
                "certificate verifies, a KBS answers (not with --config or --key)")
        .NonEmpty(),
    Flag::Value("--kbs-admin-key", "PEM",
                "with --kbs: also check this admin key (absolute, private, Ed25519 PKCS#8 PEM)")
        .NonEmpty(),
    kKbsCertFlag,
    Flag::Value("--kbs-timeout", "SECONDS", "with --kbs: give up on the KBS after this long (10)")
        .NonEmpty(),
    kHelpFlag,
};

// --kbs checks one KBS and nothing else; its companions mean nothing without it.
absl::Status CheckKbsUsage(const ParsedFlags& flags) {
  const bool kbs = flags.Has("--kbs");
  for (absl::string_view setup : {"--config", "--key"}) {
    if (kbs && flags.Has(setup)) {
      return UsageError(absl::StrCat("--kbs checks a KBS alone: not with ", setup));
    }
  }
  for (absl::string_view companion : {"--kbs-admin-key", "--kbs-cert", "--kbs-timeout"}) {
    if (!kbs && flags.Has(companion)) {
      return UsageError(absl::StrCat(companion, " needs --kbs URL"));
    }
  }
  return absl::OkStatus();
}

// The running binary, as ocicrypt.conf should name it.
std::string ThisProgram() {
  char* resolved = realpath("/proc/self/exe", nullptr);
  if (resolved == nullptr) return "/proc/self/exe";
  std::string path(resolved);
  free(resolved);
  return path;
}

// The setup's input: the config --config or OCICRYPT_KEYPROVIDER_CONFIG names, this program,
// the --key PARAMS.
DoctorInput SetupInput(const ParsedFlags& flags) {
  DoctorInput input;
  input.this_program = ThisProgram();
  input.params = flags.Values("--key");
  input.check_kbs = CheckProviderKbs;
  if (std::optional<std::string> config = flags.Value("--config"); config.has_value()) {
    input.config_path = *config;
    input.config_from_flag = true;
  } else if (const char* variable = std::getenv("OCICRYPT_KEYPROVIDER_CONFIG");
             variable != nullptr && *variable != '\0') {
    input.config_path = std::string(variable);
  }
  return input;
}

absl::Status Doctor(const ParsedFlags& flags, const CommandStreams& streams) {
  if (absl::Status usage = CheckKbsUsage(flags); !usage.ok()) return usage;
  const std::optional<KbsCheckInput> kbs = KbsCheckInputFrom(flags, /*of_provider=*/false);
  std::vector<CheckResult> results;
  if (kbs.has_value()) {
    results = CheckKbs(*kbs);
  } else {
    results = CheckSetup(SetupInput(flags));
    for (CheckResult& client : CheckClients(ClientsInputFromEnvironment())) {
      results.push_back(std::move(client));
    }
  }
  if (absl::Status written =
          WriteOutput(streams.out, flags.Has("--json") ? FormatJson(results) : FormatText(results));
      !written.ok()) {
    return written;
  }
  std::size_t failed = 0;
  for (const CheckResult& result : results) failed += result.ok ? 0 : 1;
  if (failed == 0) return absl::OkStatus();
  // The report is the answer; the error line only says that something needs fixing.
  return absl::FailedPreconditionError(
      absl::StrCat(failed, " of ", results.size(), " checks failed (see each fix above)"));
}

}  // namespace

const Command kDoctorCommand = {
    "doctor",
    "check the setup that makes ocicrypt run this program, with a fix for each problem",
    "Checks what, when wrong, makes skopeo, buildah and ctr-enc encrypt nothing or fail with a\n"
    "cryptic error: OCICRYPT_KEYPROVIDER_CONFIG is set, the file parses, an entry runs this\n"
    "program (named attestation-agent, path and args under \"cmd\", an absolute executable path,\n"
    "args this version parses), and with --key, that the key file PARAMS name is absolute,\n"
    "private and holds the kid's key. When the args name --kbs: the admin key (absolute,\n"
    "private, Ed25519), the --kbs-cert file, that the connection is protected (https, or http on\n"
    "loopback), that the KBS's certificate verifies, and that a KBS answers a read without\n"
    "credentials. Then, that skopeo, buildah and ctr-enc on PATH support keyproviders (by\n"
    "version and a probe; one not installed is noted). --kbs URL checks one KBS alone, without a\n"
    "config. Each failure comes with its fix; the exit status is 1 when any check fails. Keys\n"
    "are never printed.\n",
    kDoctorFlags,
    {},
    Doctor};

}  // namespace coco
