#include "src/inspect/digest.h"

#include <openssl/sha.h>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "src/common/printable.h"

namespace coco {
namespace {

constexpr absl::string_view kSha256Prefix = "sha256:";

bool IsLowerHex(char c) {
  return absl::ascii_isdigit(static_cast<unsigned char>(c)) || (c >= 'a' && c <= 'f');
}

}  // namespace

std::string Sha256Digest(absl::string_view bytes) {
  uint8_t hash[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), hash);
  return absl::StrCat(kSha256Prefix, absl::BytesToHexString(absl::string_view(
                                         reinterpret_cast<const char*>(hash), sizeof(hash))));
}

absl::StatusOr<std::string> Sha256HexOf(absl::string_view digest) {
  if (!absl::StartsWith(digest, kSha256Prefix)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "digest \"", Printable(digest), "\" is not sha256:<hex>, the only algorithm read here"));
  }
  absl::string_view hex = digest.substr(kSha256Prefix.size());
  bool lower_hex = hex.size() == 2 * SHA256_DIGEST_LENGTH;
  for (char c : hex) lower_hex = lower_hex && IsLowerHex(c);
  if (!lower_hex) {
    return absl::InvalidArgumentError(absl::StrCat(
        "digest \"", Printable(digest), "\" is not sha256: and 64 lowercase hex digits"));
  }
  return std::string(hex);
}

}  // namespace coco
