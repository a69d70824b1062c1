#ifndef COCO_KEYPROVIDER_IMAGE_CRYPT_LAYER_OPTIONS_H_
#define COCO_KEYPROVIDER_IMAGE_CRYPT_LAYER_OPTIONS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"
#include "src/oci/encryption_annotations.h"

namespace coco {

// ocicrypt's per-layer secret, the `optsdata` every key wrapper wraps
// (PrivateLayerBlockCipherOptions).
struct LayerSecret {
  SecretBytes symkey;  // kLayerKeySize bytes.
  SecretBytes nonce;   // kLayerNonceSize bytes.
  std::string digest;  // The plaintext blob's digest, as ocicrypt records it.
};

// A fresh key and nonce from BoringSSL's RAND_bytes, for a blob of digest `digest`.
LayerSecret NewLayerSecret(absl::string_view digest);

// Go's json.Marshal of it, byte for byte (the digest escaped as Go escapes strings):
// {"symkey":"<b64>","digest":"<digest>","cipheroptions":{"nonce":"<b64>"}}
SecretBytes FormatLayerSecret(const LayerSecret& secret);

// As Go reads it back (other members ignored), then checked: a 32-byte symkey, a 16-byte nonce
// (ocicrypt would silently pick a random one, and decrypt to garbage behind a valid HMAC), and a
// digest or none, as ocicrypt records them (Go takes any string). Errors never contain the input.
absl::StatusOr<LayerSecret> ParseLayerSecret(SecretBytes json);

// The public options (PublicLayerBlockCipherOptions) as ocicrypt writes them:
// {"cipher":"AES_256_CTR_HMAC_SHA256","hmac":"<b64>","cipheroptions":{}}
std::string FormatPublicOptions(absl::string_view hmac);

struct PublicOptions {
  std::string cipher;
  std::string hmac;  // Raw bytes.
};

// The decoded annotation value: JSON whose cipher is ours, whose hmac is 32 bytes, and whose public
// cipheroptions hold no nonce (ocicrypt would prefer it over the wrapped one, unauthenticated).
absl::StatusOr<PublicOptions> ParsePublicOptions(absl::string_view json);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_IMAGE_CRYPT_LAYER_OPTIONS_H_
