#include "src/wrapping/resource_uri.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace coco {
namespace {

constexpr absl::string_view kScheme = "kbs";
constexpr absl::string_view kSchemeSeparator = "://";
constexpr absl::string_view kExpectedForms =
    "expected kbs:///<repository>/<type>/<tag>, kbs://<kbs-addr>/<repository>/<type>/<tag>, "
    "kbs+<plugin>://[<kbs-addr>]/<path>, <kbs-addr>/<repository>/<type>/<tag> or "
    "/<repository>/<type>/<tag>";

absl::Status UriError(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(why, "; ", kExpectedForms));
}

// RFC 3986 pchar without percent-encoding: what a URL parser keeps verbatim in a path segment.
bool IsSegmentChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         absl::string_view("-._~!$&'()*+,;=:@").find(c) != absl::string_view::npos;
}

// host[:port], a DNS name, IPv4 address or bracketed IPv6 address.
bool IsAddressChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         absl::string_view("-._:[]").find(c) != absl::string_view::npos;
}

bool IsPluginChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         absl::string_view("+-.").find(c) != absl::string_view::npos;
}

template <typename Predicate>
bool AllOf(absl::string_view text, Predicate predicate) {
  for (char c : text) {
    if (!predicate(c)) return false;
  }
  return true;
}

absl::Status CheckScheme(absl::string_view scheme) {
  if (scheme == kScheme) return absl::OkStatus();
  if (absl::StartsWith(scheme, "kbs+") && scheme.size() > 4 && AllOf(scheme, IsPluginChar)) {
    return absl::OkStatus();
  }
  return UriError("the scheme must be kbs or kbs+<plugin>");
}

absl::Status CheckPath(absl::string_view scheme, absl::string_view path) {
  std::vector<absl::string_view> segments = absl::StrSplit(path, '/');
  for (absl::string_view segment : segments) {
    if (segment.empty()) return UriError("the resource path has an empty segment");
    if (!AllOf(segment, IsSegmentChar)) {
      return UriError("the resource path has a character that is not allowed in a URI path");
    }
  }
  if (scheme == kScheme && segments.size() != 3) {
    return UriError(absl::StrCat("the resource path has ", segments.size(),
                                 " segments, kbs:// needs exactly 3"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ResourceUri> ResourceUri::ParseKid(absl::string_view kid) {
  const size_t separator = kid.find(kSchemeSeparator);
  if (separator == absl::string_view::npos) return UriError("not a kbs:// URI");
  ResourceUri uri;
  uri.scheme_ = std::string(kid.substr(0, separator));
  if (absl::Status s = CheckScheme(uri.scheme_); !s.ok()) return s;

  absl::string_view rest = kid.substr(separator + kSchemeSeparator.size());
  const size_t query = rest.find('?');
  if (query != absl::string_view::npos) {
    uri.query_ = std::string(rest.substr(query));
    rest = rest.substr(0, query);
  }
  const size_t slash = rest.find('/');
  if (slash == absl::string_view::npos) return UriError("no resource path");
  uri.address_ = std::string(rest.substr(0, slash));
  if (!AllOf(uri.address_, IsAddressChar)) return UriError("the KBS address is not host[:port]");
  uri.path_ = std::string(rest.substr(slash + 1));
  if (absl::Status s = CheckPath(uri.scheme_, uri.path_); !s.ok()) return s;
  if (absl::string_view(uri.query_).find_first_of(" #\t\r\n") != absl::string_view::npos) {
    return UriError("the query has a character that is not allowed in a URI");
  }
  return uri;
}

absl::StatusOr<ResourceUri> ResourceUri::ParseKeyId(absl::string_view keyid) {
  if (keyid.find(kSchemeSeparator) != absl::string_view::npos) return ParseKid(keyid);
  if (keyid.empty()) return UriError("empty");
  // `/<r>/<t>/<g>` becomes kbs:///<r>/<t>/<g>, `<kbs-addr>/<r>/<t>/<g>` kbs://<kbs-addr>/...
  return ParseKid(absl::StrCat(kScheme, kSchemeSeparator, keyid));
}

std::string ResourceUri::ToString() const {
  return absl::StrCat(scheme_, kSchemeSeparator, address_, "/", path_, query_);
}

}  // namespace coco
