#include "src/cli/doctor_clients.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::FreshFolder;
using test_support::WriteTempFile;

TEST(ParseClientVersionTest, WhatEachClientPrints) {
  const struct {
    std::string output;
    int major, minor, patch;
  } cases[] = {
      {"skopeo version 1.9.3\n", 1, 9, 3},
      {"skopeo version 1.18.0 commit: 0123abc\n", 1, 18, 0},
      {"buildah version 1.28.2 (image-spec 1.1.0-rc2, runtime-spec 1.0.2-dev)\n", 1, 28, 2},
      {"ctr github.com/containerd/containerd 1.7.24+unknown\n", 1, 7, 24},
      {"ctr-enc github.com/containerd/containerd v1.5.0-beta.1+unknown", 1, 5, 0},
      {"ctr-enc github.com/containerd/containerd/v2 2.0.0", 2, 0, 0},
      {"tool 2.1", 2, 1, 0},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.output);
    std::optional<ClientVersion> version = ParseClientVersion(c.output);
    ASSERT_TRUE(version.has_value());
    EXPECT_EQ(version->major, c.major);
    EXPECT_EQ(version->minor, c.minor);
    EXPECT_EQ(version->patch, c.patch);
  }
}

TEST(ParseClientVersionTest, NoVersion) {
  for (const std::string output :
       {"", "skopeo version unknown", "skopeo\n1.2.3", "version 1.", "version .5.3", "a1.2.3",
        "version 1.2.x3", "version 1234567890.1"}) {
    EXPECT_FALSE(ParseClientVersion(output).has_value()) << output;
  }
}

TEST(ParseClientVersionTest, TheOrder) {
  EXPECT_TRUE((ClientVersion{1, 9, 3} < ClientVersion{1, 18, 0}));
  EXPECT_TRUE((ClientVersion{1, 2, 2} < ClientVersion{1, 2, 3}));
  EXPECT_FALSE((ClientVersion{1, 2, 3} < ClientVersion{1, 2, 3}));
  EXPECT_FALSE((ClientVersion{2, 0, 0} < ClientVersion{1, 99, 99}));
}

// A file that starts as an ELF program, with `text` at `offset`.
std::string FakeProgram(absl::string_view name, std::size_t offset, absl::string_view text) {
  std::string contents =
      "\x7f"
      "ELF";
  contents.resize(offset, '\0');
  absl::StrAppend(&contents, text, std::string(100, '\0'));
  return WriteTempFile(name, contents);
}

TEST(ScanProgramFileTest, WhatAProgramLinks) {
  // Across the boundary of the 64 KiB chunks the scan reads.
  EXPECT_EQ(ScanProgramFile(FakeProgram("new", 65536 - 20,
                                        "github.com/containers/ocicrypt/keywrap/keyprovider.init"))
                .verdict,
            KeyproviderProbe::kSupported);
  EXPECT_EQ(
      ScanProgramFile(FakeProgram("old", 200000, "github.com/containers/ocicrypt/keywrap/jwe.init"))
          .verdict,
      KeyproviderProbe::kMissing);
  EXPECT_EQ(ScanProgramFile(FakeProgram("no-ocicrypt", 100, "main.main")).verdict,
            KeyproviderProbe::kUnknown);
  const KeyproviderProbe script = ScanProgramFile(
      WriteTempFile("script", "#!/bin/sh\n# github.com/containers/ocicrypt/keywrap/keyprovider\n"));
  EXPECT_EQ(script.verdict, KeyproviderProbe::kUnknown);
  EXPECT_NE(script.seen.find("script"), std::string::npos) << script.seen;
  // Past the 1 GiB the scan reads: what it did not read may hold the keyprovider package.
  const std::string huge = FakeProgram("huge", 100, "github.com/containers/ocicrypt/keywrap/jwe");
  ASSERT_EQ(truncate(huge.c_str(), (off_t{1} << 30) + 4096), 0);
  const KeyproviderProbe unread = ScanProgramFile(huge);
  EXPECT_EQ(unread.verdict, KeyproviderProbe::kUnknown);
  EXPECT_EQ(unread.seen, "its file could not be read whole");
  unlink(huge.c_str());
  const KeyproviderProbe missing = ScanProgramFile("/nonexistent/skopeo");
  EXPECT_EQ(missing.verdict, KeyproviderProbe::kUnknown);
  EXPECT_EQ(missing.seen, "its file cannot be read: No such file or directory");
}

// A folder for PATH with fake clients: shell scripts that answer --version and skopeo's probe.
class FakeClients {
 public:
  explicit FakeClients(absl::string_view name) : name_(name), folder_(FreshFolder(name)) {}

  void Add(absl::string_view name, absl::string_view version_script,
           absl::string_view probe_script = "exit 1") {
    const std::string path =
        WriteTempFile(absl::StrCat(name_, "/", name),
                      absl::StrCat("#!/bin/sh\nif [ \"$1\" = --version ]; then\n", version_script,
                                   "\nexit\nfi\n", probe_script, "\n"));
    chmod(path.c_str(), 0755);
  }

  ClientsInput Input(absl::Duration timeout = absl::Seconds(5)) const {
    ClientsInput input;
    input.path_variable = absl::StrCat("/nonexistent:", folder_);
    input.environment = {"PATH=/usr/bin:/bin"};
    input.timeout = timeout;
    return input;
  }

 private:
  std::string name_;
  std::string folder_;
};

// skopeo's own words (logrus lines on standard error, exit 1), as Debian 12's and 13's print them.
constexpr char kRefused[] =
    "echo 'time=\"2026-12-02T01:57:00Z\" level=fatal msg=\"Invalid encryption keys: Provided "
    "protocol not recognized\"' >&2; exit 1";
constexpr char kAccepted[] =
    "echo 'time=\"2026-12-02T01:57:00Z\" level=fatal msg=\"initializing destination "
    "docker-archive:/dev/null/coco-doctor-probe.tar: opening file: not a directory\"' >&2; exit 1";

const CheckResult* Find(const std::vector<CheckResult>& results, absl::string_view check) {
  for (const CheckResult& result : results) {
    if (result.check == check) return &result;
  }
  ADD_FAILURE() << "no check " << check;
  return nullptr;
}

TEST(CheckClientsTest, NoneInstalledIsNotedNotFailed) {
  FakeClients clients("none");
  ClientsInput input = clients.Input();
  for (const std::string& path : {input.path_variable, std::string()}) {
    input.path_variable = path;
    const std::vector<CheckResult> results = CheckClients(input);
    ASSERT_EQ(results.size(), 3u);
    EXPECT_EQ(results[0].check, "skopeo is not installed");
    EXPECT_EQ(results[1].check, "buildah is not installed");
    EXPECT_EQ(results[2].check, "ctr-enc is not installed");
    EXPECT_EQ(results[2].detail, "no ctr-enc or ctr-imgcrypt on PATH: nothing to check");
    for (const CheckResult& result : results) EXPECT_TRUE(result.ok) << result.check;
  }
}

TEST(CheckClientsTest, Debian12sSkopeoFailsWithTheFixThoughItsNumberPasses) {
  FakeClients clients("debian12");
  clients.Add("skopeo", "echo 'skopeo version 1.9.3'; exit 0", kRefused);
  const std::vector<CheckResult> results = CheckClients(clients.Input());
  const CheckResult* skopeo = Find(results, "skopeo supports keyproviders");
  ASSERT_NE(skopeo, nullptr);
  EXPECT_FALSE(skopeo->ok);
  EXPECT_TRUE(absl::StrContains(
      skopeo->detail,
      ": skopeo version 1.9.3; it refuses provider: keys (\"Invalid encryption keys: Provided "
      "protocol not recognized\"): its ocicrypt predates keyproviders; its version alone would "
      "pass (>= 1.2.3, skopeo's first release with ocicrypt 1.1.0), but it was built with an "
      "older ocicrypt, and the probe decides"))
      << skopeo->detail;
  EXPECT_EQ(skopeo->fix,
            "install skopeo >= 1.2.3 built with ocicrypt >= 1.1.0, as Debian 13 (trixie)'s is, or "
            "upstream's; Debian 12's 1.9.3 is built with ocicrypt 1.0.3, which has no keyprovider");
}

TEST(CheckClientsTest, Debian13sSkopeoPasses) {
  FakeClients clients("debian13");
  clients.Add("skopeo", "echo 'skopeo version 1.18.0'; exit 0", kAccepted);
  const std::vector<CheckResult> results = CheckClients(clients.Input());
  const CheckResult* skopeo = Find(results, "skopeo supports keyproviders");
  ASSERT_NE(skopeo, nullptr);
  EXPECT_TRUE(skopeo->ok);
  EXPECT_TRUE(absl::EndsWith(skopeo->detail, ": skopeo version 1.18.0; it accepts provider: keys"))
      << skopeo->detail;
}

TEST(CheckClientsTest, TheProbeRunsWithTheProbeArguments) {
  FakeClients clients("arguments");
  clients.Add("skopeo", "echo 'skopeo version 1.18.0'; exit 0",
              "[ \"$*\" = '--insecure-policy copy --encryption-key provider:coco-doctor-probe:x "
              "docker-archive:/dev/null/coco-doctor-probe.tar "
              "docker-archive:/dev/null/coco-doctor-probe.tar' ] || exit 1\n"
              "echo 'Error: initializing destination: no'; exit 1");
  const std::vector<CheckResult> results = CheckClients(clients.Input());
  const CheckResult* skopeo = Find(results, "skopeo supports keyproviders");
  ASSERT_NE(skopeo, nullptr);
  EXPECT_TRUE(skopeo->ok) << skopeo->detail;
}

TEST(CheckClientsTest, TheProbeDecidesOverAnOldNumber) {
  FakeClients clients("old-number");
  clients.Add("skopeo", "echo 'skopeo version 1.1.0'; exit 0", kAccepted);
  const std::vector<CheckResult> results = CheckClients(clients.Input());
  const CheckResult* skopeo = Find(results, "skopeo supports keyproviders");
  ASSERT_NE(skopeo, nullptr);
  EXPECT_TRUE(skopeo->ok);
  EXPECT_TRUE(absl::EndsWith(skopeo->detail,
                             "; its version is below 1.2.3, skopeo's first release with ocicrypt "
                             "1.1.0, but the probe decides"))
      << skopeo->detail;
}

// A probe that tells nothing (a script, not a program file, for the file scan): the number
// decides.
TEST(CheckClientsTest, WithoutAnAnswerTheNumberDecides) {
  FakeClients clients("numbers");
  clients.Add("skopeo", "echo 'skopeo version 1.2.2'; exit 0", "echo 'unknown command'; exit 1");
  clients.Add("buildah", "echo 'buildah version 1.39.3 (image-spec 1.1.0, runtime-spec 1.2.0)'");
  clients.Add("ctr-imgcrypt", "echo 'ctr github.com/containerd/containerd 1.3.0'");
  const std::vector<CheckResult> results = CheckClients(clients.Input());
  ASSERT_EQ(results.size(), 3u);
  EXPECT_FALSE(results[0].ok);
  EXPECT_TRUE(absl::StrContains(results[0].detail,
                                "skopeo version 1.2.2; below 1.2.3, skopeo's first release with "
                                "ocicrypt 1.1.0 (not probed: the probe's answer says neither: "
                                "\"unknown command\"; its file is not a program but a script"))
      << results[0].detail;
  EXPECT_EQ(results[1].check, "buildah supports keyproviders");
  EXPECT_TRUE(results[1].ok);
  EXPECT_TRUE(absl::StrContains(results[1].detail,
                                "; >= 1.20.0, buildah's first release with ocicrypt 1.1.0; but not "
                                "probed"))
      << results[1].detail;
  EXPECT_EQ(results[2].check, "ctr-imgcrypt supports keyproviders");
  EXPECT_FALSE(results[2].ok);
  EXPECT_TRUE(absl::StartsWith(results[2].fix, "install ctr-enc from imgcrypt >= 1.1.0"));
}

TEST(CheckClientsTest, BothNamesOfCtrEncAreChecked) {
  FakeClients clients("both-names");
  clients.Add("ctr-enc", "echo 'ctr-enc github.com/containerd/containerd 1.5.0-beta.1+unknown'");
  clients.Add("ctr-imgcrypt", "echo 'ctr github.com/containerd/containerd 1.7.24+unknown'");
  const std::vector<CheckResult> results = CheckClients(clients.Input());
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[2].check, "ctr-enc supports keyproviders");
  EXPECT_EQ(results[3].check, "ctr-imgcrypt supports keyproviders");
  EXPECT_TRUE(results[2].ok && results[3].ok) << results[2].detail << results[3].detail;
}

TEST(CheckClientsTest, NoVersionAndNoAnswerFails) {
  FakeClients clients("no-version");
  clients.Add("buildah", "echo 'buildah: unknown flag'; exit 2");
  const std::vector<CheckResult> results = CheckClients(clients.Input());
  const CheckResult* buildah = Find(results, "buildah supports keyproviders");
  ASSERT_NE(buildah, nullptr);
  EXPECT_FALSE(buildah->ok);
  EXPECT_TRUE(absl::StrContains(
      buildah->detail,
      ": --version exited 2 with no version: \"buildah: unknown flag\"; and the probe could not "
      "tell either: its file is not a program but a script"))
      << buildah->detail;
}

TEST(CheckClientsTest, AClientThatHangsIsCutOff) {
  FakeClients clients("hangs");
  clients.Add("skopeo", "sleep 30", "sleep 30");
  const absl::Time start = absl::Now();
  const std::vector<CheckResult> results = CheckClients(clients.Input(absl::Milliseconds(300)));
  const CheckResult* skopeo = Find(results, "skopeo supports keyproviders");
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  ASSERT_NE(skopeo, nullptr);
  EXPECT_FALSE(skopeo->ok);
  EXPECT_TRUE(absl::StrContains(skopeo->detail, "--version did not end within 0.3 s"))
      << skopeo->detail;
  EXPECT_TRUE(absl::StrContains(skopeo->detail, "the probe did not end within 0.3 s"))
      << skopeo->detail;
}

// Its lines are kept raw, bounded; the report escapes them.
TEST(CheckClientsTest, HostileOutputIsBoundedAndEscapedInTheReport) {
  FakeClients clients("hostile");
  clients.Add("skopeo",
              "printf 'skopeo version 1.18.0 \\033[2J\\r'; head -c 10000 /dev/zero | tr '\\0' x",
              "printf '\\033]0;title\\007 Provided protocol not recognized '; "
              "head -c 10000 /dev/zero | tr '\\0' y; exit 1");
  const std::vector<CheckResult> results = CheckClients(clients.Input());
  const CheckResult* skopeo = Find(results, "skopeo supports keyproviders");
  ASSERT_NE(skopeo, nullptr);
  EXPECT_FALSE(skopeo->ok);
  EXPECT_LT(skopeo->detail.size(), 1000u);
  EXPECT_TRUE(absl::StrContains(skopeo->detail, "skopeo version 1.18.0 \x1b[2J\r"))
      << skopeo->detail;
  const std::string report = FormatText(results);
  EXPECT_TRUE(absl::StrContains(report, "skopeo version 1.18.0 \\x1b[2J\\r")) << report;
  for (char c : report) {
    if (c != '\n') {
      EXPECT_GE(static_cast<unsigned char>(c), 0x20) << report;
    }
  }
}

// A cut answer may lack the words that decide, and a signal is not an exit code.
TEST(CheckClientsTest, AnAnswerCutAtTheBoundOrAKillDecidesNothing) {
  FakeClients clients("cut");
  clients.Add("skopeo", "echo 'skopeo version 1.18.0'; head -c 1000000 /dev/zero | tr '\\0' x",
              "head -c 1000000 /dev/zero | tr '\\0' y; echo 'initializing destination'");
  clients.Add("buildah", "kill -SEGV $$");
  const std::vector<CheckResult> results = CheckClients(clients.Input());
  const CheckResult* skopeo = Find(results, "skopeo supports keyproviders");
  ASSERT_NE(skopeo, nullptr);
  EXPECT_FALSE(skopeo->ok);
  EXPECT_TRUE(absl::StrContains(skopeo->detail, ": --version printed more than 64 KiB"))
      << skopeo->detail;
  EXPECT_TRUE(absl::StrContains(skopeo->detail, "the probe printed more than 64 KiB"))
      << skopeo->detail;
  const CheckResult* buildah = Find(results, "buildah supports keyproviders");
  ASSERT_NE(buildah, nullptr);
  EXPECT_FALSE(buildah->ok);
  EXPECT_TRUE(absl::StrContains(buildah->detail, ": --version was killed by signal 11;"))
      << buildah->detail;
}

TEST(CheckClientsTest, AWarningBeforeTheVersionLine) {
  FakeClients clients("warning-first");
  clients.Add("skopeo",
              "echo 'time=\"2026-12-02T01:57:00Z\" level=warning msg=\"The cgroupv2 manager is "
              "set to systemd 2.0\"' >&2; echo 'skopeo version 1.18.0'",
              kAccepted);
  clients.Add("ctr-imgcrypt",
              "echo 'WARN[0000] 3.1 is old'; echo 'ctr github.com/containerd/containerd 1.7.24'");
  const std::vector<CheckResult> results = CheckClients(clients.Input());
  const CheckResult* skopeo = Find(results, "skopeo supports keyproviders");
  ASSERT_NE(skopeo, nullptr);
  EXPECT_TRUE(skopeo->ok);
  EXPECT_TRUE(absl::EndsWith(skopeo->detail, ": skopeo version 1.18.0; it accepts provider: keys"))
      << skopeo->detail;
  const CheckResult* ctr = Find(results, "ctr-imgcrypt supports keyproviders");
  ASSERT_NE(ctr, nullptr);
  EXPECT_TRUE(
      absl::StrContains(ctr->detail, ": ctr github.com/containerd/containerd 1.7.24; >= 1.5.0"))
      << ctr->detail;
}

// Sets an environment variable for a scope, and puts back what was there.
class ScopedEnvironment {
 public:
  ScopedEnvironment(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name); old != nullptr) old_ = old;
    setenv(name, value, 1);
  }
  ~ScopedEnvironment() {
    if (old_.has_value()) {
      setenv(name_, old_->c_str(), 1);
    } else {
      unsetenv(name_);
    }
  }
  ScopedEnvironment(const ScopedEnvironment&) = delete;
  ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

TEST(CheckClientsTest, TheProbeNeverSeesTheProviderConfig) {
  ScopedEnvironment config("OCICRYPT_KEYPROVIDER_CONFIG", "/etc/ocicrypt.conf");
  ScopedEnvironment kept_variable("DOCTOR_CLIENTS_TEST", "kept");
  const ClientsInput input = ClientsInputFromEnvironment();
  EXPECT_EQ(input.path_variable, std::getenv("PATH"));
  bool kept = false;
  for (const std::string& entry : input.environment) {
    EXPECT_FALSE(absl::StartsWith(entry, "OCICRYPT_KEYPROVIDER_CONFIG=")) << entry;
    kept = kept || entry == "DOCTOR_CLIENTS_TEST=kept";
  }
  EXPECT_TRUE(kept);
}

}  // namespace
}  // namespace coco
