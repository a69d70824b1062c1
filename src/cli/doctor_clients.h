#ifndef COCO_KEYPROVIDER_CLI_DOCTOR_CLIENTS_H_
#define COCO_KEYPROVIDER_CLI_DOCTOR_CLIENTS_H_

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "src/cli/doctor_result.h"

namespace coco {

// A client's version as its --version prints it; what follows the numbers ("-beta.1+unknown") is
// ignored.
struct ClientVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;

  bool operator<(const ClientVersion& other) const {
    return std::tie(major, minor, patch) < std::tie(other.major, other.minor, other.patch);
  }
};

// The first version number on the first line of `output`, a client's version line: skopeo's
// "skopeo version 1.9.3", buildah's "buildah version 1.28.2 (image-spec 1.1.0-rc2, ...)", ctr-enc's
// "ctr-enc github.com/containerd/containerd 1.5.0-beta.1+unknown". nullopt when there is none.
std::optional<ClientVersion> ParseClientVersion(absl::string_view output);

// What a probe learnt about a client's ocicrypt, and from what (for the check's detail).
struct KeyproviderProbe {
  enum Verdict { kUnknown, kSupported, kMissing };
  Verdict verdict = kUnknown;
  std::string seen;
};

// Whether the program file at `path` holds ocicrypt's keyprovider package: a Go program keeps
// every package path it links in its symbol table, stripped or not. kUnknown for a file that is
// not ELF (a wrapper script) or names no ocicrypt at all.
KeyproviderProbe ScanProgramFile(absl::string_view path);

struct ClientsInput {
  std::string path_variable;                  // PATH, where the clients are looked up.
  std::vector<std::string> environment;       // What each client runs with.
  absl::Duration timeout = absl::Seconds(5);  // For each run of a client.
};

// This process's PATH and environment, without OCICRYPT_KEYPROVIDER_CONFIG: a probe must never
// run a provider (one with --kbs would register keys).
ClientsInput ClientsInputFromEnvironment();

// One check for each of skopeo, buildah and ctr-enc (or Debian's ctr-imgcrypt) on PATH: that it
// supports keyproviders, by its version and a probe of its ocicrypt; the probe decides when the
// two disagree, as Debian builds clients against its own older ocicrypt. A run cut off (at the
// timeout or at 64 KiB of output) or killed by a signal tells nothing. A client that is not on
// PATH is noted in a passing line. Nothing is written anywhere; no image, registry or network.
std::vector<CheckResult> CheckClients(const ClientsInput& input);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_DOCTOR_CLIENTS_H_
