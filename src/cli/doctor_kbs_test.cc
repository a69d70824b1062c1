// doctor's KBS checks against tests/kbs/test_kbs.py, the test double of Trustee's KBS, over real
// HTTP and HTTPS on loopback.
#include "src/cli/doctor_kbs.h"

#include <openssl/bio.h>
#include <openssl/ec_key.h>
#include <openssl/evp.h>
#include <openssl/nid.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "src/cli/doctor_checks.h"
#include "src/cli/provider_settings.h"
#include "src/testing/temp_files.h"
#include "src/testing/test_kbs.h"

namespace coco {
namespace {

using test_support::AdminKeyFiles;
using test_support::MakeAdminKey;
using test_support::ReadFile;
using test_support::TempPath;
using test_support::TestKbs;
using test_support::TestKbsOptions;
using test_support::UnansweredUrl;
using test_support::WriteTempFile;

const AdminKeyFiles& Admin() {
  static const AdminKeyFiles* admin = new AdminKeyFiles(MakeAdminKey("doctor-admin"));
  return *admin;
}

// Every line as doctor prints it, for messages and for what must never appear.
std::string Lines(const std::vector<CheckResult>& results) {
  std::vector<std::string> lines;
  for (const CheckResult& r : results) {
    lines.push_back(absl::StrCat(r.ok ? "ok " : "FAILED ", r.check, ": ", r.detail,
                                 r.ok ? "" : absl::StrCat(" | fix: ", r.fix)));
  }
  return absl::StrJoin(lines, "\n");
}

// The result of the check named `check`; a test failure, and an empty failed one, when absent.
CheckResult Find(const std::vector<CheckResult>& results, absl::string_view check) {
  for (const CheckResult& result : results) {
    if (result.check == check) return result;
  }
  ADD_FAILURE() << "no check \"" << check << "\" in\n" << Lines(results);
  return CheckResult{};
}

bool Has(const std::vector<CheckResult>& results, absl::string_view check) {
  for (const CheckResult& result : results) {
    if (result.check == check) return true;
  }
  return false;
}

// The base64 lines of a PEM file: what must never be printed.
std::vector<std::string> PemBody(const std::string& pem) {
  std::vector<std::string> body;
  for (absl::string_view line : absl::StrSplit(pem, '\n')) {
    if (!line.empty() && !absl::StartsWith(line, "-----")) body.emplace_back(line);
  }
  EXPECT_FALSE(body.empty());
  return body;
}

void ExpectNoneOf(const std::vector<std::string>& secrets,
                  const std::vector<CheckResult>& results) {
  const std::string lines = Lines(results);
  for (const std::string& secret : secrets) {
    EXPECT_EQ(lines.find(secret), std::string::npos) << "printed: " << secret;
  }
}

KbsCheckInput InputFor(const std::string& url) {
  KbsCheckInput input;
  input.url = url;
  return input;
}

// A P-256 key in PKCS#8 PEM: a private key, but not the kind admin tokens are signed with.
std::string EcKeyFile() {
  bssl::UniquePtr<EC_KEY> ec(EC_KEY_new_by_curve_name(NID_X9_62_prime256v1));
  EXPECT_EQ(EC_KEY_generate_key(ec.get()), 1);
  bssl::UniquePtr<EVP_PKEY> key(EVP_PKEY_new());
  EXPECT_EQ(EVP_PKEY_assign_EC_KEY(key.get(), ec.release()), 1);
  bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  EXPECT_EQ(
      PEM_write_bio_PKCS8PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr),
      1);
  const uint8_t* data = nullptr;
  size_t size = 0;
  BIO_mem_contents(bio.get(), &data, &size);
  return WriteTempFile("ec.pem", std::string(reinterpret_cast<const char*>(data), size));
}

std::vector<CheckResult> ProviderChecks(std::vector<std::string> args) {
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  absl::StatusOr<ParsedFlags> flags = ParseFlags(kProviderFlags, {}, argv);
  EXPECT_TRUE(flags.ok()) << flags.status();
  std::vector<CheckResult> results;
  if (flags.ok()) CheckProviderKbs(*flags, results);
  return results;
}

TEST(DoctorKbsTest, AnHttpKbsOnLoopbackAnswersAndNothingChanges) {
  TestKbs kbs(Admin());
  KbsCheckInput input = InputFor(kbs.url());
  input.admin_key_file = Admin().private_key;
  const std::vector<CheckResult> results = CheckKbs(input);
  ASSERT_EQ(results.size(), 3u) << Lines(results);
  EXPECT_EQ(results[0].check, absl::StrCat("--kbs-admin-key ", Admin().private_key));
  EXPECT_EQ(results[0].detail, "a private Ed25519 key (PKCS#8 PEM) to sign the admin tokens");
  EXPECT_EQ(results[1].check, "the connection to the KBS is protected");
  EXPECT_EQ(results[1].detail, absl::StrCat(kbs.url(),
                                            " is plain HTTP, but over loopback: it never leaves "
                                            "this machine"));
  EXPECT_EQ(results[2].check, "the KBS answers");
  EXPECT_EQ(results[2].detail,
            absl::StrCat(kbs.url(),
                         " answers a read without credentials as a KBS does: 401 TokenNotFound: "
                         "Attestation Token not found"));
  for (const CheckResult& result : results) EXPECT_TRUE(result.ok) << Lines(results);
  ExpectNoneOf(PemBody(ReadFile(Admin().private_key)), results);
  // No session started, nothing stored or released: the test KBS logs each of those.
  EXPECT_EQ(kbs.Log(), "");
}

TEST(DoctorKbsTest, HttpsToAKbsThatServesHttpIsNoAnswer) {
  TestKbs kbs(Admin());
  const std::string url = absl::StrCat("https://127.0.0.1:", kbs.port());
  const std::vector<CheckResult> results = CheckKbs(InputFor(url));
  EXPECT_FALSE(Has(results, "the KBS's TLS certificate verifies")) << Lines(results);
  const CheckResult answers = Find(results, "the KBS answers");
  EXPECT_FALSE(answers.ok);
  EXPECT_EQ(answers.detail.rfind(absl::StrCat(url, " does not answer: "), 0), 0u) << answers.detail;
  EXPECT_NE(answers.fix.find("https:// only if it serves TLS"), std::string::npos);
}

TEST(DoctorKbsTest, NothingListening) {
  const std::string url = UnansweredUrl();
  const std::vector<CheckResult> results = CheckKbs(InputFor(url));
  ASSERT_EQ(results.size(), 2u) << Lines(results);
  EXPECT_TRUE(results[0].ok);
  EXPECT_FALSE(results[1].ok);
  EXPECT_EQ(results[1].check, "the KBS answers");
  EXPECT_EQ(results[1].detail.rfind(absl::StrCat(url, " does not answer: cannot connect ("), 0), 0u)
      << results[1].detail;
  EXPECT_EQ(results[1].fix.rfind("start the KBS, or correct the URL", 0), 0u);
}

TEST(DoctorKbsTest, PlainHttpOverANetworkFails) {
  KbsCheckInput input = InputFor("http://kbs.invalid:8080");
  input.timeout = "2";
  const std::vector<CheckResult> results = CheckKbs(input);
  const CheckResult unprotected = Find(results, "the connection to the KBS is protected");
  EXPECT_FALSE(unprotected.ok);
  EXPECT_EQ(unprotected.detail,
            "http://kbs.invalid:8080 is plain HTTP: the KEKs registered there and the admin token "
            "cross the network readable, and anyone on the way can answer for the KBS");
  EXPECT_EQ(unprotected.fix.rfind("serve the KBS over HTTPS", 0), 0u);
  EXPECT_FALSE(Find(results, "the KBS answers").ok);
}

TEST(DoctorKbsTest, AKbsThatNeverAnswersWithinTheTimeout) {
  TestKbsOptions options;
  options.fault = "hang";
  TestKbs kbs(Admin(), options);
  KbsCheckInput input = InputFor(kbs.url());
  input.timeout = "1";
  const CheckResult answers = Find(CheckKbs(input), "the KBS answers");
  EXPECT_FALSE(answers.ok);
  EXPECT_NE(answers.detail.find("does not answer: no answer within 1 s ("), std::string::npos)
      << answers.detail;
  EXPECT_NE(answers.fix.find("--kbs-timeout"), std::string::npos);
}

TEST(DoctorKbsTest, ServersThatAreNotAKbs) {
  const struct {
    std::string fault;
    std::string said;
  } cases[] = {
      {"redirect", "302 no detail"},
      {"oversized", "its answer is larger than 1048576 bytes"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.fault);
    TestKbsOptions options;
    options.fault = c.fault;
    TestKbs kbs(Admin(), options);
    const CheckResult answers = Find(CheckKbs(InputFor(kbs.url())), "the KBS answers");
    EXPECT_FALSE(answers.ok);
    EXPECT_EQ(answers.detail, absl::StrCat(kbs.url(), " answers, but not as a KBS does: ", c.said));
    EXPECT_EQ(answers.fix.rfind("give the URL of the KBS itself", 0), 0u);
  }
}

TEST(DoctorKbsTest, HttpsVerifiesOnlyWithTheKbsCertificate) {
  TestKbsOptions options;
  options.https = true;
  TestKbs kbs(Admin(), options);

  const std::vector<CheckResult> untrusted = CheckKbs(InputFor(kbs.url()));
  ASSERT_EQ(untrusted.size(), 1u) << Lines(untrusted);
  EXPECT_EQ(untrusted[0].check, "the KBS's TLS certificate verifies");
  EXPECT_FALSE(untrusted[0].ok);
  EXPECT_NE(untrusted[0].detail.find("its TLS certificate is not trusted (SSL certificate problem"),
            std::string::npos)
      << untrusted[0].detail;
  EXPECT_EQ(untrusted[0].fix.rfind("pass --kbs-cert with the KBS's CA", 0), 0u);
  // A certificate failure is not "does not answer".
  EXPECT_FALSE(Has(untrusted, "the KBS answers"));

  KbsCheckInput input = InputFor(kbs.url());
  input.certificate_file = kbs.certificate();
  const std::vector<CheckResult> trusted = CheckKbs(input);
  ASSERT_EQ(trusted.size(), 3u) << Lines(trusted);
  EXPECT_EQ(trusted[0].check, absl::StrCat("--kbs-cert ", kbs.certificate()));
  EXPECT_EQ(trusted[1].detail, absl::StrCat(kbs.url(), ", against --kbs-cert ", kbs.certificate()));
  EXPECT_EQ(trusted[2].check, "the KBS answers");
  for (const CheckResult& result : trusted) EXPECT_TRUE(result.ok) << Lines(trusted);

  const std::vector<CheckResult> for_cc_kbc = ProviderChecks({"--kbs-cert", kbs.certificate()});
  ASSERT_EQ(for_cc_kbc.size(), 1u) << Lines(for_cc_kbc);
  EXPECT_TRUE(for_cc_kbc[0].ok);
}

TEST(DoctorKbsTest, ACertificateForAnotherHostDoesNotVerify) {
  TestKbsOptions options;
  options.https = true;
  options.certificate_names = {"kbs.example"};
  TestKbs kbs(Admin(), options);
  KbsCheckInput input = InputFor(kbs.url());
  input.certificate_file = kbs.certificate();
  const CheckResult verifies = Find(CheckKbs(input), "the KBS's TLS certificate verifies");
  EXPECT_FALSE(verifies.ok);
  EXPECT_EQ(verifies.fix.rfind("give --kbs-cert the CA that signed the KBS's certificate", 0), 0u)
      << verifies.fix;
}

TEST(DoctorKbsTest, CertificateFilesThatWouldNotWork) {
  const std::string not_pem = WriteTempFile("not-a-cert.pem", "-----BEGIN CERTIFICATE-----\nAA\n");
  for (const std::string& file : {not_pem, std::string("kbs-ca.pem"), TempPath("missing.pem")}) {
    SCOPED_TRACE(file);
    KbsCheckInput input = InputFor("https://127.0.0.1:1");
    input.certificate_file = file;
    const std::vector<CheckResult> results = CheckKbs(input);
    // Nothing is asked of a KBS without the certificates meant for it.
    ASSERT_EQ(results.size(), 1u) << Lines(results);
    EXPECT_FALSE(results[0].ok);
    EXPECT_EQ(results[0].check, absl::StrCat("--kbs-cert ", file));
  }
  KbsCheckInput input = InputFor("https://127.0.0.1:1");
  input.certificate_file = not_pem;
  EXPECT_EQ(
      CheckKbs(input)[0].detail,
      absl::StrCat("--kbs-cert ", not_pem, ": not a PEM file of certificates (BEGIN CERTIFICATE)"));
}

TEST(DoctorKbsTest, AdminKeysThatWouldNotWork) {
  const std::string good = ReadFile(Admin().private_key);
  const std::string exposed = WriteTempFile("exposed-admin.pem", good);
  chmod(exposed.c_str(), 0644);
  const std::string garbage_body =
      "MC4CAQAwBQYDK2VwBCIEIGdhcmJhZ2UtZ2FyYmFnZS1nYXJiYWdlLWdhcmJhZ2U=";
  const std::string garbage = WriteTempFile(
      "garbage-admin.pem",
      absl::StrCat("-----BEGIN PRIVATE KEY-----\n", garbage_body, "\n-----END PRIVATE KEY-----\n"));
  const std::string ec = EcKeyFile();
  const std::string passwd = WriteTempFile("admin-passwd", "root:x:0:0:root:/root:/bin/bash\n");
  chmod(passwd.c_str(), 0644);
  const struct {
    std::string file;
    std::string detail;  // What the detail must hold.
    std::string fix;     // What the fix must start with.
  } cases[] = {
      {TempPath("no-admin.pem"), "No such file or directory", "give the Ed25519 key"},
      {exposed, "is readable by group or others (mode 0644)", "chmod 600 "},
      // Not an admin key: the fix for its contents, never "chmod 600 /etc/passwd".
      {passwd, "not an Ed25519 private key in PKCS#8 PEM", "give the Ed25519 key"},
      {garbage, "not an Ed25519 private key in PKCS#8 PEM", "give the Ed25519 key"},
      {ec, "not an Ed25519 private key in PKCS#8 PEM", "give the Ed25519 key"},
      {"admin.pem", "relative: it resolves against the client's working folder",
       "give an absolute path"},
  };
  std::vector<std::string> secrets = PemBody(good);
  secrets.push_back(garbage_body);
  for (const std::string& line : PemBody(ReadFile(ec))) secrets.push_back(line);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    KbsCheckInput input = InputFor(UnansweredUrl());
    input.admin_key_file = c.file;
    const std::vector<CheckResult> results = CheckKbs(input);
    const CheckResult key = Find(results, absl::StrCat("--kbs-admin-key ", c.file));
    EXPECT_FALSE(key.ok);
    EXPECT_NE(key.detail.find(c.detail), std::string::npos) << key.detail;
    EXPECT_EQ(key.fix.rfind(c.fix, 0), 0u) << key.fix;
    ExpectNoneOf(secrets, results);
  }
}

TEST(DoctorKbsTest, TheProvidersArgs) {
  EXPECT_TRUE(
      ProviderChecks({"--keys-file", "/etc/keys.json", "--kbs-tee-key", "ec-p521"}).empty());
  // For cc_kbc, whose KBS each request names.
  const std::vector<CheckResult> missing = ProviderChecks({"--kbs-cert", TempPath("no-ca.pem")});
  ASSERT_EQ(missing.size(), 1u) << Lines(missing);
  EXPECT_EQ(missing[0].check, absl::StrCat("--kbs-cert ", TempPath("no-ca.pem")));
  EXPECT_FALSE(missing[0].ok);

  const std::vector<CheckResult> alone = ProviderChecks({"--kbs", UnansweredUrl()});
  ASSERT_FALSE(alone.empty());
  EXPECT_EQ(alone[0].check, "--kbs-admin-key");
  EXPECT_FALSE(alone[0].ok);
  EXPECT_EQ(alone[0].detail.rfind("missing: with --kbs alone keywrap refuses every request", 0),
            0u);

  const std::vector<CheckResult> orphan = ProviderChecks({"--kbs-role", "ci"});
  ASSERT_EQ(orphan.size(), 1u);
  EXPECT_EQ(orphan[0].check, "--kbs-role");
  EXPECT_EQ(orphan[0].detail,
            "given without --kbs: the provider refuses every request (\"--kbs-role needs --kbs "
            "URL\")");

  const std::vector<CheckResult> timeout = ProviderChecks(
      {"--kbs", UnansweredUrl(), "--kbs-admin-key", Admin().private_key, "--kbs-timeout", "0"});
  const CheckResult bad = Find(timeout, "--kbs-timeout");
  EXPECT_FALSE(bad.ok);
  EXPECT_NE(bad.detail.find("from 1 to 3600, not \"0\""), std::string::npos) << bad.detail;

  const std::vector<CheckResult> url =
      ProviderChecks({"--kbs", "kbs.example:8080", "--kbs-admin-key", Admin().private_key});
  ASSERT_EQ(url.size(), 2u) << Lines(url);
  EXPECT_EQ(url[1].check, "--kbs kbs.example:8080");
  EXPECT_FALSE(url[1].ok);
}

// The same checks, run from ocicrypt.conf's entry among doctor's other checks.
TEST(DoctorKbsTest, TheConfigsEntryNamesTheKbs) {
  TestKbs kbs(Admin());
  const std::string program = WriteTempFile("kbs-coco-keyprovider", "#!/bin/sh\n");
  chmod(program.c_str(), 0755);
  DoctorInput input;
  input.this_program = program;
  input.check_kbs = CheckProviderKbs;
  input.config_path = WriteTempFile(
      "kbs.conf", absl::StrCat(R"({"key-providers":{"attestation-agent":{"cmd":{"path":")", program,
                               R"(","args":["--kbs",")", kbs.url(), R"(","--kbs-admin-key",")",
                               Admin().private_key, R"("]}}}})"));
  const std::vector<CheckResult> results = CheckSetup(input);
  ASSERT_EQ(results.size(), 9u) << Lines(results);
  for (const CheckResult& result : results) EXPECT_TRUE(result.ok) << Lines(results);
  EXPECT_EQ(results[6].check, absl::StrCat("--kbs-admin-key ", Admin().private_key));
  EXPECT_EQ(results[8].check, "the KBS answers");
}

}  // namespace
}  // namespace coco
