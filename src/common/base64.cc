#include "src/common/base64.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"

namespace coco {
namespace {

// Built only on failure: a Status with a message allocates, and a keys file decodes thousands.
absl::Status NotCanonical() {
  return absl::InvalidArgumentError("not canonical padded base64 (standard alphabet)");
}

}  // namespace

Base64Decoder::~Base64Decoder() {
  WipeString(decoded_);
  WipeString(reencoded_);
}

absl::StatusOr<absl::string_view> Base64Decoder::Decode(absl::string_view encoded) {
  // Abseil also accepts unpadded input; padding is checked here, canonical bits by re-encoding.
  // Both Abseil calls resize the strings in place, so their buffers are reused call after call.
  if (encoded.size() % 4 != 0 || !absl::Base64Unescape(encoded, &decoded_)) return NotCanonical();
  absl::Base64Escape(decoded_, &reencoded_);
  if (reencoded_ != encoded) return NotCanonical();
  return absl::string_view(decoded_);
}

absl::StatusOr<SecretBytes> DecodeBase64(absl::string_view encoded) {
  Base64Decoder decoder;
  absl::StatusOr<absl::string_view> decoded = decoder.Decode(encoded);
  if (!decoded.ok()) return decoded.status();
  return SecretBytes(*decoded);
}

std::string EncodeBase64(absl::string_view bytes) { return absl::Base64Escape(bytes); }

}  // namespace coco
