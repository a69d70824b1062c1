#ifndef COCO_KEYPROVIDER_KEY_SOURCES_FRESH_KEY_H_
#define COCO_KEYPROVIDER_KEY_SOURCES_FRESH_KEY_H_

#include <string>

#include "absl/status/statusor.h"
#include "src/common/secret_bytes.h"
#include "src/key_sources/key_source.h"

namespace coco {

// A fresh 32-byte key-encryption key from BoringSSL's random generator.
absl::StatusOr<SecretBytes> FreshKek();

// A kid of its own for a fresh KEK: kbs:///default/image-kek/<random UUID>, as upstream's
// keyprovider names the keys it makes, written as a URI CoCo guests parse.
absl::StatusOr<std::string> FreshKid();

// Keyless wrapping into a KBS: a new KEK for every call, whatever the resource path.
class FreshKeySource : public KeySource {
 public:
  absl::StatusOr<SecretBytes> FindKek(absl::string_view resource_path) override;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEY_SOURCES_FRESH_KEY_H_
