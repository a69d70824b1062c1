#include "src/kbs/http_client.h"

#include <arpa/inet.h>
#include <malloc.h>
#include <openssl/mem.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "src/common/printable.h"
#include "src/common/program.h"

namespace coco {
namespace {

// Known places of the system's CA bundle (Debian and Ubuntu, Fedora and RHEL, openSUSE, Alpine):
// the binary is static and may run on any of them.
constexpr const char* kCaBundles[] = {
    "/etc/ssl/certs/ca-certificates.crt",
    "/etc/pki/tls/certs/ca-bundle.crt",
    "/etc/ssl/ca-bundle.pem",
    "/etc/ssl/cert.pem",
};

// libcurl's memory, wiped when freed: its buffers hold request bodies (keys) and headers (tokens).
void WipedFree(void* p) {
  if (p == nullptr) return;
  OPENSSL_cleanse(p, malloc_usable_size(p));
  free(p);
}

void* WipedRealloc(void* p, size_t size) {
  if (p == nullptr) return malloc(size);
  if (size == 0) {
    WipedFree(p);
    return nullptr;
  }
  void* moved = malloc(size);
  if (moved == nullptr) return nullptr;
  std::memcpy(moved, p, std::min(size, malloc_usable_size(p)));
  WipedFree(p);
  return moved;
}

// A plain copy: WipedFree wipes it when libcurl frees it.
char* CopyString(const char* text) {
  const size_t size = std::strlen(text) + 1;
  char* copy = static_cast<char*>(malloc(size));
  if (copy != nullptr) std::memcpy(copy, text, size);
  return copy;
}

// Once per process, on the first client only.
absl::Status StartCurl() {
  static std::once_flag once;
  static CURLcode started = CURLE_OK;
  std::call_once(once, [] {
    // libcurl would write the TLS session keys to a file this variable names.
    unsetenv("SSLKEYLOGFILE");
    started =
        curl_global_init_mem(CURL_GLOBAL_ALL, malloc, WipedFree, WipedRealloc, CopyString, calloc);
  });
  if (started != CURLE_OK) {
    return absl::InternalError(absl::StrCat("cannot start libcurl: ", curl_easy_strerror(started)));
  }
  return absl::OkStatus();
}

const char* SystemCaBundle() {
  for (const char* bundle : kCaBundles) {
    if (access(bundle, R_OK) == 0) return bundle;
  }
  return nullptr;
}

struct Received {
  SecretBytes body;
  bool too_large = false;
};

// A chunked answer has no length to refuse up front: counting is the only limit.
size_t Receive(char* data, size_t size, size_t count, void* user) {
  auto* received = static_cast<Received*>(user);
  const size_t bytes = size * count;
  if (received->body.size() + bytes > kMaxResponseSize) {
    received->too_large = true;
    return 0;
  }
  const size_t used = received->body.size();
  received->body.resize(used + bytes);
  std::memcpy(received->body.data() + used, data, bytes);
  return bytes;
}

// Text of libcurl's for an error line: it may quote the peer (a certificate's name, a header), so
// every byte outside printable ASCII is written as \xNN.
std::string EscapedCurlText(absl::string_view text) {
  std::string escaped;
  for (unsigned char c : text.substr(0, 200)) {
    if (c >= 0x20 && c < 0x7f) {
      escaped.push_back(static_cast<char>(c));
    } else {
      absl::StrAppend(&escaped, "\\x", absl::Hex(c, absl::kZeroPad2));
    }
  }
  return escaped;
}

// What went wrong, in words. `connected` tells a timeout before the connection from one after.
absl::Status CurlError(CURLcode code, const char* detail, bool connected,
                       const HttpSettings& settings) {
  const std::string why = EscapedCurlText(*detail != '\0' ? detail : curl_easy_strerror(code));
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
      return absl::UnavailableError(absl::StrCat("cannot resolve its host name (", why, ")"));
    case CURLE_COULDNT_CONNECT:
      return absl::UnavailableError(absl::StrCat("cannot connect (", why, ")"));
    case CURLE_OPERATION_TIMEDOUT:
      if (!connected) {
        return absl::DeadlineExceededError(
            absl::StrCat("no connection within ",
                         std::min(settings.connect_timeout_seconds, settings.timeout_seconds),
                         " s (", why, "; --kbs-timeout sets it)"));
      }
      return absl::DeadlineExceededError(absl::StrCat("no answer within ", settings.timeout_seconds,
                                                      " s (", why, "; --kbs-timeout sets it)"));
    case CURLE_PEER_FAILED_VERIFICATION:
      return absl::UnauthenticatedError(
          absl::StrCat("its TLS certificate is not trusted (", why,
                       "); give its CA or self-signed certificate with --kbs-cert"));
    case CURLE_SSL_CACERT_BADFILE:
      return absl::UnauthenticatedError(
          absl::StrCat("no CA certificates to check its TLS certificate against (", why,
                       "); give its CA or self-signed certificate with --kbs-cert"));
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
      return absl::ResourceExhaustedError(
          absl::StrCat("its answer is larger than ", kMaxResponseSize, " bytes"));
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return absl::UnavailableError(
          absl::StrCat("the connection ended before the whole answer came (", why, ")"));
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
      return absl::UnavailableError(absl::StrCat("the connection failed (", why, ")"));
    default:
      return absl::UnavailableError(why);
  }
}

// The URL for an error line, without what a user part could hold (a password).
std::string PrintableUrl(absl::string_view url) {
  const std::size_t authority = url.find("://");
  const std::size_t at = url.find('@');
  if (authority != absl::string_view::npos && at != absl::string_view::npos &&
      at < url.find('/', authority + 3)) {
    return Printable(absl::StrCat(url.substr(0, authority + 3), "...", url.substr(at)));
  }
  return Printable(url);
}

// libcurl options, set in order until one is refused: the refusal is an error, so that the client
// never runs with a default where a setting (verification, limits) was meant.
class Options {
 public:
  explicit Options(CURL* handle) : handle_(handle) {}
  template <typename T>
  Options& Set(CURLoption option, T value) {
    if (failed_ == CURLE_OK) failed_ = curl_easy_setopt(handle_, option, value);
    return *this;
  }
  absl::Status status() const {
    if (failed_ == CURLE_OK) return absl::OkStatus();
    return absl::InternalError(
        absl::StrCat("libcurl refused a setting: ", curl_easy_strerror(failed_)));
  }

 private:
  CURL* handle_;
  CURLcode failed_ = CURLE_OK;
};

}  // namespace

absl::StatusOr<std::string> KbsOrigin(absl::string_view url) {
  const absl::Status refused = absl::InvalidArgumentError(absl::StrCat(
      "KBS URL \"", PrintableUrl(url), "\" is not http[s]://host[:port] (no path, user or query)"));
  CURLU* parsed = curl_url();
  if (parsed == nullptr) return absl::ResourceExhaustedError("out of memory");
  const std::string text(url);
  std::string origin;
  char* scheme = nullptr;
  char* host = nullptr;
  char* port = nullptr;
  char* path = nullptr;
  char* extra = nullptr;
  bool ok = curl_url_set(parsed, CURLUPART_URL, text.c_str(), 0) == CURLUE_OK &&
            curl_url_get(parsed, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
            curl_url_get(parsed, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
            curl_url_get(parsed, CURLUPART_PATH, &path, 0) == CURLUE_OK;
  ok = ok && (absl::string_view(scheme) == "http" || absl::string_view(scheme) == "https") &&
       (absl::string_view(path) == "/" || absl::string_view(path).empty());
  for (CURLUPart part : {CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_QUERY, CURLUPART_FRAGMENT}) {
    if (ok && curl_url_get(parsed, part, &extra, 0) == CURLUE_OK) ok = false;
    curl_free(extra);
    extra = nullptr;
  }
  if (ok) {
    origin = absl::StrCat(scheme, "://", host);
    if (curl_url_get(parsed, CURLUPART_PORT, &port, 0) == CURLUE_OK)
      absl::StrAppend(&origin, ":", port);
  }
  for (char* part : {scheme, host, port, path}) curl_free(part);
  curl_url_cleanup(parsed);
  if (!ok) return refused;
  return origin;
}

bool IsLoopbackOrigin(absl::string_view origin) {
  const std::size_t scheme_end = origin.find("://");
  if (scheme_end == absl::string_view::npos) return false;
  absl::string_view host = origin.substr(scheme_end + 3);
  if (absl::ConsumePrefix(&host, "[")) {
    const std::size_t end = host.find(']');
    if (end == absl::string_view::npos) return false;
    host = host.substr(0, end);
  } else {
    host = host.substr(0, host.find(':'));
  }
  const std::string address(host);
  in_addr v4;
  in6_addr v6;
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return absl::EqualsIgnoreCase(host, "localhost");
}

absl::StatusOr<std::unique_ptr<HttpClient>> HttpClient::Create(const HttpSettings& settings) {
  if (absl::Status started = StartCurl(); !started.ok()) return started;
  CURL* handle = curl_easy_init();
  if (handle == nullptr) return absl::InternalError("cannot start a libcurl handle");
  auto client = std::unique_ptr<HttpClient>(new HttpClient(handle, settings));
  Options options(handle);
  const std::string user_agent = absl::StrCat(kProgramName, "/", kVersion);
  options.Set(CURLOPT_PROTOCOLS_STR, "http,https")
      .Set(CURLOPT_FOLLOWLOCATION, 0L)
      .Set(CURLOPT_NOSIGNAL, 1L)
      .Set(CURLOPT_CONNECTTIMEOUT_MS,
           static_cast<long>(std::min(settings.connect_timeout_seconds, settings.timeout_seconds)) *
               1000)
      .Set(CURLOPT_TIMEOUT_MS, static_cast<long>(settings.timeout_seconds) * 1000)
      .Set(CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(kMaxResponseSize))
      // In memory only: the RCAR session cookie.
      .Set(CURLOPT_COOKIEFILE, "")
      .Set(CURLOPT_SSL_VERIFYPEER, 1L)
      .Set(CURLOPT_SSL_VERIFYHOST, 2L)
      .Set(CURLOPT_USERAGENT, user_agent.c_str());
  if (settings.trusted_certificates.has_value()) {
    struct curl_blob pem;
    pem.data = const_cast<char*>(settings.trusted_certificates->data());
    pem.len = settings.trusted_certificates->size();
    pem.flags = CURL_BLOB_COPY;
    options.Set(CURLOPT_CAINFO_BLOB, &pem);
  } else if (const char* bundle = SystemCaBundle(); bundle != nullptr) {
    options.Set(CURLOPT_CAINFO, bundle);
  }
  if (absl::Status set = options.status(); !set.ok()) return set;
  return client;
}

HttpClient::~HttpClient() { curl_easy_cleanup(handle_); }

absl::StatusOr<HttpResponse> HttpClient::Perform(const std::string& url,
                                                 struct curl_slist* headers) {
  char detail[CURL_ERROR_SIZE] = {};
  Received received;
  Options options(handle_);
  options.Set(CURLOPT_URL, url.c_str())
      .Set(CURLOPT_HTTPHEADER, headers)
      .Set(CURLOPT_ERRORBUFFER, detail)
      .Set(CURLOPT_WRITEFUNCTION, Receive)
      .Set(CURLOPT_WRITEDATA, &received);
  const CURLcode code = options.status().ok() ? curl_easy_perform(handle_) : CURLE_OK;
  curl_easy_setopt(handle_, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(handle_, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(handle_, CURLOPT_POSTFIELDS, nullptr);
  curl_slist_free_all(headers);
  if (absl::Status set = options.status(); !set.ok()) return set;
  if (received.too_large) return CurlError(CURLE_WRITE_ERROR, "", true, settings_);
  if (code != CURLE_OK) {
    curl_off_t connect_time = 0;
    curl_easy_getinfo(handle_, CURLINFO_CONNECT_TIME_T, &connect_time);
    return CurlError(code, detail, connect_time > 0, settings_);
  }
  HttpResponse response;
  curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &response.status);
  response.body = std::move(received.body);
  return response;
}

absl::StatusOr<HttpResponse> HttpClient::Get(const std::string& url) {
  if (curl_easy_setopt(handle_, CURLOPT_HTTPGET, 1L) != CURLE_OK) {
    return absl::InternalError("libcurl refused a GET");
  }
  return Perform(url, nullptr);
}

absl::StatusOr<HttpResponse> HttpClient::Post(const std::string& url,
                                              absl::string_view content_type,
                                              absl::string_view body,
                                              absl::Span<const std::string> headers) {
  // libcurl reads the body from our buffer during the call (a small one through its own, wiped
  // when freed); Perform unsets it before returning.
  Options options(handle_);
  options.Set(CURLOPT_POST, 1L)
      .Set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()))
      .Set(CURLOPT_POSTFIELDS, body.data());
  if (absl::Status set = options.status(); !set.ok()) return set;
  struct curl_slist* list = nullptr;
  const std::string type_header = absl::StrCat("Content-Type: ", content_type);
  for (const std::string* header : {&type_header}) list = curl_slist_append(list, header->c_str());
  for (const std::string& header : headers) {
    struct curl_slist* longer = list == nullptr ? nullptr : curl_slist_append(list, header.c_str());
    if (longer == nullptr) {
      curl_slist_free_all(list);
      return absl::ResourceExhaustedError("out of memory for the request's headers");
    }
    list = longer;
  }
  if (list == nullptr)
    return absl::ResourceExhaustedError("out of memory for the request's headers");
  return Perform(url, list);
}

}  // namespace coco
