#include "src/key_sources/fresh_key.h"

#include <openssl/rand.h>

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "src/common/kek.h"

namespace coco {

absl::StatusOr<SecretBytes> FreshKek() {
  SecretBytes kek(kKekSize);
  if (!RAND_bytes(kek.data(), kek.size())) {
    return absl::InternalError("the random number generator failed");
  }
  return kek;
}

absl::StatusOr<std::string> FreshKid() {
  uint8_t uuid[16];
  if (!RAND_bytes(uuid, sizeof(uuid))) {
    return absl::InternalError("the random number generator failed");
  }
  // RFC 9562 version 4 (random), variant 10.
  uuid[6] = (uuid[6] & 0x0F) | 0x40;
  uuid[8] = (uuid[8] & 0x3F) | 0x80;
  const std::string hex =
      absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(uuid), sizeof(uuid)));
  return absl::StrCat("kbs:///default/image-kek/", hex.substr(0, 8), "-", hex.substr(8, 4), "-",
                      hex.substr(12, 4), "-", hex.substr(16, 4), "-", hex.substr(20));
}

absl::StatusOr<SecretBytes> FreshKeySource::FindKek(absl::string_view) { return FreshKek(); }

}  // namespace coco
