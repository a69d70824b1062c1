// Tests of the KBS paths as a user runs them, against tests/kbs/test_kbs.py (the test double of
// Trustee's KBS) over real HTTP(S) on loopback: kbs register and kbs get, the provider registering
// its KEKs, cc_kbc unwrapping through the KBS, doctor --kbs, and every failure the issue lists.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "src/common/json_input.h"
#include "src/testing/binary_under_test.h"
#include "src/testing/temp_files.h"
#include "src/testing/test_kbs.h"

namespace coco {
namespace {

using test_support::AdminKeyFiles;
using test_support::AnnotationOf;
using test_support::ExpectOneLineFailure;
using test_support::FileMode;
using test_support::KeysIn;
using test_support::KeyUnwrapRequest;
using test_support::KeyWrapRequest;
using test_support::MakeAdminKey;
using test_support::ProcessResult;
using test_support::ReadFile;
using test_support::RunBinary;
using test_support::TempPath;
using test_support::TestKbs;
using test_support::TestKbsOptions;
using test_support::UnansweredUrl;
using test_support::WriteTempFile;

constexpr char kOptsdata[] = "{\"symkey\":\"c2VjcmV0LWxheWVyLWtleQ==\"}";

const AdminKeyFiles& Admin() {
  static const AdminKeyFiles* admin = new AdminKeyFiles(MakeAdminKey("admin"));
  return *admin;
}

ProcessResult Kbs(std::vector<std::string> args) {
  args.insert(args.begin(), "kbs");
  return RunBinary("", args);
}

// A keys file of `count` fresh keys, and its entries.
std::string FreshKeysFile(const std::string& name, int count,
                          std::map<std::string, std::string>* keys) {
  const std::string path = TempPath(name);
  ProcessResult generated =
      RunBinary("", {"keys", "generate", "--count", std::to_string(count), "--out", path});
  EXPECT_EQ(generated.exit_code, 0) << generated.err;
  *keys = KeysIn(ReadFile(path));
  return path;
}

std::string RegisterLines(const TestKbs& kbs, const std::vector<std::string>& ids) {
  std::string lines;
  for (const std::string& id : ids)
    absl::StrAppend(&lines, "registered ", id, " at ", kbs.url(), "\n");
  return lines;
}

// Nothing secret in what the program printed: no key in any form, no private key, no token.
void ExpectNothingSecret(const ProcessResult& result, const std::vector<std::string>& keys = {}) {
  std::vector<std::string> forms = {"Bearer", "eyJ", "PRIVATE KEY"};
  const std::string admin_pem = ReadFile(Admin().private_key);
  forms.push_back(admin_pem.substr(admin_pem.find('\n') + 1, 40));
  for (const std::string& key : keys) {
    forms.push_back(key);
    forms.push_back(absl::Base64Escape(key));
    forms.push_back(absl::WebSafeBase64Escape(key));
    forms.push_back(absl::BytesToHexString(key));
  }
  for (const std::string& form : forms) {
    EXPECT_FALSE(absl::StrContains(result.out, form)) << form;
    EXPECT_FALSE(absl::StrContains(result.err, form)) << form;
  }
}

// The optsdata bytes of a keyunwrap reply ({"keyunwrapresults":{"optsdata":[...]}}).
std::string OptsdataOf(const std::string& reply) {
  rapidjson::Document document;
  const bool parsed = ParseJson(reply, reply.size(), document).ok();
  EXPECT_TRUE(parsed) << reply;
  std::string bytes;
  if (!parsed) return bytes;
  for (const auto& byte : document["keyunwrapresults"]["optsdata"].GetArray()) {
    bytes.push_back(static_cast<char>(byte.GetInt()));
  }
  return bytes;
}

TEST(KbsRegisterTest, RegisterThenGetRoundTripsEveryKey) {
  TestKbs kbs(Admin());
  std::map<std::string, std::string> keys;
  const std::string file = FreshKeysFile("round-trip.json", 3, &keys);
  ProcessResult registered =
      Kbs({"register", "--url", kbs.url(), "--admin-key", Admin().private_key, file});
  EXPECT_EQ(registered.exit_code, 0) << registered.err;
  EXPECT_EQ(registered.out, RegisterLines(kbs, {"default/key/key_id1", "default/key/key_id2",
                                                "default/key/key_id3"}));
  EXPECT_EQ(registered.err, "");
  for (const auto& [id, key] : keys) {
    const std::string out = TempPath("fetched-" + id.substr(id.rfind('/') + 1));
    ProcessResult fetched = Kbs({"get", "--url", kbs.url(), id, out});
    EXPECT_EQ(fetched.exit_code, 0) << fetched.err;
    EXPECT_EQ(fetched.out, absl::StrCat("fetched ", id, " from ", kbs.url(), "\n"));
    EXPECT_EQ(fetched.err, "");
    EXPECT_EQ(ReadFile(out), key);
    EXPECT_EQ(FileMode(out), 0600u);
    ExpectNothingSecret(fetched, {key});
  }
  std::vector<std::string> values;
  for (const auto& [id, key] : keys) values.push_back(key);
  ExpectNothingSecret(registered, values);
  EXPECT_TRUE(absl::StrContains(kbs.Log(), "\"endpoint\": \"attest\""));
}

TEST(KbsRegisterTest, OnlyTheNamedKeysAndEachMustBeThere) {
  TestKbs kbs(Admin());
  std::map<std::string, std::string> keys;
  const std::string file = FreshKeysFile("named.json", 3, &keys);
  ProcessResult one = Kbs({"register", "--url", kbs.url(), "--admin-key", Admin().private_key, file,
                           "default/key/key_id2"});
  EXPECT_EQ(one.exit_code, 0) << one.err;
  EXPECT_EQ(one.out, RegisterLines(kbs, {"default/key/key_id2"}));
  ExpectOneLineFailure(Kbs({"get", "--url", kbs.url(), "default/key/key_id1", TempPath("no")}), "");
  ExpectOneLineFailure(Kbs({"register", "--url", kbs.url(), "--admin-key", Admin().private_key,
                            file, "default/key/key_id9"}),
                       absl::StrCat("kbs register: ", file, ": no key default/key/key_id9"));
  EXPECT_FALSE(absl::StrContains(kbs.Log(), "key_id9"));
}

TEST(KbsRegisterTest, KeysThatAreNotKeksAreRefusedBeforeAnyUpload) {
  TestKbs kbs(Admin());
  const std::string file =
      WriteTempFile("not-keks.json",
                    absl::StrCat("{\"default/key/a\":\"", absl::Base64Escape(std::string(32, 'a')),
                                 "\",\"default/key/b\":\"", absl::Base64Escape("short"), "\"}"));
  ExpectOneLineFailure(
      Kbs({"register", "--url", kbs.url(), "--admin-key", Admin().private_key, file}),
      "default/key/b: 5 bytes, a key must be exactly 32");
  EXPECT_FALSE(absl::StrContains(kbs.Log(), "register"));
}

TEST(KbsRegisterTest, IdsTheKbsCannotStoreAreRefusedBeforeAnyUpload) {
  TestKbs kbs(Admin());
  const std::string file = WriteTempFile(
      "unstorable.json",
      absl::StrCat("{\"default/key/a\":\"", absl::Base64Escape(std::string(32, 'a')),
                   "\",\"default/key/b~1\":\"", absl::Base64Escape(std::string(32, 'b')), "\"}"));
  ExpectOneLineFailure(
      Kbs({"register", "--url", kbs.url(), "--admin-key", Admin().private_key, file}),
      "default/key/b~1: a KBS stores only <repository>/<type>/<tag>");
  EXPECT_FALSE(absl::StrContains(kbs.Log(), "register"));
}

TEST(KbsRegisterTest, Trustee013NeedsNoRoleAndSpeaksProtocol020) {
  TestKbsOptions options;
  options.mode = "v0.13";
  TestKbs kbs(Admin(), options);
  std::map<std::string, std::string> keys;
  const std::string file = FreshKeysFile("v013.json", 1, &keys);
  ProcessResult registered =
      Kbs({"register", "--url", kbs.url(), "--admin-key", Admin().private_key, file});
  EXPECT_EQ(registered.exit_code, 0) << registered.err;
  const std::string out = TempPath("v013-key");
  ProcessResult fetched = Kbs({"get", "--url", kbs.url(), "kbs:///default/key/key_id1", out});
  EXPECT_EQ(fetched.exit_code, 0) << fetched.err;
  EXPECT_EQ(ReadFile(out), keys.at("default/key/key_id1"));
  EXPECT_TRUE(absl::StrContains(kbs.Log(), "\"version\": \"0.2.0\"")) << kbs.Log();
}

TEST(KbsRegisterTest, AdminTokenClaimsAreCheckedByTheKbs) {
  TestKbsOptions options;
  options.issuer = "ci";
  options.audience = "kbs";
  TestKbs kbs(Admin(), options);
  std::map<std::string, std::string> keys;
  const std::string file = FreshKeysFile("claims.json", 1, &keys);
  const std::vector<std::string> base = {"register",          "--url", kbs.url(), "--admin-key",
                                         Admin().private_key, file};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> args = base;
    args.insert(args.end(), extra.begin(), extra.end());
    return Kbs(args);
  };
  ProcessResult no_issuer = with({"--audience", "kbs"});
  ExpectOneLineFailure(no_issuer, absl::StrCat("kbs register: KBS ", kbs.url(),
                                               ": registering default/key/key_id1: 401"));
  EXPECT_TRUE(absl::StrContains(no_issuer.err, "InvalidIssuer")) << no_issuer.err;
  ProcessResult wrong_role = with({"--issuer", "ci", "--audience", "kbs", "--role", "reader"});
  ExpectOneLineFailure(wrong_role, "AdminAuthAccess");
  ProcessResult accepted = with({"--issuer", "ci", "--audience", "kbs"});
  EXPECT_EQ(accepted.exit_code, 0) << accepted.err;
  ExpectNothingSecret(no_issuer);
  ExpectNothingSecret(wrong_role);
}

TEST(KbsRegisterTest, AnAdminKeyTheKbsDoesNotTrustIs401WithItsReason) {
  TestKbs kbs(Admin());
  std::map<std::string, std::string> keys;
  const std::string file = FreshKeysFile("untrusted.json", 2, &keys);
  const AdminKeyFiles stranger = MakeAdminKey("stranger");
  ProcessResult refused =
      Kbs({"register", "--url", kbs.url(), "--admin-key", stranger.private_key, file});
  ExpectOneLineFailure(refused, absl::StrCat("kbs register: KBS ", kbs.url(),
                                             ": registering default/key/key_id1: 401"));
  EXPECT_TRUE(absl::StrContains(refused.err, "InvalidSignature")) << refused.err;
  std::vector<std::string> values;
  for (const auto& [id, key] : keys) values.push_back(key);
  ExpectNothingSecret(refused, values);
}

TEST(KbsRegisterTest, TheAdminKeyFollowsTheKeyFileRules) {
  TestKbs kbs(Admin());
  std::map<std::string, std::string> keys;
  const std::string file = FreshKeysFile("admin-rules.json", 1, &keys);
  auto register_with = [&](const std::string& admin_key) {
    return Kbs({"register", "--url", kbs.url(), "--admin-key", admin_key, file});
  };
  const std::string readable = WriteTempFile("readable-admin.pem", ReadFile(Admin().private_key));
  chmod(readable.c_str(), 0644);
  ProcessResult warned = register_with(readable);
  EXPECT_EQ(warned.exit_code, 0) << warned.err;
  EXPECT_TRUE(absl::StartsWith(warned.err, "coco-keyprovider: warning: --admin-key: "))
      << warned.err;
  EXPECT_EQ(std::count(warned.err.begin(), warned.err.end(), '\n'), 1) << warned.err;
  ExpectOneLineFailure(register_with(TempPath("")), "--admin-key");
  ExpectOneLineFailure(register_with(TempPath("no-such-admin.pem")), "no-such-admin.pem");
  ExpectOneLineFailure(register_with(WriteTempFile("huge-admin.pem", std::string(70000, 'A'))),
                       "huge-admin.pem");
  const std::string rsa_like = WriteTempFile(
      "not-ed25519.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
  ExpectOneLineFailure(register_with(rsa_like), "not-ed25519.pem");
  ExpectOneLineFailure(register_with(Admin().public_key), "admin.pub.pem");
}

TEST(KbsGetTest, EveryKindOfEphemeralKeyOpensItsJwe) {
  const std::string key(32, '\x7e');
  TestKbsOptions options;
  options.resources = {{"default/key/k1", key}};
  TestKbs kbs(Admin(), options);
  for (const std::string type : {"ec-p256", "ec-p521", "rsa-2048"}) {
    const std::string out = TempPath("tee-key-" + type);
    ProcessResult fetched =
        Kbs({"get", "--url", kbs.url(), "--kbs-tee-key", type, "default/key/k1", out});
    EXPECT_EQ(fetched.exit_code, 0) << type << ": " << fetched.err;
    EXPECT_EQ(ReadFile(out), key) << type;
  }
  const std::string log = kbs.Log();
  EXPECT_TRUE(absl::StrContains(log, "\"crv\": \"P-521\"")) << log;
  EXPECT_TRUE(absl::StrContains(log, "\"tee_pubkey_alg\": \"RSA-OAEP-256\"")) << log;
}

TEST(KbsGetTest, ASessionThatEndsGetsOneFreshHandshake) {
  const std::string key(32, '\x33');
  TestKbsOptions options;
  options.fault = "expire-session";
  options.resources = {{"default/key/k1", key}};
  TestKbs kbs(Admin(), options);
  const std::string out = TempPath("after-expiry");
  ProcessResult fetched = Kbs({"get", "--url", kbs.url(), "default/key/k1", out});
  EXPECT_EQ(fetched.exit_code, 0) << fetched.err;
  EXPECT_EQ(ReadFile(out), key);
  const std::string log = kbs.Log();
  int handshakes = 0;
  for (std::size_t at = log.find("\"endpoint\": \"attest\""); at != std::string::npos;
       at = log.find("\"endpoint\": \"attest\"", at + 1)) {
    ++handshakes;
  }
  EXPECT_EQ(handshakes, 2) << log;
}

TEST(KbsGetTest, NeverToStandardOutputAndNeverOverAFile) {
  TestKbsOptions options;
  options.resources = {{"default/key/k1", std::string(32, 'k')}};
  TestKbs kbs(Admin(), options);
  ExpectOneLineFailure(Kbs({"get", "--url", kbs.url(), "default/key/k1", "-"}),
                       "never written to standard output", 2);
  const std::string out = WriteTempFile("existing-out", "mine");
  ExpectOneLineFailure(Kbs({"get", "--url", kbs.url(), "default/key/k1", out}),
                       "--force replaces it");
  EXPECT_EQ(ReadFile(out), "mine");
  EXPECT_EQ(Kbs({"get", "--url", kbs.url(), "--force", "default/key/k1", out}).exit_code, 0);
  EXPECT_EQ(ReadFile(out), std::string(32, 'k'));
  ExpectOneLineFailure(Kbs({"get", "--url", kbs.url(), "default/key", TempPath("x")}), "KEY_ID", 2);
  ExpectOneLineFailure(Kbs({"get", "--url", "ftp://127.0.0.1", "default/key/k1", TempPath("x")}),
                       "--url", 2);
  ExpectOneLineFailure(
      Kbs({"get", "--url", kbs.url(), "--kbs-timeout", "0", "default/key/k1", TempPath("x")}),
      "--kbs-timeout must be a whole number of seconds from 1 to 3600", 2);
}

TEST(KbsGetTest, ReasonsOfTheKbsAreInTheOneLine) {
  TestKbsOptions options;
  options.policy = "deny-sample";
  options.resources = {{"default/key/k1", std::string(32, 'k')}};
  TestKbs denying(Admin(), options);
  ExpectOneLineFailure(Kbs({"get", "--url", denying.url(), "default/key/k1", TempPath("x")}),
                       "401 PolicyDeny: Access denied by policy");
  TestKbs kbs(Admin());
  ExpectOneLineFailure(Kbs({"get", "--url", kbs.url(), "default/key/missing", TempPath("x")}),
                       "PluginInternalError");
}

TEST(KbsGetTest, HostileOrBrokenKbsesFailInOneLine) {
  struct Case {
    std::string fault;
    std::string fault_on;
    std::string expected;
  };
  const std::vector<Case> cases = {
      {"close", "resource",
       ": resource default/key/k1: the connection ended before the whole answer came"},
      {"oversized", "auth", "larger than 1048576 bytes"},
      {"oversized", "resource", "larger than 1048576 bytes"},
      {"long", "attest", ": attest: its answer is larger than 1048576 bytes"},
      {"redirect", "auth", ": auth: 302 no detail"},
      {"redirect", "resource", ": resource default/key/k1: 302 no detail"},
      {"bad-json", "auth", ": auth: the challenge is not valid JSON"},
      {"bad-json", "attest", ": attest: the attestation answer is not valid JSON"},
      {"bad-json", "resource", "JWE"},
      {"bad-jwe", "resource", ": resource default/key/k1: the JWE does not open"},
      {"wrong-size", "resource", "33 bytes, a key must be exactly 32"},
  };
  for (const Case& c : cases) {
    TestKbsOptions options;
    options.fault = c.fault;
    options.fault_on = c.fault_on;
    options.resources = {{"default/key/k1", std::string(32, 'k')}};
    TestKbs kbs(Admin(), options);
    SCOPED_TRACE(c.fault + " on " + c.fault_on);
    ProcessResult failed = Kbs({"get", "--url", kbs.url(), "default/key/k1", TempPath("x")});
    ExpectOneLineFailure(failed, c.expected);
    ExpectNothingSecret(failed, {std::string(32, 'k')});
  }
}

TEST(KbsGetTest, AKbsThatNeverAnswersIsBoundedByTheTimeout) {
  TestKbsOptions options;
  options.fault = "hang";
  TestKbs kbs(Admin(), options);
  const auto start = std::chrono::steady_clock::now();
  ProcessResult failed =
      Kbs({"get", "--url", kbs.url(), "--kbs-timeout", "2", "default/key/k1", TempPath("x")});
  const auto seconds =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start)
          .count();
  ExpectOneLineFailure(failed, "no answer within 2 s");
  EXPECT_LT(seconds, 10);
}

TEST(KbsGetTest, ASlowAnswerWithinTheTimeoutIsWaitedFor) {
  const std::string key(32, '\x44');
  TestKbsOptions options;
  options.fault = "slow";  // 3 s before the resource's answer.
  options.fault_on = "resource";
  options.resources = {{"default/key/k1", key}};
  TestKbs kbs(Admin(), options);
  const std::string out = TempPath("slow-key");
  ProcessResult fetched =
      Kbs({"get", "--url", kbs.url(), "--kbs-timeout", "10", "default/key/k1", out});
  EXPECT_EQ(fetched.exit_code, 0) << fetched.err;
  EXPECT_EQ(ReadFile(out), key);
}

TEST(KbsGetTest, ProxiesFromTheEnvironmentAreNeverUsed) {
  const std::string key(32, '\x55');
  TestKbsOptions options;
  options.resources = {{"default/key/k1", key}};
  TestKbs kbs(Admin(), options);
  const std::string nowhere = UnansweredUrl();
  const std::string out = TempPath("no-proxy-key");
  ProcessResult fetched =
      RunBinary("", {"kbs", "get", "--url", kbs.url(), "default/key/k1", out},
                {"http_proxy=" + nowhere, "HTTPS_PROXY=" + nowhere, "ALL_PROXY=" + nowhere});
  EXPECT_EQ(fetched.exit_code, 0) << fetched.err;
  EXPECT_EQ(ReadFile(out), key);
}

TEST(KbsGetTest, KeyIdsAreResourcePathsOrKids) {
  const std::string key(32, '\x66');
  TestKbsOptions options;
  options.resources = {{"kbsprod/key/k1", key}};
  TestKbs kbs(Admin(), options);
  for (const std::string id : {"kbsprod/key/k1", "kbs:///kbsprod/key/k1"}) {
    const std::string out = TempPath("id-form-" + std::to_string(id.size()));
    ProcessResult fetched = Kbs({"get", "--url", kbs.url(), id, out});
    EXPECT_EQ(fetched.exit_code, 0) << id << ": " << fetched.err;
    EXPECT_EQ(ReadFile(out), key) << id;
  }
}

TEST(KbsGetTest, NoKbsThereIsOneLine) {
  ExpectOneLineFailure(Kbs({"get", "--url", UnansweredUrl(), "default/key/k1", TempPath("x")}),
                       "cannot connect");
  ExpectOneLineFailure(Kbs({"get", "--url", "http://no-such-kbs.invalid:8080", "--kbs-timeout", "5",
                            "default/key/k1", TempPath("x")}),
                       "no-such-kbs.invalid");
}

TEST(KbsHttpsTest, TrustsTheGivenCertificateAndNothingElse) {
  TestKbsOptions options;
  options.https = true;
  TestKbs kbs(Admin(), options);
  std::map<std::string, std::string> keys;
  const std::string file = FreshKeysFile("https.json", 1, &keys);
  ProcessResult untrusted =
      Kbs({"register", "--url", kbs.url(), "--admin-key", Admin().private_key, file});
  ExpectOneLineFailure(untrusted, "its TLS certificate is not trusted");
  EXPECT_TRUE(absl::StrContains(untrusted.err, "--kbs-cert")) << untrusted.err;
  ProcessResult registered = Kbs({"register", "--url", kbs.url(), "--admin-key",
                                  Admin().private_key, "--kbs-cert", kbs.certificate(), file});
  EXPECT_EQ(registered.exit_code, 0) << registered.err;
  const std::string out = TempPath("https-key");
  const std::string by_name = absl::StrCat("https://localhost:", kbs.port());
  ProcessResult fetched =
      Kbs({"get", "--url", by_name, "--kbs-cert", kbs.certificate(), "default/key/key_id1", out});
  EXPECT_EQ(fetched.exit_code, 0) << fetched.err;
  EXPECT_EQ(ReadFile(out), keys.at("default/key/key_id1"));
  ExpectOneLineFailure(Kbs({"get", "--url", kbs.url(), "default/key/key_id1", TempPath("x")}),
                       "its TLS certificate is not trusted");
}

TEST(KbsHttpsTest, ACertificateForAnotherHostIsRefused) {
  TestKbsOptions options;
  options.https = true;
  options.certificate_names = {"kbs.example"};
  TestKbs kbs(Admin(), options);
  ExpectOneLineFailure(Kbs({"get", "--url", kbs.url(), "--kbs-cert", kbs.certificate(),
                            "default/key/k1", TempPath("x")}),
                       "its TLS certificate is not trusted");
}

// The provider, as ocicrypt runs it with "args" from ocicrypt.conf.
std::vector<std::string> Registering(const TestKbs& kbs) {
  return {"--kbs", kbs.url(), "--kbs-admin-key", Admin().private_key};
}

TEST(ProviderKbsTest, KeywrapRegistersAndCcKbcUnwrapsWithNoLocalKeys) {
  TestKbs kbs(Admin());
  const std::string kek(32, '\x42');
  const std::string kek_file = WriteTempFile("provider-kek", kek);
  ProcessResult wrapped =
      RunBinary(KeyWrapRequest("keyid=kbs:///default/key/layers::keypath=" + kek_file, kOptsdata),
                Registering(kbs));
  ASSERT_EQ(wrapped.exit_code, 0) << wrapped.err;
  EXPECT_EQ(wrapped.err, "");
  EXPECT_TRUE(absl::StrContains(kbs.Log(), "\"path\": \"default/key/layers\""));
  const std::string annotation = AnnotationOf(wrapped.out);
  ProcessResult unwrapped =
      RunBinary(KeyUnwrapRequest("cc_kbc::" + kbs.url(), annotation), {"--keys-file", "/dev/null"});
  ASSERT_EQ(unwrapped.exit_code, 0) << unwrapped.err;
  EXPECT_EQ(OptsdataOf(unwrapped.out), kOptsdata);
  const std::string unnamed = absl::StrCat(
      R"({"op":"keyunwrap","keywrapparams":{},"keyunwrapparams":{"dc":{"Parameters":{}},)",
      R"("annotation":")", absl::Base64Escape(annotation), R"("}})");
  ProcessResult by_flag = RunBinary(unnamed, {"--kbc", "cc_kbc::" + kbs.url()});
  ProcessResult from_environment = RunBinary(unnamed, {}, {"AA_KBC_PARAMS=cc_kbc::" + kbs.url()});
  EXPECT_EQ(from_environment.exit_code, 0) << from_environment.err;
  EXPECT_EQ(OptsdataOf(from_environment.out), kOptsdata);
  EXPECT_EQ(by_flag.exit_code, 0) << by_flag.err;
  EXPECT_EQ(OptsdataOf(by_flag.out), kOptsdata);
  ExpectNothingSecret(wrapped, {kek});
  ExpectNothingSecret(unwrapped, {kek});
}

TEST(ProviderKbsTest, KeylessWrappingGivesEachLayerAFreshKeyUnderAFreshKid) {
  TestKbs kbs(Admin());
  std::vector<std::string> kids;
  for (const std::string params : {"Enabled", "algorithm=A256CTR"}) {
    ProcessResult wrapped = RunBinary(KeyWrapRequest(params, kOptsdata), Registering(kbs));
    ASSERT_EQ(wrapped.exit_code, 0) << params << ": " << wrapped.err;
    const std::string annotation = AnnotationOf(wrapped.out);
    rapidjson::Document packet;
    ASSERT_TRUE(ParseJson(annotation, annotation.size(), packet).ok()) << annotation;
    const std::string kid = packet["kid"].GetString();
    EXPECT_TRUE(absl::StartsWith(kid, "kbs:///default/image-kek/")) << kid;
    EXPECT_EQ(kid.size(), std::string("kbs:///default/image-kek/").size() + 36) << kid;
    kids.push_back(kid);
    ProcessResult unwrapped = RunBinary(KeyUnwrapRequest("cc_kbc::" + kbs.url(), annotation));
    ASSERT_EQ(unwrapped.exit_code, 0) << unwrapped.err;
    EXPECT_EQ(OptsdataOf(unwrapped.out), kOptsdata);
  }
  EXPECT_NE(kids[0], kids[1]);
  ExpectOneLineFailure(RunBinary(KeyWrapRequest("Enabled", kOptsdata)), "given no parameters");
  ExpectOneLineFailure(
      RunBinary(KeyWrapRequest("keyid=kbs:///default/key/k", kOptsdata), Registering(kbs)),
      "fresh key under the same kid for every layer");
}

TEST(ProviderKbsTest, AFailedRegistrationFailsTheWrap) {
  TestKbs kbs(Admin());
  const std::string kek_file = WriteTempFile("provider-kek-refused", std::string(32, 'r'));
  const AdminKeyFiles stranger = MakeAdminKey("provider-stranger");
  ProcessResult refused =
      RunBinary(KeyWrapRequest("keyid=kbs:///default/key/k::keypath=" + kek_file, kOptsdata),
                {"--kbs", kbs.url(), "--kbs-admin-key", stranger.private_key});
  ExpectOneLineFailure(
      refused, absl::StrCat("keywrap: KBS ", kbs.url(), ": registering default/key/k: 401"));
  ExpectNothingSecret(refused, {std::string(32, 'r')});
  ExpectOneLineFailure(
      RunBinary(KeyWrapRequest("keyid=kbs:///default/key/k::keypath=" + kek_file, kOptsdata),
                {"--kbs", UnansweredUrl(), "--kbs-admin-key", Admin().private_key}),
      "cannot connect");
  ProcessResult sample =
      RunBinary(KeyWrapRequest("sample=true", kOptsdata),
                {"--kbs", UnansweredUrl(), "--kbs-admin-key", Admin().private_key});
  EXPECT_EQ(sample.exit_code, 0) << "the sample key is never registered: " << sample.err;
}

TEST(ProviderKbsTest, TheUnwrappedKeyMustBeAKekAndTheKbsMustBeNamed) {
  TestKbsOptions options;
  options.fault = "wrong-size";
  options.fault_on = "resource";
  TestKbs kbs(Admin(), options);
  const std::string kek_file = WriteTempFile("provider-kek-size", std::string(32, 's'));
  ProcessResult wrapped =
      RunBinary(KeyWrapRequest("keyid=kbs:///default/key/s::keypath=" + kek_file, kOptsdata),
                Registering(kbs));
  ASSERT_EQ(wrapped.exit_code, 0) << wrapped.err;
  const std::string annotation = AnnotationOf(wrapped.out);
  ExpectOneLineFailure(RunBinary(KeyUnwrapRequest("cc_kbc::" + kbs.url(), annotation)),
                       "33 bytes, a key must be exactly 32");
  ExpectOneLineFailure(RunBinary(KeyUnwrapRequest("cc_kbc::null", annotation)),
                       "needs the KBS it fetches from");
  ExpectOneLineFailure(RunBinary(KeyUnwrapRequest("online_sev_kbc::" + kbs.url(), annotation)),
                       "which only a CoCo guest could do");
}

TEST(ProviderKbsTest, KbsFlagsMisuse) {
  const std::string request = KeyWrapRequest("sample=true", kOptsdata);
  ExpectOneLineFailure(RunBinary(request, {"--kbs", "http://127.0.0.1:1"}),
                       "--kbs needs --kbs-admin-key", 2);
  ExpectOneLineFailure(RunBinary(request, {"--kbs-admin-key", Admin().private_key}),
                       "--kbs-admin-key needs --kbs URL", 2);
  ExpectOneLineFailure(RunBinary(request, {"--kbs-role", "admin"}), "--kbs-role needs --kbs", 2);
  ExpectOneLineFailure(
      RunBinary(request, {"--kbs", "file:///etc/passwd", "--kbs-admin-key", Admin().private_key}),
      "--kbs", 2);
  ExpectOneLineFailure(RunBinary(request, {"--kbs-tee-key", "ec-p384"}), "--kbs-tee-key", 2);
}

TEST(KbsDoctorTest, DoctorChecksAKbsWithoutAConfig) {
  TestKbsOptions options;
  options.https = true;
  TestKbs kbs(Admin(), options);
  ProcessResult checked =
      RunBinary("", {"doctor", "--kbs", kbs.url(), "--kbs-cert", kbs.certificate(),
                     "--kbs-admin-key", Admin().private_key});
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  EXPECT_EQ(checked.err, "");
  EXPECT_EQ(checked.out,
            absl::StrCat("\u2713 --kbs-admin-key ", Admin().private_key,
                         ": a private Ed25519 key (PKCS#8 PEM) to sign the admin tokens\n"
                         "\u2713 --kbs-cert ",
                         kbs.certificate(),
                         ": PEM certificates, trusted for the KBS in place of the system's CA "
                         "bundle\n"
                         "\u2713 the KBS's TLS certificate verifies: ",
                         kbs.url(), ", against --kbs-cert ", kbs.certificate(),
                         "\n"
                         "\u2713 the KBS answers: ",
                         kbs.url(),
                         " answers a read without credentials as a KBS does: 401 TokenNotFound: "
                         "Attestation Token not found\n"));
  const std::string pem = ReadFile(Admin().private_key);
  const std::size_t body = pem.find('\n') + 1;  // The base64 line after BEGIN PRIVATE KEY.
  EXPECT_EQ(checked.out.find(pem.substr(body, pem.find('\n', body) - body)), std::string::npos);

  ProcessResult untrusted = RunBinary("", {"doctor", "--kbs", kbs.url()});
  EXPECT_EQ(untrusted.exit_code, 1);
  EXPECT_EQ(untrusted.out.rfind("\u2717 the KBS's TLS certificate verifies: ", 0), 0u)
      << untrusted.out;
  EXPECT_NE(untrusted.out.find("    fix: pass --kbs-cert"), std::string::npos);
  EXPECT_EQ(untrusted.err, "coco-keyprovider: doctor: 1 of 1 checks failed (see each fix above)\n");

  ExpectOneLineFailure(RunBinary("", {"doctor", "--kbs-cert", kbs.certificate()}),
                       "doctor: --kbs-cert needs --kbs URL", 2);
  ExpectOneLineFailure(RunBinary("", {"doctor", "--kbs", kbs.url(), "--config", "/x.conf"}),
                       "doctor: --kbs checks a KBS alone: not with --config", 2);
}

}  // namespace
}  // namespace coco
