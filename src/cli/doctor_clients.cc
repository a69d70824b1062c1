#include "src/cli/doctor_clients.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/types/span.h"
#include "src/common/child_process.h"
#include "src/common/file_descriptor.h"
#include "src/common/printable.h"

extern char** environ;

namespace coco {
namespace {

// A client of ocicrypt and the first release of it that can use a keyprovider.
struct Client {
  absl::Span<const absl::string_view> names;  // As found on PATH; Debian's own name after.
  ClientVersion first;                        // The first upstream release with keyproviders, as
                                              // --version prints it.
  absl::string_view first_why;                // Why that number.
  bool run_probe;                             // Whether the skopeo copy probe applies.
  absl::string_view fix;
};

constexpr absl::string_view kSkopeoNames[] = {"skopeo"};
constexpr absl::string_view kBuildahNames[] = {"buildah"};
constexpr absl::string_view kCtrEncNames[] = {"ctr-enc", "ctr-imgcrypt"};

// The first releases whose go.mod requires ocicrypt >= v1.1.0, the release that added
// keyproviders (containers/ocicrypt commit cabb320, "Implemented custom provider for keywrap
// through env config"; v1.0.3 has none):
//   skopeo v1.2.3 (2021-04-15, commit f15564f7): ocicrypt v1.1.1; v1.2.2 and older: v1.0.x.
//   buildah v1.20.0 (2021-03-25, commit 293e02ac): ocicrypt v1.1.0; v1.19.11 and older: v1.0.x.
//   imgcrypt v1.1.0 (2021-03-02, commit 07b58125): ocicrypt v1.1.0; v1.0.3 and older: v1.0.x.
//     ctr-enc --version prints the version of the containerd it vendors: v1.5.0-beta.1 there,
//     v1.3.0 in v1.0.3.
// Distributions build against their own ocicrypt instead (Debian's Built-Using): Debian 12's
// skopeo 1.9.3 and buildah 1.28.2 use golang-github-containers-ocicrypt 1.0.3, so their numbers
// pass and they still have no keyprovider. Hence a probe, which decides over the number.
constexpr Client kClients[] = {
    {kSkopeoNames,
     {1, 2, 3},
     "skopeo's first release with ocicrypt 1.1.0",
     true,
     "install skopeo >= 1.2.3 built with ocicrypt >= 1.1.0, as Debian 13 (trixie)'s is, or "
     "upstream's; Debian 12's 1.9.3 is built with ocicrypt 1.0.3, which has no keyprovider"},
    {kBuildahNames,
     {1, 20, 0},
     "buildah's first release with ocicrypt 1.1.0",
     false,
     "install buildah >= 1.20.0 built with ocicrypt >= 1.1.0, as Debian 13 (trixie)'s is, or "
     "upstream's; Debian 12's 1.28.2 is built with ocicrypt 1.0.3, which has no keyprovider"},
    {kCtrEncNames,
     {1, 5, 0},
     "the containerd version that imgcrypt 1.1.0, its first release with ocicrypt 1.1.0, prints",
     false,
     "install ctr-enc from imgcrypt >= 1.1.0: Debian 13 (trixie) has it as ctr-imgcrypt in "
     "package imgcrypt, or take upstream's"},
};

constexpr std::size_t kMaxOutput = 64 * 1024;
// How much of a client's line a result shows.
constexpr std::size_t kLineShown = 120;
// An encryption for a provider no config names, into a destination under a file: skopeo parses
// the keys before it opens any image, so an ocicrypt without keyproviders refuses the key, and one
// with them gets as far as the destination, which cannot be created. No image is read, nothing is
// written and no provider runs (doctor's environment for clients has no provider config).
constexpr absl::string_view kProbeArgs[] = {"--insecure-policy",
                                            "copy",
                                            "--encryption-key",
                                            "provider:coco-doctor-probe:x",
                                            "docker-archive:/dev/null/coco-doctor-probe.tar",
                                            "docker-archive:/dev/null/coco-doctor-probe.tar"};
// ocicrypt's answer to a protocol it does not know; skopeo prints it as "Invalid encryption keys:
// Provided protocol not recognized".
constexpr absl::string_view kUnknownProtocol = "Provided protocol not recognized";
constexpr absl::string_view kReachedDestination = "initializing destination";

constexpr absl::string_view kKeyproviderPackage =
    "github.com/containers/ocicrypt/keywrap/keyprovider";
constexpr absl::string_view kOcicryptPackage = "github.com/containers/ocicrypt/";
constexpr off_t kMaxProgramSize = off_t{1} << 30;
constexpr absl::string_view kElfMagic =
    "\x7f"
    "ELF";

bool ConsumeNumber(absl::string_view& text, int& number) {
  std::size_t digits = 0;
  while (digits < text.size() && digits < 9 && absl::ascii_isdigit(text[digits])) ++digits;
  if (digits == 0 || !absl::SimpleAtoi(text.substr(0, digits), &number)) return false;
  text.remove_prefix(digits);
  return true;
}

bool ConsumeDot(absl::string_view& text) { return absl::ConsumePrefix(&text, "."); }

std::optional<ClientVersion> ParseToken(absl::string_view token) {
  absl::ConsumePrefix(&token, "v");
  ClientVersion version;
  if (!ConsumeNumber(token, version.major) || !ConsumeDot(token) ||
      !ConsumeNumber(token, version.minor)) {
    return std::nullopt;
  }
  if (ConsumeDot(token) && !ConsumeNumber(token, version.patch)) return std::nullopt;
  return version;
}

std::string ToString(const ClientVersion& version) {
  return absl::StrCat(version.major, ".", version.minor, ".", version.patch);
}

absl::string_view FirstLine(absl::string_view text) {
  return text.substr(0, std::min(text.find('\n'), text.size()));
}

// The line of `text` holding `phrase`, or its logrus message (msg="...") when it is one.
absl::string_view MessageWith(absl::string_view text, absl::string_view phrase) {
  const std::size_t at = text.find(phrase);
  const std::size_t start = text.rfind('\n', at);
  absl::string_view line = FirstLine(text.substr(start == absl::string_view::npos ? 0 : start + 1));
  if (const std::size_t message = line.find("msg=\""); message != absl::string_view::npos) {
    line.remove_prefix(message + 5);
    absl::ConsumeSuffix(&line, "\"");
  }
  return line;
}

std::optional<std::string> FindOnPath(absl::string_view path_variable, absl::string_view name) {
  if (path_variable.empty()) return std::nullopt;
  for (absl::string_view folder : absl::StrSplit(path_variable, ':')) {
    const std::string candidate = absl::StrCat(folder.empty() ? "." : folder, "/", name);
    struct stat seen;
    if (stat(candidate.c_str(), &seen) == 0 && S_ISREG(seen.st_mode) &&
        access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return std::nullopt;
}

// What --version said: the number, and its version line (or why there is none) to show.
struct VersionSeen {
  std::optional<ClientVersion> number;
  std::string shown;
};

std::string Seconds(absl::Duration timeout) {
  return absl::StrCat(absl::ToDoubleSeconds(timeout), " s");
}

// Why a run of a client (`what`: "--version", "the probe") tells nothing, whatever it printed:
// cut off at the deadline or the bound (a cut answer may lack the words that decide), or killed.
std::optional<std::string> RunFailure(absl::string_view what, const ChildOutput& run,
                                      absl::Duration timeout) {
  if (run.timed_out) return absl::StrCat(what, " did not end within ", Seconds(timeout));
  if (run.truncated) return absl::StrCat(what, " printed more than ", kMaxOutput / 1024, " KiB");
  if (run.signal != 0) return absl::StrCat(what, " was killed by signal ", run.signal);
  return std::nullopt;
}

// The line of --version's output that says the version: the first whose first word is one of the
// client's names, or "ctr" (ctr-enc and Debian's ctr-imgcrypt print containerd's name for it), as
// a warning may come before it on the merged outputs.
std::optional<absl::string_view> VersionLine(absl::string_view output, const Client& client) {
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    const absl::string_view word = line.substr(0, line.find(' '));
    if (word == "ctr" ||
        std::find(client.names.begin(), client.names.end(), word) != client.names.end()) {
      return line;
    }
  }
  return std::nullopt;
}

VersionSeen RunVersion(const Client& client, const std::string& path, const ClientsInput& input) {
  absl::StatusOr<ChildOutput> run =
      RunChild({path, "--version"}, input.environment, input.timeout, kMaxOutput);
  if (!run.ok()) return {std::nullopt, std::string(run.status().message())};
  if (std::optional<std::string> failed = RunFailure("--version", *run, input.timeout)) {
    return {std::nullopt, *std::move(failed)};
  }
  const std::optional<absl::string_view> line = VersionLine(run->output, client);
  std::optional<ClientVersion> number =
      run->exit_code == 0 && line.has_value() ? ParseClientVersion(*line) : std::nullopt;
  if (!number.has_value()) {
    return {std::nullopt, absl::StrCat("--version exited ", run->exit_code, " with no version: \"",
                                       Shortened(FirstLine(run->output), kLineShown), "\"")};
  }
  return {number, Shortened(*line, kLineShown)};
}

KeyproviderProbe RunSkopeoProbe(const std::string& path, const ClientsInput& input) {
  std::vector<std::string> argv = {path};
  for (absl::string_view arg : kProbeArgs) argv.emplace_back(arg);
  absl::StatusOr<ChildOutput> run = RunChild(argv, input.environment, input.timeout, kMaxOutput);
  if (!run.ok()) return {KeyproviderProbe::kUnknown, std::string(run.status().message())};
  if (std::optional<std::string> failed = RunFailure("the probe", *run, input.timeout)) {
    return {KeyproviderProbe::kUnknown, *std::move(failed)};
  }
  if (absl::StrContains(run->output, kUnknownProtocol)) {
    return {KeyproviderProbe::kMissing,
            absl::StrCat("it refuses provider: keys (\"",
                         Shortened(MessageWith(run->output, kUnknownProtocol), 160), "\")")};
  }
  if (absl::StrContains(absl::AsciiStrToLower(run->output), kReachedDestination)) {
    return {KeyproviderProbe::kSupported, "it accepts provider: keys"};
  }
  return {KeyproviderProbe::kUnknown,
          absl::StrCat("the probe's answer says neither: \"",
                       Shortened(FirstLine(run->output), kLineShown), "\"")};
}

struct PackagesSeen {
  bool ocicrypt = false;
  bool keyprovider = false;
  bool whole = false;  // Read to its end: what was not seen is not there.
};

// read(), again when a signal interrupts it.
ssize_t ReadSome(int fd, char* buffer, std::size_t size) {
  ssize_t n;
  do {
    n = read(fd, buffer, size);
  } while (n < 0 && errno == EINTR);
  return n;
}

// Reads up to kMaxProgramSize of `fd`, a chunk at a time, for the two package paths, until the
// keyprovider package, the end, an error or the bound.
PackagesSeen ScanFor(int fd) {
  PackagesSeen seen;
  std::string window;
  char chunk[1 << 16];
  for (off_t total = 0; !seen.keyprovider && total < kMaxProgramSize;) {
    const ssize_t n = ReadSome(fd, chunk, sizeof(chunk));
    if (n <= 0) {
      seen.whole = n == 0;
      break;
    }
    total += n;
    window.append(chunk, n);
    seen.ocicrypt = seen.ocicrypt || absl::StrContains(window, kOcicryptPackage);
    seen.keyprovider = absl::StrContains(window, kKeyproviderPackage);
    // Keep what a match across the next boundary needs.
    window.erase(0, window.size() - std::min(window.size(), kKeyproviderPackage.size() - 1));
  }
  return seen;
}

KeyproviderProbe Probe(const Client& client, const std::string& path, const ClientsInput& input) {
  std::vector<std::string> unknown;
  if (client.run_probe) {
    KeyproviderProbe run = RunSkopeoProbe(path, input);
    if (run.verdict != KeyproviderProbe::kUnknown) return run;
    unknown.push_back(std::move(run.seen));
  }
  KeyproviderProbe file = ScanProgramFile(path);
  if (file.verdict != KeyproviderProbe::kUnknown) return file;
  unknown.push_back(std::move(file.seen));
  return {KeyproviderProbe::kUnknown, absl::StrJoin(unknown, "; ")};
}

CheckResult Judge(const Client& client, absl::string_view name, const std::string& path,
                  const VersionSeen& version, const KeyproviderProbe& probe) {
  const std::string check = absl::StrCat(name, " supports keyproviders");
  std::string detail = absl::StrCat(Shown(path), ": ", version.shown);
  const std::string first = absl::StrCat(ToString(client.first), ", ", client.first_why);
  const bool old_number = version.number.has_value() && *version.number < client.first;
  switch (probe.verdict) {
    case KeyproviderProbe::kSupported:
      absl::StrAppend(&detail, "; ", probe.seen);
      if (old_number) {
        absl::StrAppend(&detail, "; its version is below ", first, ", but the probe decides");
      }
      return Passed(check, std::move(detail));
    case KeyproviderProbe::kMissing:
      absl::StrAppend(&detail, "; ", probe.seen, ": its ocicrypt predates keyproviders");
      if (version.number.has_value() && !old_number) {
        absl::StrAppend(&detail, "; its version alone would pass (>= ", first,
                        "), but it was built with an older ocicrypt, and the probe decides");
      }
      break;
    case KeyproviderProbe::kUnknown:
      if (!version.number.has_value()) {
        absl::StrAppend(&detail, "; and the probe could not tell either: ", probe.seen);
      } else if (old_number) {
        absl::StrAppend(&detail, "; below ", first, " (not probed: ", probe.seen, ")");
      } else {
        absl::StrAppend(&detail, "; >= ", first, "; but not probed (", probe.seen,
                        "), and a distribution's build may still use an older ocicrypt");
        return Passed(check, std::move(detail));
      }
      break;
  }
  return Failed(check, std::move(detail), std::string(client.fix));
}

void CheckClient(const Client& client, const ClientsInput& input,
                 std::vector<CheckResult>& results) {
  bool found = false;
  for (absl::string_view name : client.names) {
    std::optional<std::string> path = FindOnPath(input.path_variable, name);
    if (!path.has_value()) continue;
    found = true;
    results.push_back(
        Judge(client, name, *path, RunVersion(client, *path, input), Probe(client, *path, input)));
  }
  if (found) return;
  results.push_back(Passed(
      absl::StrCat(client.names[0], " is not installed"),
      absl::StrCat("no ", absl::StrJoin(client.names, " or "), " on PATH: nothing to check")));
}

}  // namespace

std::optional<ClientVersion> ParseClientVersion(absl::string_view output) {
  for (absl::string_view token : absl::StrSplit(FirstLine(output), absl::ByAnyChar(" \t\r"))) {
    if (std::optional<ClientVersion> version = ParseToken(token); version.has_value()) {
      return version;
    }
  }
  return std::nullopt;
}

KeyproviderProbe ScanProgramFile(absl::string_view path) {
  const std::string name(path);
  FileDescriptor fd(open(name.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) {
    return {KeyproviderProbe::kUnknown,
            absl::StrCat("its file cannot be read: ", std::strerror(errno))};
  }
  char magic[4] = {};
  if (ReadSome(fd.get(), magic, sizeof(magic)) != sizeof(magic) ||
      absl::string_view(magic, sizeof(magic)) != kElfMagic) {
    return {KeyproviderProbe::kUnknown,
            "its file is not a program but a script or wrapper, so its ocicrypt cannot be seen"};
  }
  const PackagesSeen seen = ScanFor(fd.get());
  if (seen.keyprovider) return {KeyproviderProbe::kSupported, "its ocicrypt has keyproviders"};
  // What was not read may hold the keyprovider package: only a whole file tells it is missing.
  if (!seen.whole) return {KeyproviderProbe::kUnknown, "its file could not be read whole"};
  if (seen.ocicrypt) {
    return {KeyproviderProbe::kMissing,
            "its program links ocicrypt without its keyprovider package"};
  }
  return {KeyproviderProbe::kUnknown, "its program names no ocicrypt"};
}

ClientsInput ClientsInputFromEnvironment() {
  ClientsInput input;
  if (const char* path = std::getenv("PATH"); path != nullptr) input.path_variable = path;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (!absl::StartsWith(*entry, "OCICRYPT_KEYPROVIDER_CONFIG=")) {
      input.environment.emplace_back(*entry);
    }
  }
  return input;
}

std::vector<CheckResult> CheckClients(const ClientsInput& input) {
  std::vector<CheckResult> results;
  for (const Client& client : kClients) CheckClient(client, input, results);
  return results;
}

}  // namespace coco
