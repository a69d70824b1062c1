// Tests of the binary as ocicrypt runs it: request on stdin, reply on stdout, one line on stderr
// and a non-zero exit on any failure.
#include <elf.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "src/testing/binary_under_test.h"
#include "src/testing/subprocess.h"
#include "src/testing/temp_files.h"
#include "src/testing/vectors.h"

namespace coco {
namespace {

using test_support::AnnotationOf;
using test_support::ExpectOneLineFailure;
using test_support::kBinary;
using test_support::KeyUnwrapRequest;
using test_support::KeyWrapRequest;
using test_support::ProcessResult;
using test_support::RunBinary;
using test_support::TempPath;
using test_support::WriteTempFile;
using ::testing::MatchesRegex;

std::string B64(absl::string_view s) { return absl::Base64Escape(s); }

TEST(BinaryTest, IsFullyStatic) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "sanitizer runtimes cannot be linked statically";
#endif
  std::ifstream file(kBinary, std::ios::binary);
  std::stringstream contents;
  contents << file.rdbuf();
  const std::string elf = contents.str();
  ASSERT_GE(elf.size(), sizeof(Elf64_Ehdr));
  Elf64_Ehdr header;
  memcpy(&header, elf.data(), sizeof(header));
  ASSERT_EQ(memcmp(header.e_ident, ELFMAG, SELFMAG), 0);
  for (int i = 0; i < header.e_phnum; ++i) {
    Elf64_Phdr program;
    memcpy(&program, elf.data() + header.e_phoff + i * header.e_phentsize, sizeof(program));
    EXPECT_NE(program.p_type, static_cast<Elf64_Word>(PT_INTERP)) << "needs a dynamic loader";
    EXPECT_NE(program.p_type, static_cast<Elf64_Word>(PT_DYNAMIC)) << "has dynamic sections";
  }
}

TEST(BinaryTest, VersionAndHelp) {
  ProcessResult version = RunBinary("", {"--version"});
  EXPECT_EQ(version.exit_code, 0);
  // The version, the commit built, and the Debian source package of each library linked in.
  EXPECT_THAT(version.out, MatchesRegex("coco-keyprovider 0\\.1\\.0\n"
                                        "commit ([0-9a-f]{40}(-dirty)?|unknown)\n"
                                        "BoringSSL [0-9][^ ]* \\(Debian source package "
                                        "android-platform-external-boringssl\\)\n"
                                        "Abseil 2[^ ]* \\(Debian source package abseil, with our patches "
                           "[0-9a-f]{16}\\)\n"
                                        "RapidJSON 1[^ ]* \\(Debian source package rapidjson, with our "
                           "patches [0-9a-f]{16}\\)\n"
                                        "libcurl [0-9][^ ]* \\(Debian source package curl\\)\n"
                                        "c-ares 1[^ ]* \\(Debian source package c-ares\\)\n"));
  ProcessResult help = RunBinary("", {"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_EQ(help.err, "");
  for (absl::string_view word : {"--provider-name", "--kbc", "--keys-file", "--sev-secret-path",
                                 "keyid=", "keypath=", "algorithm=", "sample=", "AA_KBC_PARAMS",
                                 "OFFLINE_FS_KBC_EXTRA_FILE_PATH", "offline_fs_kbc"}) {
    EXPECT_TRUE(absl::StrContains(help.out, word)) << word;
  }
}

TEST(BinaryTest, CommandLineMisuseExitsTwo) {
  ExpectOneLineFailure(RunBinary("", {"--bogus"}),
                       "command line: unknown flag --bogus (see --help)", 2);
  ExpectOneLineFailure(RunBinary("", {"--keys-file"}), "--keys-file needs a value", 2);
  ExpectOneLineFailure(RunBinary("", {"keywrap"}), "unexpected argument \"keywrap\"", 2);
  ExpectOneLineFailure(RunBinary("", {"--kbc", "::"}), "--kbc: ", 2);
  ExpectOneLineFailure(RunBinary("", {"--kbc", "ofline_fs_kbc"}), "--kbc: unknown KBC", 2);
  ExpectOneLineFailure(RunBinary("", {"--keys-file="}), "--keys-file is empty", 2);
  ExpectOneLineFailure(RunBinary("", {"--provider-name", "privkeys"}),
                       "one of ocicrypt's own parameter names", 2);
}

TEST(BinaryTest, SampleWrapAndUnwrapMatchIndependentVectors) {
  test_support::ExchangeVectors v = test_support::LoadExchangeVectors();
  ProcessResult wrap = RunBinary(v.sample_wrap_request);
  EXPECT_EQ(wrap.exit_code, 0) << wrap.err;
  EXPECT_EQ(wrap.out, v.sample_wrap_reply);
  EXPECT_EQ(wrap.err, "");
  ProcessResult unwrap = RunBinary(v.sample_unwrap_request);
  EXPECT_EQ(unwrap.exit_code, 0) << unwrap.err;
  EXPECT_EQ(unwrap.out, v.sample_unwrap_reply);
}

TEST(BinaryTest, OfflineFsUnwrapWithKeysFileFlag) {
  test_support::ExchangeVectors v = test_support::LoadExchangeVectors();
  std::string keys = WriteTempFile("vector-keys.json", v.offline_fs_keys_file);
  ProcessResult unwrap = RunBinary(v.offline_fs_unwrap_request, {"--keys-file", keys});
  EXPECT_EQ(unwrap.exit_code, 0) << unwrap.err;
  EXPECT_EQ(unwrap.out, v.offline_fs_unwrap_reply);
  EXPECT_EQ(unwrap.err, "");
}

TEST(BinaryTest, ExtraKeysFilesFromEnvironmentAndWarningForMissingFile) {
  test_support::ExchangeVectors v = test_support::LoadExchangeVectors();
  std::string keys = WriteTempFile("extra-keys.json", v.offline_fs_keys_file);
  std::string missing = TempPath("missing.json");
  ProcessResult unwrap = RunBinary(v.offline_fs_unwrap_request, {"--keys-file", missing},
                                   {"OFFLINE_FS_KBC_EXTRA_FILE_PATH=" + keys});
  EXPECT_EQ(unwrap.exit_code, 0) << unwrap.err;
  EXPECT_EQ(unwrap.out, v.offline_fs_unwrap_reply);
  EXPECT_EQ(unwrap.err, absl::StrCat("coco-keyprovider: warning: offline_fs_kbc: keys file ",
                                     missing, " does not exist, skipped\n"));
}

TEST(BinaryTest, DefaultKbcFromEnvironmentWhenRequestNamesNone) {
  test_support::ExchangeVectors v = test_support::LoadExchangeVectors();
  ProcessResult wrap = RunBinary(v.sample_wrap_request);
  // As skopeo sends it when only another provider's key was given for decryption.
  std::string request = absl::StrCat(
      R"({"op":"keyunwrap","keywrapparams":{"ec":null,"optsdata":null},"keyunwrapparams":)",
      R"({"dc":{"Parameters":{"privkeys":[")", B64("PEM"), R"("]}},"annotation":")",
      B64(AnnotationOf(wrap.out)), R"("}})");
  ProcessResult unwrap = RunBinary(request, {}, {"AA_KBC_PARAMS=sample_kbc::null"});
  EXPECT_EQ(unwrap.exit_code, 0) << unwrap.err;
  EXPECT_EQ(unwrap.out, v.sample_unwrap_reply);
  ProcessResult flag =
      RunBinary(request, {"--kbc", "sample_kbc"}, {"AA_KBC_PARAMS=offline_fs_kbc::null"});
  EXPECT_EQ(flag.out, v.sample_unwrap_reply) << flag.err;
}

TEST(BinaryTest, KeyWrapIgnoresTheUnwrapEnvironment) {
  // AA_KBC_PARAMS is read only when keyunwrap needs a default KBC.
  test_support::ExchangeVectors v = test_support::LoadExchangeVectors();
  ProcessResult wrap = RunBinary(v.sample_wrap_request, {}, {"AA_KBC_PARAMS="});
  EXPECT_EQ(wrap.exit_code, 0) << wrap.err;
  EXPECT_EQ(wrap.out, v.sample_wrap_reply);
}

TEST(BinaryTest, RoundTripWithKeyFileForBothAlgorithms) {
  std::string kek(32, '\x42');
  std::string keypath = WriteTempFile("kek42", kek);
  std::string keys =
      WriteTempFile("keys42.json", absl::StrCat(R"({"default/key/key_id1":")", B64(kek), R"("})"));
  for (absl::string_view algorithm : {"A256GCM", "A256CTR"}) {
    ProcessResult wrap = RunBinary(KeyWrapRequest(absl::StrCat(
        "keyid=kbs:///default/key/key_id1::keypath=", keypath, "::algorithm=", algorithm)));
    ASSERT_EQ(wrap.exit_code, 0) << wrap.err;
    ProcessResult unwrap = RunBinary(
        KeyUnwrapRequest("offline_fs_kbc::null", AnnotationOf(wrap.out)), {"--keys-file", keys});
    EXPECT_EQ(unwrap.exit_code, 0) << unwrap.err;
    EXPECT_EQ(unwrap.out,
              "{\"keyunwrapresults\":{\"optsdata\":[123,34,115,121,109,107,101,121,"
              "34,58,34,107,34,125]}}\n");
  }
}

struct Failure {
  std::string name;
  std::string input;
  std::vector<std::string> args;
  absl::string_view error;
  std::vector<std::string> environment = {};
};

std::vector<Failure> FailureTable() {
  const std::string kek = WriteTempFile("kek-table", std::string(32, '\x33'));
  const std::string keys = WriteTempFile(
      "keys-table.json",
      absl::StrCat(R"({"default/key/key_id1":")", B64(std::string(32, 'w')), R"("})"));
  const std::string bad_keys = WriteTempFile("bad-keys.json", R"({"default/key/key_id1": 7})");
  ProcessResult wrapped = RunBinary(KeyWrapRequest("keyid=/default/key/key_id1::keypath=" + kek));
  const std::string annotation = AnnotationOf(wrapped.out);
  const std::string ctr_annotation = AnnotationOf(
      RunBinary(KeyWrapRequest("keyid=/default/key/key_id1::algorithm=A256CTR::keypath=" + kek))
          .out);
  // The sample packet with one base64 character of wrapped_data changed: still a valid packet.
  std::string tampered = AnnotationOf(RunBinary(KeyWrapRequest("sample=true")).out);
  const size_t at = tampered.find("\"wrapped_data\":\"") + 16;
  tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
  return {
      {"empty input", "", {}, "request: not valid JSON"},
      {"garbage", "hello", {}, "request: not valid JSON"},
      {"oversized",
       std::string((1 << 20) + 1, ' '),
       {},
       "reading the request from standard input: larger than 1048576 bytes"},
      {"array", "[1]", {}, "request: not a JSON object"},
      {"no op", "{}", {}, "request: no \"op\""},
      {"unknown op", R"({"op":"encrypt"})", {}, "\"op\" is neither"},
      {"no optsdata",
       R"({"op":"keywrap","keywrapparams":{"ec":null,"optsdata":null}})",
       {},
       "no \"keywrapparams.optsdata\""},
      {"no parameters for us",
       KeyWrapRequest("sample=true"),
       {"--provider-name", "other"},
       "keywrap: the request has no parameters for provider other"},
      {"unknown parameter",
       KeyWrapRequest("sample=true::colour=red"),
       {},
       "keywrap: unknown parameter \"colour\""},
      {"bad sample", KeyWrapRequest("sample=maybe"), {}, "keywrap: sample must be true or false"},
      {"no keyid", KeyWrapRequest("keypath=" + kek), {}, "keywrap: keyid is required"},
      {"no keypath", KeyWrapRequest("keyid=/a/b/c"), {}, "keywrap: keypath or keyfile is required"},
      {"bad keyid",
       KeyWrapRequest("keyid=key1::keypath=" + kek),
       {},
       "keywrap: keyid \"key1\" is not a KBS resource URI"},
      {"bad algorithm",
       KeyWrapRequest("keyid=/a/b/c::keypath=" + kek + "::algorithm=AES"),
       {},
       "keywrap: algorithm \"AES\" must be A256GCM or A256CTR"},
      {"missing key file",
       KeyWrapRequest("keyid=/a/b/c::keypath=/nonexistent/kek"),
       {},
       "keywrap: keypath /nonexistent/kek: No such file or directory"},
      {"key file is a directory",
       KeyWrapRequest("keyid=/a/b/c::keypath=/"),
       {},
       "keywrap: keypath /: not a regular file"},
      {"short key file",
       KeyWrapRequest("keyid=/a/b/c::keypath=" + WriteTempFile("short", "abc")),
       {},
       "3 bytes, a key must be exactly 32"},
      {"two recipients",
       absl::StrCat(
           R"({"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"attestation-agent":[")",
           B64("sample=true"), R"(",")", B64("sample=true"), R"("]}},"optsdata":"AAAA"}})"),
       {},
       "2 recipients given for provider attestation-agent; one recipient per provider"},
      {"provider named without parameters",
       KeyWrapRequest("Enabled"),
       {},
       "provider attestation-agent was given no parameters"},
      {"sample with CTR",
       KeyWrapRequest("sample=true::algorithm=A256CTR"),
       {},
       "sample=true always wraps with A256GCM"},
      {"unwrap CTR under a wrong key",
       KeyUnwrapRequest("offline_fs_kbc::null", ctr_annotation),
       {"--keys-file", keys},
       "A256CTR unwrap gave no ocicrypt key options"},
      {"unwrap bad AA_KBC_PARAMS",
       KeyUnwrapRequest("Enabled", annotation),
       {},
       "keyunwrap: AA_KBC_PARAMS: KBC parameter \"\" names no KBC",
       {"AA_KBC_PARAMS="}},
      {"control characters in the kid are escaped",
       KeyUnwrapRequest(
           "offline_fs_kbc::null",
           R"({"kid":"\u001b[31mred\nline","wrapped_data":"AAAA","iv":"AAAAAAAAAAAAAAAA",)"
           R"("wrap_type":"A256GCM"})"),
       {},
       "kid \"\\x1b[31mred\\nline\" is not a KBS resource URI"},
      {"unwrap garbage annotation",
       KeyUnwrapRequest("offline_fs_kbc::null", "{]"),
       {},
       "keyunwrap: annotation packet: not valid JSON"},
      {"unwrap wrong key",
       KeyUnwrapRequest("offline_fs_kbc::null", annotation),
       {"--keys-file", keys},
       "keyunwrap: offline_fs_kbc: AES-256-GCM authentication failed"},
      {"unwrap tampered",
       KeyUnwrapRequest("sample_kbc::null", tampered),
       {},
       "keyunwrap: sample_kbc: AES-256-GCM authentication failed"},
      {"unwrap kid not found",
       KeyUnwrapRequest("offline_fs_kbc::null", annotation),
       {"--keys-file", WriteTempFile("other-keys.json", R"({"x/y/z":"AAAA"})")},
       "key default/key/key_id1 not found in"},
      {"unwrap no keys file",
       KeyUnwrapRequest("offline_fs_kbc::null", annotation),
       {"--keys-file", "/nonexistent/a.json"},
       "no keys file exists (looked for /nonexistent/a.json)"},
      {"unwrap malformed keys file",
       KeyUnwrapRequest("offline_fs_kbc::null", annotation),
       {"--keys-file", bad_keys},
       "entry \"default/key/key_id1\" is not a base64 string"},
      {"unwrap online kbc",
       KeyUnwrapRequest("online_sev_kbc::http://kbs:8080", annotation),
       {},
       "keyunwrap: online_sev_kbc fetches keys from a KBS"},
      {"unwrap unknown kbc",
       KeyUnwrapRequest("magic_kbc::null", annotation),
       {},
       "keyunwrap: unknown KBC \"magic_kbc\""},
      {"unwrap sev secret missing",
       KeyUnwrapRequest("offline_sev_kbc::null", annotation),
       {"--sev-secret-path", "/nonexistent/sev"},
       "offline_sev_kbc: /nonexistent/sev: No such file"},
  };
}

TEST(BinaryTest, EveryFailureIsOneLineAndEmptyStdout) {
  for (const Failure& failure : FailureTable()) {
    SCOPED_TRACE(failure.name);
    ExpectOneLineFailure(RunBinary(failure.input, failure.args, failure.environment),
                         failure.error);
  }
}

// `item` `count` times, separated by commas.
std::string Repeated(absl::string_view item, int count) {
  std::string list;
  for (int i = 0; i < count; ++i) absl::StrAppend(&list, i ? "," : "", item);
  return list;
}

// Inputs built to exhaust a parser: each gets one short error line, nothing more.
TEST(BinaryTest, HostileInputsGetOneShortLine) {
  const std::string sample_packet = AnnotationOf(RunBinary(KeyWrapRequest("sample=true")).out);
  struct Case {
    std::string name;
    std::string input;
    absl::string_view error;
  };
  const Case cases[] = {
      {"1 MiB of nesting", std::string(1 << 20, '['), "request: not valid JSON"},
      {"deep nesting inside a request",
       absl::StrCat(R"({"op":"keywrap","x":)", std::string(500000, '['), std::string(500000, ']'),
                    "}"),
       "request: no \"keywrapparams\""},
      {"an array of 300000 numbers",
       absl::StrCat(R"({"op":"keywrap","x":[)", Repeated("0", 300000), "]}"),
       "request: no \"keywrapparams\""},
      {"10000 recipients",
       absl::StrCat(R"({"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"attestation-agent":[)",
                    Repeated(absl::StrCat("\"", B64("sample=true"), "\""), 10000),
                    R"(]}},"optsdata":"AAAA"}})"),
       "10000 recipients given for provider attestation-agent"},
      {"10000 KBC entries",
       absl::StrCat(
           R"({"op":"keyunwrap","keyunwrapparams":{"dc":{"Parameters":{"attestation-agent":[)",
           Repeated(absl::StrCat("\"", B64("magic_kbc::x"), "\""), 10000), R"(]}},"annotation":")",
           B64(sample_packet), R"("}})"),
       "and 9997 more"},
      {"a 700 KB keyid", KeyWrapRequest("keyid=/" + std::string(700000, 'a') + "::keypath=/k"),
       "is not a KBS resource URI"},
      {"a 700 KB parameter name", KeyWrapRequest(std::string(700000, 'p') + "=1"),
       "unknown parameter"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    ASSERT_LE(c.input.size(), 1u << 20);
    ProcessResult result = RunBinary(c.input);
    ExpectOneLineFailure(result, c.error);
    EXPECT_LT(result.err.size(), 1000u);
  }
}

TEST(BinaryTest, SecretsNeverReachStderr) {
  const std::string marker = "TOPSECRET-0123456789";
  const std::string pem = "-----BEGIN PRIVATE KEY-----" + marker;
  const std::string kek =
      WriteTempFile("kek-secret", marker + std::string(32 - marker.size(), '!'));
  const std::string others =
      absl::StrCat(R"(,"privkeys":[")", B64(pem), R"("],"pubkeys":[")", B64(pem), R"("])");
  const std::string secret_optsdata = "{\"symkey\":\"" + marker + "\"}";
  const std::string packet = absl::StrCat(R"({"kid":"kbs:///a/b/c","wrapped_data":"AAAA","iv":")",
                                          B64(std::string(12, 'i')), R"(","wrap_type":"A256GCM"})");
  // Keys files whose secret values are wrong in each way a parser can see.
  const std::string unparsable_keys =
      WriteTempFile("secret-keys.json",
                    absl::StrCat(R"({"a/b/c":")", B64(marker), R"(","x/y/z":")", marker, R"("})"));
  const std::string short_keys =
      WriteTempFile("secret-short.json", absl::StrCat(R"({"a/b/c":")", B64(marker), R"("})"));
  const std::string wrong_keys = WriteTempFile(
      "secret-wrong.json", absl::StrCat(R"({"a/b/c":")", B64(marker + "0123456789ab"), R"("})"));
  struct Case {
    std::string request;
    std::vector<std::string> args;
    absl::string_view error;
  };
  const Case cases[] = {
      {KeyUnwrapRequest("offline_fs_kbc::null", "{]", others),
       {},
       "annotation packet: not valid JSON"},
      {KeyUnwrapRequest("eaa_kbc::null", packet, others), {}, "eaa_kbc fetches keys"},
      {KeyUnwrapRequest("offline_fs_kbc::null", marker, others),
       {},
       "annotation packet: not valid JSON"},
      {KeyUnwrapRequest("offline_fs_kbc::null", packet, others),
       {"--keys-file", unparsable_keys},
       "entry \"x/y/z\" is not canonical padded base64"},
      {KeyUnwrapRequest("offline_fs_kbc::null", packet, others),
       {"--keys-file", short_keys},
       "key a/b/c: 20 bytes, a key must be exactly 32"},
      {KeyUnwrapRequest("offline_fs_kbc::null", packet, others),
       {"--keys-file", wrong_keys},
       "AES-256-GCM authentication failed"},
      {KeyWrapRequest("keyid=/a/b/c::keypath=" + kek + "::algorithm=AES", secret_optsdata),
       {},
       "algorithm \"AES\""},
      {KeyWrapRequest("keyid=/a/b/c::keypath=" + kek + "::sample=" + B64(marker), secret_optsdata),
       {},
       "sample must be true or false"},
      {absl::StrCat(R"({"op":"keywrap","keywrapparams":{"optsdata":")", B64(secret_optsdata),
                    "!\"}}"),
       {},
       "keywrapparams.optsdata is not canonical"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.error);
    ProcessResult result = RunBinary(c.request, c.args);
    ExpectOneLineFailure(result, c.error);
    for (const std::string& form :
         {marker, B64(marker), absl::BytesToHexString(marker), B64(pem)}) {
      EXPECT_EQ(result.err.find(form), std::string::npos) << result.err;
    }
  }
}

// A process of the program's own, waiting for its request on a pipe held open.
class WaitingProcess {
 public:
  explicit WaitingProcess(const char* program) {
    int fds[2];
    EXPECT_EQ(pipe(fds), 0);
    pid_ = fork();
    if (pid_ == 0) {
      // As root, without CAP_SYS_PTRACE, so that a checker without it may compare (see
      // OthersMayReadItsMemory); an unprivileged test has nothing to drop.
      prctl(PR_CAPBSET_DROP, CAP_SYS_PTRACE, 0, 0, 0);
      dup2(fds[0], STDIN_FILENO);
      close(fds[0]);
      close(fds[1]);
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
      char* const argv[] = {const_cast<char*>(program), nullptr};
      char* const envp[] = {nullptr};
      execve(program, argv, envp);
      _exit(127);
    }
    close(fds[0]);
    request_ = fds[1];
  }
  ~WaitingProcess() {
    close(request_);
    int status;
    waitpid(pid_, &status, 0);
  }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_;
  int request_;
};

// Whether a process of the same user without CAP_SYS_PTRACE (which root has) may read `pid`'s
// memory through /proc, as a debugger or an attacker's process would: not once `pid` is
// non-dumpable. The kernel also requires the reader's capabilities to cover the target's, which is
// why WaitingProcess starts without CAP_SYS_PTRACE.
bool OthersMayReadItsMemory(pid_t pid) {
  const pid_t child = fork();
  if (child == 0) {
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct capabilities[2] = {};
    syscall(SYS_capget, &header, capabilities);
    capabilities[CAP_SYS_PTRACE / 32].effective &= ~(1u << (CAP_SYS_PTRACE % 32));
    syscall(SYS_capset, &header, capabilities);
    const int fd = open(absl::StrCat("/proc/", pid, "/environ").c_str(), O_RDONLY);
    _exit(fd >= 0 ? 0 : 1);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

// Polls for up to two seconds until OthersMayReadItsMemory(pid) is `expected`.
bool BecomesReadableByOthers(pid_t pid, bool expected) {
  for (int i = 0; i < 200; ++i) {
    if (OthersMayReadItsMemory(pid) == expected) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

std::string CoreLimitOf(pid_t pid) {
  std::ifstream limits(absl::StrCat("/proc/", pid, "/limits"));
  for (std::string line; std::getline(limits, line);) {
    if (absl::StartsWith(line, "Max core file size")) return line;
  }
  return "";
}

// Before it reads a request (and any key), the binary makes itself non-dumpable: no core file
// holds its keys, and no other process of the user can read its memory.
TEST(BinaryTest, NoCoreDumpsAndNoMemoryReadsWhileItHoldsKeys) {
  WaitingProcess binary(kBinary);
  EXPECT_TRUE(BecomesReadableByOthers(binary.pid(), false));
  EXPECT_TRUE(absl::StrContains(CoreLimitOf(binary.pid()), " 0  ")) << CoreLimitOf(binary.pid());
  // The check itself can tell: an ordinary process waiting the same way stays readable.
  WaitingProcess control("/bin/cat");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_TRUE(OthersMayReadItsMemory(control.pid()));
}

}  // namespace
}  // namespace coco
