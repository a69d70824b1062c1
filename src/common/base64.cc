#include "src/common/base64.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"

namespace coco {

absl::StatusOr<SecretBytes> DecodeBase64(absl::string_view encoded) {
  const absl::Status invalid =
      absl::InvalidArgumentError("not canonical padded base64 (standard alphabet)");
  // Abseil also accepts unpadded input; padding is checked here, canonical bits below.
  if (encoded.size() % 4 != 0) return invalid;
  std::string decoded;
  if (!absl::Base64Unescape(encoded, &decoded)) {
    WipeString(decoded);
    return invalid;
  }
  std::string reencoded = absl::Base64Escape(decoded);
  const bool canonical = reencoded == encoded;
  WipeString(reencoded);
  SecretBytes secret = SecretBytes::TakeFrom(decoded);
  if (!canonical) return invalid;
  return secret;
}

std::string EncodeBase64(absl::string_view bytes) { return absl::Base64Escape(bytes); }

}  // namespace coco
