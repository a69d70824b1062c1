#ifndef COCO_KEYPROVIDER_KBS_KBS_CLIENT_H_
#define COCO_KEYPROVIDER_KBS_KBS_CLIENT_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"
#include "src/kbs/admin_token.h"
#include "src/kbs/http_client.h"
#include "src/kbs/kbs_protocol.h"
#include "src/kbs/tee_key.h"

namespace coco {

// OK for a resource path Trustee's resource plugin stores: three segments of [A-Za-z0-9_.-], none
// starting with '.'.
absl::Status CheckTrusteeResourcePath(absl::string_view path);

// Which KBS, and how to talk to it.
struct KbsConnection {
  std::string origin;  // http[s]://host[:port], as KbsOrigin gives it.
  HttpSettings http;
  TeeKeyType tee_key = TeeKeyType::kEcP256;
};

// Retrieval as a CoCo guest does it (cc_kbc): the RCAR handshake (/auth, the kbs-session-id
// cookie, /attest with sample evidence), then GET /kbs/v0/resource/<path>, whose JWE it opens with
// the handshake's ephemeral key. It speaks protocol 0.4.0 and, when a KBS asks for it, 0.2.0; a 401
// on the resource gets one fresh handshake, as upstream's client does. Only a KBS whose policy
// accepts sample evidence (a test or staging KBS) releases anything to it.
class ResourceClient {
 public:
  explicit ResourceClient(KbsConnection connection) : connection_(std::move(connection)) {}

  // The resource's bytes. Errors start with "KBS <origin>: " and name the step, the status and the
  // KBS's own detail.
  absl::StatusOr<SecretBytes> Get(absl::string_view resource_path);

 private:
  absl::Status Handshake();
  absl::StatusOr<std::string> Auth();
  absl::StatusOr<HttpResponse> Fetch(absl::string_view resource_path);

  KbsConnection connection_;
  std::unique_ptr<HttpClient> http_;
  std::optional<TeeKey> tee_key_;
  KbsProtocol protocol_ = KbsProtocol::kV0_4_0;
};

// Registration through the KBS admin API: POST /kbs/v0/resource/<path> with the raw key and an
// admin token. Any answer but 200 is an error.
class ResourceRegistrar {
 public:
  ResourceRegistrar(KbsConnection connection, AdminKey key, AdminClaims claims)
      : connection_(std::move(connection)), key_(std::move(key)), claims_(std::move(claims)) {}

  // Errors start with "KBS <origin>: registering <path>: " and name the status and the detail.
  absl::Status Register(absl::string_view resource_path, const SecretBytes& value);

 private:
  KbsConnection connection_;
  AdminKey key_;
  AdminClaims claims_;
  std::unique_ptr<HttpClient> http_;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KBS_KBS_CLIENT_H_
