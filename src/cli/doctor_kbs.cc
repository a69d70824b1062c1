#include "src/cli/doctor_kbs.h"

#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "src/common/warnings.h"
#include "src/kbs/http_client.h"
#include "src/kbs/kbs_options.h"
#include "src/kbs/kbs_protocol.h"

namespace coco {
namespace {

// A resource read without a cookie or token. Trustee looks for the attestation token before it
// looks at the path, so every KBS answers it 401 TokenNotFound (seen from a real v0.13 and in the
// code of later ones: spec/KBS.md §2.3, §2.5, §3.1), and it reads, writes and starts nothing: no
// session, unlike POST /auth.
constexpr absl::string_view kProbePath = "/kbs/v0/resource/default/coco-keyprovider-doctor/probe";
constexpr absl::string_view kAnswers = "the KBS answers";
constexpr absl::string_view kCertificateVerifies = "the KBS's TLS certificate verifies";
constexpr absl::string_view kProtected = "the connection to the KBS is protected";

CheckResult CheckAdminKey(const std::string& path) {
  const std::string check = absl::StrCat("--kbs-admin-key ", Shown(path));
  std::optional<CheckResult> problem = PrivateFileProblem(
      check, "", path,
      [&path] {
        Warnings unused;  // The only warning, that others may read it, is a failure of its own.
        return ReadAdminKey(path, unused.Within("")).status();
      },
      absl::StrCat("give the Ed25519 key whose public key the KBS trusts, e.g. openssl genpkey "
                   "-algorithm ed25519 -out ",
                   Shown(path), " (and openssl pkey -in ", Shown(path),
                   " -pubout for the KBS's config)"));
  if (problem.has_value()) return *std::move(problem);
  return Passed(check, "a private Ed25519 key (PKCS#8 PEM) to sign the admin tokens");
}

// The certificates' PEM, for the connection, when the check passes.
std::optional<std::string> CheckCertificateFile(const std::string& path, bool https,
                                                std::vector<CheckResult>& results) {
  const std::string check = absl::StrCat("--kbs-cert ", Shown(path));
  if (!absl::StartsWith(path, "/")) {
    results.push_back(Failed(check, std::string(kRelative), "give an absolute path"));
    return std::nullopt;
  }
  absl::StatusOr<std::string> pem = ReadKbsCertificates(path);
  if (!pem.ok()) {
    results.push_back(
        Failed(check, std::string(pem.status().message()),
               "give the KBS's CA certificate (or its self-signed one) in PEM, BEGIN CERTIFICATE"));
    return std::nullopt;
  }
  results.push_back(Passed(check, https ? "PEM certificates, trusted for the KBS in place of the "
                                          "system's CA bundle"
                                        : "PEM certificates (unused: the KBS URL is http://)"));
  return *std::move(pem);
}

// Plain HTTP carries the registered KEKs and the admin token readable, and lets anyone on the way
// answer in the KBS's name: a failure, but on loopback, where nothing leaves the machine.
CheckResult CheckPlainHttp(absl::string_view origin) {
  if (IsLoopbackOrigin(origin)) {
    return Passed(kProtected, absl::StrCat(Shown(origin),
                                           " is plain HTTP, but over loopback: it never "
                                           "leaves this machine"));
  }
  return Failed(
      kProtected,
      absl::StrCat(Shown(origin),
                   " is plain HTTP: the KEKs registered there and the admin token cross the "
                   "network readable, and anyone on the way can answer for the KBS"),
      "serve the KBS over HTTPS ([http_server] insecure_http = false, with private_key and "
      "certificate) and give its https:// URL, with --kbs-cert for its CA unless the system "
      "trusts it");
}

constexpr absl::string_view kNotTheKbsFix =
    "give the URL of the KBS itself (its [http_server] sockets), not another server's";

// The fix for a KBS that gave no answer: in time, or at all.
std::string NoAnswerFix(const absl::Status& status) {
  if (absl::IsDeadlineExceeded(status)) {
    return "check that the KBS runs and that nothing (a firewall) drops the connection on the way, "
           "or give it longer with --kbs-timeout";
  }
  return "start the KBS, or correct the URL: its host, its port, and its scheme (https:// only if "
         "it serves TLS)";
}

// The TLS line, for an answer or for a certificate that did not verify, and the answer's line.
void CheckAnswer(const KbsConnection& connection, absl::string_view trusted,
                 std::vector<CheckResult>& results) {
  const std::string origin = Shown(connection.origin);
  absl::StatusOr<std::unique_ptr<HttpClient>> client = HttpClient::Create(connection.http);
  if (!client.ok()) {
    results.push_back(Failed(kAnswers, std::string(client.status().message()),
                             "see the README's \"Keys in a KBS\""));
    return;
  }
  absl::StatusOr<HttpResponse> response =
      (*client)->Get(absl::StrCat(connection.origin, kProbePath));
  if (absl::IsUnauthenticated(response.status())) {
    results.push_back(Failed(
        kCertificateVerifies, absl::StrCat(origin, ": ", response.status().message()),
        connection.http.trusted_certificates.has_value()
            ? "give --kbs-cert the CA that signed the KBS's certificate (or its self-signed "
              "certificate), and a URL whose host that certificate names"
            : "pass --kbs-cert with the KBS's CA (or self-signed) certificate, or add that CA to "
              "the system's bundle (update-ca-certificates); the URL's host must be a name the "
              "certificate holds"));
    return;
  }
  // An answer over the bound is not a KBS's: it says 401 in a few bytes.
  if (absl::IsResourceExhausted(response.status())) {
    results.push_back(Failed(
        kAnswers,
        absl::StrCat(origin, " answers, but not as a KBS does: ", response.status().message()),
        std::string(kNotTheKbsFix)));
    return;
  }
  if (!response.ok()) {
    results.push_back(
        Failed(kAnswers, absl::StrCat(origin, " does not answer: ", response.status().message()),
               NoAnswerFix(response.status())));
    return;
  }
  if (absl::StartsWith(connection.origin, "https://")) {
    results.push_back(Passed(kCertificateVerifies, absl::StrCat(origin, ", against ", trusted)));
  }
  const std::string said =
      absl::StrCat(response->status, " ", RawErrorDetail(response->body.view()));
  if (!IsTrusteeError(response->body.view())) {
    results.push_back(Failed(kAnswers,
                             absl::StrCat(origin, " answers, but not as a KBS does: ", said),
                             std::string(kNotTheKbsFix)));
    return;
  }
  results.push_back(Passed(
      kAnswers, absl::StrCat(origin, " answers a read without credentials as a KBS does: ", said)));
}

}  // namespace

std::optional<KbsCheckInput> KbsCheckInputFrom(const ParsedFlags& flags, bool of_provider) {
  std::optional<std::string> url = flags.Value("--kbs");
  if (!url.has_value()) return std::nullopt;
  return KbsCheckInput{*std::move(url), flags.Value("--kbs-admin-key"), flags.Value("--kbs-cert"),
                       flags.Value("--kbs-timeout"),
                       of_provider ? FindKbsFlagMisuse(flags) : std::nullopt};
}

std::vector<CheckResult> CheckKbs(const KbsCheckInput& input) {
  std::vector<CheckResult> results;
  if (input.admin_key_file.has_value()) {
    results.push_back(CheckAdminKey(*input.admin_key_file));
  } else if (input.provider_refusal.has_value()) {
    results.push_back(
        Failed(input.provider_refusal->flag,
               absl::StrCat("missing: with --kbs alone keywrap refuses every request (\"",
                            input.provider_refusal->error, "\")"),
               "add \"--kbs-admin-key\", \"/etc/kbs/admin.pem\" to \"args\": the Ed25519 key whose "
               "public key the KBS trusts"));
  }
  KbsOptions options;
  options.timeout_seconds = kDoctorKbsTimeoutSeconds;
  if (input.timeout.has_value()) {
    if (absl::StatusOr<int> seconds = ParseKbsTimeout(*input.timeout); seconds.ok()) {
      options.timeout_seconds = *seconds;
    } else {
      results.push_back(Failed("--kbs-timeout", std::string(seconds.status().message()),
                               absl::StrCat("give whole seconds from 1 to ", kMaxKbsTimeoutSeconds,
                                            ", or drop it for the defaults")));
    }
  }
  // Without a certificate file the URL is all that can fail here.
  absl::StatusOr<KbsConnection> connection = ConnectionTo(input.url, options);
  if (!connection.ok()) {
    results.push_back(Failed(absl::StrCat("--kbs ", Shown(input.url)),
                             std::string(connection.status().message()),
                             "give http[s]://<host>[:<port>], e.g. https://kbs.example:8080"));
    return results;
  }
  const bool https = absl::StartsWith(connection->origin, "https://");
  std::string trusted = "the system's CA bundle";
  if (input.certificate_file.has_value()) {
    std::optional<std::string> pem = CheckCertificateFile(*input.certificate_file, https, results);
    // Without the certificates meant, a verification failure would only repeat this one.
    if (!pem.has_value()) return results;
    connection->http.trusted_certificates = *std::move(pem);
    trusted = absl::StrCat("--kbs-cert ", Shown(*input.certificate_file));
  }
  if (!https) results.push_back(CheckPlainHttp(connection->origin));
  CheckAnswer(*connection, trusted, results);
  return results;
}

void CheckProviderKbs(const ParsedFlags& args, std::vector<CheckResult>& results) {
  if (std::optional<KbsCheckInput> input = KbsCheckInputFrom(args, /*of_provider=*/true);
      input.has_value()) {
    for (CheckResult& result : CheckKbs(*input)) results.push_back(std::move(result));
    return;
  }
  if (std::optional<KbsFlagMisuse> misuse = FindKbsFlagMisuse(args); misuse.has_value()) {
    results.push_back(
        Failed(misuse->flag,
               absl::StrCat("given without --kbs: the provider refuses every request (\"",
                            misuse->error, "\")"),
               "add \"--kbs\", \"https://<kbs-host>:<port>\" to \"args\", or drop the KBS flags"));
    return;
  }
  // cc_kbc's KBS is named by each request, but its certificate file here: one that does not
  // parse fails every unwrap through a KBS.
  if (std::optional<std::string> certificate = args.Value("--kbs-cert"); certificate.has_value()) {
    CheckCertificateFile(*certificate, /*https=*/true, results);
  }
}

}  // namespace coco
