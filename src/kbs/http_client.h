#ifndef COCO_KEYPROVIDER_KBS_HTTP_CLIENT_H_
#define COCO_KEYPROVIDER_KBS_HTTP_CLIENT_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "curl/curl.h"
#include "src/common/secret_bytes.h"
#include "src/kbs/answer_size.h"

namespace coco {

// What a call to a KBS may take, and whom it trusts.
struct HttpSettings {
  // PEM of the CA (or the self-signed certificate) to trust for https://, in place of the system's
  // CA bundle. Peer and host-name verification are always on.
  std::optional<std::string> trusted_certificates;
  int connect_timeout_seconds = 10;
  int timeout_seconds = 30;  // The whole request.
};

struct HttpResponse {
  long status = 0;
  SecretBytes body;  // May hold secrets (a resource is a key): wiped.
};

// The origin of a KBS, scheme://host[:port], checked by libcurl's URL parser: http or https, no
// user, path, query or fragment.
absl::StatusOr<std::string> KbsOrigin(absl::string_view url);

// Whether the host of `origin` (as KbsOrigin gives it) is this machine: 127.0.0.0/8, ::1 or
// localhost. Anything else, an IPv4-mapped address or a name that only starts like one included,
// is not.
bool IsLoopbackOrigin(absl::string_view origin);

// One conversation with a KBS through libcurl: the connection is reused, and cookies (the RCAR
// session) live in memory only. Redirects are not followed, answers over kMaxResponseSize are
// refused, proxies are never used. libcurl starts on the first client of the process; a call that
// uses no KBS starts nothing of it. Its memory is wiped when freed, as it may hold keys and tokens.
class HttpClient {
 public:
  static absl::StatusOr<std::unique_ptr<HttpClient>> Create(const HttpSettings& settings);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Errors say what failed in words (no answer in time, certificate not trusted, ...), never the
  // body. `headers` are whole lines ("Authorization: Bearer ...").
  absl::StatusOr<HttpResponse> Get(const std::string& url);
  absl::StatusOr<HttpResponse> Post(const std::string& url, absl::string_view content_type,
                                    absl::string_view body,
                                    absl::Span<const std::string> headers = {});

 private:
  HttpClient(CURL* handle, const HttpSettings& settings) : handle_(handle), settings_(settings) {}
  absl::StatusOr<HttpResponse> Perform(const std::string& url, struct curl_slist* headers);

  CURL* handle_;
  HttpSettings settings_;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KBS_HTTP_CLIENT_H_
