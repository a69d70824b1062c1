#include "src/common/base64.h"

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"

namespace coco {
namespace {

// Built only on failure: a Status with a message allocates, and a keys file decodes thousands.
absl::Status NotCanonical() {
  return absl::InvalidArgumentError("not canonical padded base64 (standard alphabet)");
}

}  // namespace

Base64Decoder::~Base64Decoder() {
  WipeString(decoded_);
  WipeString(last_group_);
}

absl::StatusOr<absl::string_view> Base64Decoder::Decode(absl::string_view encoded) {
  // Abseil also accepts missing or '.' padding, whitespace and non-zero trailing bits. Whitespace
  // and '.' decode to fewer bytes than the '=' padding promises; the trailing bits are checked by
  // re-encoding the last group only, which costs a keys file of a thousand entries far less than
  // re-encoding every value.
  if (encoded.size() % 4 != 0) return NotCanonical();
  // Abseil grows the buffer without wiping the old one, which holds the previous value's bytes.
  if (const std::size_t most = encoded.size() / 4 * 3; decoded_.capacity() < most) {
    WipeString(decoded_);
    decoded_.reserve(most);
  }
  if (!absl::Base64Unescape(encoded, &decoded_)) return NotCanonical();
  if (encoded.empty()) return absl::string_view(decoded_);
  const std::size_t padding = absl::EndsWith(encoded, "==")  ? 2
                              : absl::EndsWith(encoded, "=") ? 1
                                                             : 0;
  if (decoded_.size() != encoded.size() / 4 * 3 - padding) return NotCanonical();
  absl::Base64Escape(absl::string_view(decoded_).substr(decoded_.size() - (3 - padding)),
                     &last_group_);
  if (last_group_ != encoded.substr(encoded.size() - 4)) return NotCanonical();
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
