#include "src/key_sources/resource_uri.h"

#include <algorithm>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
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

bool IsHostChar(char c) {
  return absl::ascii_isalnum(static_cast<unsigned char>(c)) ||
         absl::string_view("-._~").find(c) != absl::string_view::npos;
}

bool IsIpv6Char(char c) {
  return absl::ascii_isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
}

bool IsQueryChar(char c) { return IsSegmentChar(c) || c == '/' || c == '?'; }

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

// Empty, or host[:port] as a URL parser reads it: a name or IPv4 address, or a bracketed IPv6
// address, then an optional port of at most 65535.
absl::Status CheckAddress(absl::string_view address) {
  const absl::Status invalid = UriError("the KBS address is not host[:port]");
  absl::string_view host = address;
  absl::string_view port;
  if (absl::StartsWith(address, "[")) {
    const size_t close = address.find(']');
    if (close == absl::string_view::npos || close == 1) return invalid;
    if (!AllOf(address.substr(1, close - 1), IsIpv6Char)) return invalid;
    host = address.substr(0, close + 1);
    if (close + 1 < address.size()) {
      if (address[close + 1] != ':') return invalid;
      port = address.substr(close + 2);
      if (port.empty()) return invalid;
    }
  } else if (const size_t colon = address.find(':'); colon != absl::string_view::npos) {
    host = address.substr(0, colon);
    port = address.substr(colon + 1);
    if (host.empty() || port.empty() || !AllOf(host, IsHostChar)) return invalid;
  } else if (!AllOf(host, IsHostChar)) {
    return invalid;
  }
  int port_number = 0;
  if (!port.empty() &&
      (port.size() > 5 || !absl::SimpleAtoi(port, &port_number) ||
       !AllOf(port, [](char c) { return absl::ascii_isdigit(c); }) || port_number > 65535)) {
    return invalid;
  }
  return absl::OkStatus();
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
    if (IsDotSegment(segment)) {
      return UriError(DotSegmentError("the resource path", segment).message());
    }
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

bool IsDotSegment(absl::string_view segment) { return segment == "." || segment == ".."; }

absl::Status DotSegmentError(absl::string_view what, absl::string_view segment) {
  return absl::InvalidArgumentError(
      absl::StrCat(what, " has a \"", segment,
                   "\" segment, which CoCo guests resolve away before they look the key up"));
}

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
  if (absl::Status s = CheckAddress(uri.address_); !s.ok()) return s;
  uri.path_ = std::string(rest.substr(slash + 1));
  if (absl::Status s = CheckPath(uri.scheme_, uri.path_); !s.ok()) return s;
  if (!AllOf(absl::string_view(uri.query_).substr(std::min<size_t>(1, uri.query_.size())),
             IsQueryChar)) {
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
