#include "src/cli/command_line.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "src/cli/flags.h"
#include "src/cli/inspect_command.h"
#include "src/cli/keys_command.h"
#include "src/cli/provider_command.h"
#include "src/cli/provider_settings.h"
#include "src/cli/usage_error.h"
#include "src/common/printable.h"

namespace coco {
namespace {

constexpr char kUsageHeader[] =
    "coco-keyprovider: the ocicrypt keyprovider of Confidential Containers, as a program.\n"
    "\n"
    "Usage: coco-keyprovider [FLAGS] < request.json\n"
    "       coco-keyprovider keys generate|export|add ...    keys files (see keys --help)\n"
    "       coco-keyprovider inspect [--json] DIR[:TAG]      an image's encryption (see inspect "
    "--help)\n"
    "\n"
    "ocicrypt (skopeo, buildah, containerd's ctr-enc) runs it once per layer when ocicrypt.conf\n"
    "names it under \"cmd\": one JSON request on standard input, one JSON reply on standard "
    "output.\n"
    "\n"
    "Flags (pass them through \"args\" in ocicrypt.conf):\n";

constexpr char kUsageFooter[] =
    "\n"
    "Encryption: --encryption-key provider:NAME:k1=v1::k2=v2 with\n"
    "  keyid=URI               KBS resource URI of the key, e.g. kbs:///default/key/key_id1\n"
    "  keypath=FILE            file holding the raw 32-byte key-encryption key\n"
    "  keyfile=FILE            or: a keys file holding it under keyid's <repo>/<type>/<tag>\n"
    "  algorithm=A256GCM       or A256CTR (default A256GCM)\n"
    "  sample=true             the public sample key (testing only); default false\n"
    "\n"
    "Decryption: --decryption-key provider:NAME:<kbc>::<kbs-uri>, e.g. offline_fs_kbc::null;\n"
    "KBCs: sample_kbc, offline_fs_kbc, offline_sev_kbc.\n"
    "\n"
    "Environment:\n"
    "  AA_KBC_PARAMS                   <kbc>::<kbs-uri>: the default KBC when --kbc is not given\n"
    "  OFFLINE_FS_KBC_EXTRA_FILE_PATH  comma-separated keys files, always added for "
    "offline_fs_kbc\n"
    "\n"
    "Exit status: 0 success, 1 failure (one line on standard error), 2 command-line misuse.\n";

void PrintError(absl::string_view message) {
  // One line, whatever the message holds: no line breaks, no terminal control sequences.
  std::string line = absl::StrCat(kProgramName, ": ", EscapeControlCharacters(message), "\n");
  (void)!write(STDERR_FILENO, line.data(), line.size());
}

// The commands after the program name; without one, the program is ocicrypt's provider.
struct NamedCommand {
  absl::string_view name;
  absl::Status (*run)(absl::Span<const char* const> args, int out_fd);
};

constexpr NamedCommand kCommands[] = {
    {"keys", RunKeysCommand},
    {"inspect", RunInspectCommand},
};

int ExitStatusOf(const absl::Status& status) {
  if (status.ok()) return 0;
  PrintError(status.message());
  return IsUsageError(status) ? kExitUsage : kExitFailure;
}

int ProviderMisuse(absl::string_view why) {
  PrintError(absl::StrCat("command line: ", why, " (see --help)"));
  return kExitUsage;
}

int PrintToStdout(absl::string_view text) {
  if (fwrite(text.data(), 1, text.size(), stdout) == text.size() && fflush(stdout) == 0) return 0;
  PrintError("writing to standard output failed");
  return kExitFailure;
}

}  // namespace

int RunCommandLine(int argc, const char* const* argv) {
  // A closed stdout must become an error message, not a silent death.
  signal(SIGPIPE, SIG_IGN);
  const absl::Span<const char* const> args = absl::MakeConstSpan(argv + 1, argc > 0 ? argc - 1 : 0);
  for (const NamedCommand& command : kCommands) {
    if (!args.empty() && args[0] == command.name) {
      return ExitStatusOf(command.run(args.subspan(1), STDOUT_FILENO));
    }
  }
  absl::StatusOr<ParsedFlags> flags = ParseFlags(ProviderFlags(), args);
  if (!flags.ok()) return ProviderMisuse(flags.status().message());
  if (flags->Has("--help")) {
    return PrintToStdout(absl::StrCat(kUsageHeader, FormatFlags(ProviderFlags()), kUsageFooter));
  }
  if (flags->Has("--version"))
    return PrintToStdout(absl::StrCat(kProgramName, " ", kVersion, "\n"));

  absl::StatusOr<ProviderSettings> settings =
      ProviderSettingsFrom(*flags, ReadProviderEnvironment());
  if (!settings.ok()) return ProviderMisuse(settings.status().message());
  return ExitStatusOf(ServeOneRequest(*settings, STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO));
}

}  // namespace coco
