#include "src/kbs/kbs_client.h"

#include <ctime>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "src/common/status_context.h"

namespace coco {
namespace {

constexpr absl::string_view kApi = "/kbs/v0/";

bool IsTrusteeSegmentChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

}  // namespace

absl::Status CheckTrusteeResourcePath(absl::string_view path) {
  const std::vector<absl::string_view> segments = absl::StrSplit(path, '/');
  bool fits = segments.size() == 3;
  for (absl::string_view segment : segments) {
    fits = fits && !segment.empty() && segment[0] != '.';
    for (char c : segment) fits = fits && IsTrusteeSegmentChar(c);
  }
  if (fits) return absl::OkStatus();
  return absl::InvalidArgumentError(
      "a KBS stores only <repository>/<type>/<tag> of letters, digits, '_', '-' and '.' (not "
      "leading)");
}

namespace {

// "401 PolicyDeny: Access denied by policy"
absl::Status Refused(const HttpResponse& response) {
  const std::string why = absl::StrCat(response.status, " ", ErrorDetail(response.body.view()));
  if (response.status == 401) return absl::PermissionDeniedError(why);
  if (response.status == 404) return absl::NotFoundError(why);
  return absl::UnavailableError(why);
}

absl::Status Started(std::unique_ptr<HttpClient>& http, const HttpSettings& settings) {
  if (http != nullptr) return absl::OkStatus();
  absl::StatusOr<std::unique_ptr<HttpClient>> client = HttpClient::Create(settings);
  if (!client.ok()) return client.status();
  http = *std::move(client);
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> ResourceClient::Auth() {
  const std::string url = absl::StrCat(connection_.origin, kApi, "auth");
  auto post = [&] { return http_->Post(url, "application/json", AuthRequestJson(protocol_)); };
  absl::StatusOr<HttpResponse> response = post();
  if (response.ok() && response->status != 200) {
    // A KBS of another generation says which version it speaks: once, in that one.
    if (std::optional<KbsProtocol> asked = ProtocolAskedFor(response->body.view());
        asked.has_value() && *asked != protocol_) {
      protocol_ = *asked;
      response = post();
    }
  }
  if (!response.ok()) return response.status();
  if (response->status != 200) return Refused(*response);
  return ChallengeNonce(response->body.view());
}

absl::Status ResourceClient::Handshake() {
  if (absl::Status started = Started(http_, connection_.http); !started.ok()) return started;
  absl::StatusOr<TeeKey> tee_key = TeeKey::Generate(connection_.tee_key);
  if (!tee_key.ok()) return tee_key.status();
  tee_key_ = *std::move(tee_key);
  absl::StatusOr<std::string> nonce = Auth();
  if (!nonce.ok()) return WithContext("auth", nonce.status());
  absl::StatusOr<std::string> attestation =
      AttestRequestJson(protocol_, *nonce, tee_key_->PublicJwkJson());
  if (!attestation.ok()) return WithContext("attest", attestation.status());
  absl::StatusOr<HttpResponse> response = http_->Post(
      absl::StrCat(connection_.origin, kApi, "attest"), "application/json", *attestation);
  if (!response.ok()) return WithContext("attest", response.status());
  if (response->status != 200) return WithContext("attest", Refused(*response));
  return WithContext("attest", CheckAttestationToken(response->body.view()));
}

absl::StatusOr<HttpResponse> ResourceClient::Fetch(absl::string_view resource_path) {
  if (absl::Status handshake = Handshake(); !handshake.ok()) return handshake;
  absl::StatusOr<HttpResponse> response =
      http_->Get(absl::StrCat(connection_.origin, kApi, "resource/", resource_path));
  if (!response.ok())
    return WithContext(absl::StrCat("resource ", resource_path), response.status());
  return response;
}

absl::StatusOr<SecretBytes> ResourceClient::Get(absl::string_view resource_path) {
  const std::string context = absl::StrCat("KBS ", connection_.origin);
  absl::StatusOr<HttpResponse> response = Fetch(resource_path);
  // An expired or unknown session: one fresh handshake.
  if (response.ok() && response->status == 401) response = Fetch(resource_path);
  if (!response.ok()) return WithContext(context, response.status());
  const std::string step = absl::StrCat(context, ": resource ", resource_path);
  if (response->status != 200) return WithContext(step, Refused(*response));
  absl::StatusOr<SecretBytes> resource = tee_key_->OpenJwe(response->body.view());
  if (!resource.ok()) return WithContext(step, resource.status());
  return resource;
}

absl::Status ResourceRegistrar::Register(absl::string_view resource_path,
                                         const SecretBytes& value) {
  const std::string context =
      absl::StrCat("KBS ", connection_.origin, ": registering ", resource_path);
  if (absl::Status fits = CheckTrusteeResourcePath(resource_path); !fits.ok()) {
    return WithContext(context, fits);
  }
  if (absl::Status started = Started(http_, connection_.http); !started.ok()) {
    return WithContext(context, started);
  }
  std::string authorization =
      absl::StrCat("Authorization: Bearer ", key_.SignToken(claims_, std::time(nullptr)).view());
  absl::StatusOr<HttpResponse> response =
      http_->Post(absl::StrCat(connection_.origin, kApi, "resource/", resource_path),
                  "application/octet-stream", value.view(), absl::MakeConstSpan(&authorization, 1));
  WipeString(authorization);
  if (!response.ok()) return WithContext(context, response.status());
  if (response->status != 200) return WithContext(context, Refused(*response));
  return absl::OkStatus();
}

}  // namespace coco
