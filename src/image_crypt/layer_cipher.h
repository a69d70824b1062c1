#ifndef COCO_KEYPROVIDER_IMAGE_CRYPT_LAYER_CIPHER_H_
#define COCO_KEYPROVIDER_IMAGE_CRYPT_LAYER_CIPHER_H_

#include <openssl/base.h>
#include <openssl/cipher.h>
#include <openssl/hmac.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace coco {

// ocicrypt's one layer cipher, AES_256_CTR_HMAC_SHA256: a fresh 32-byte key and 16-byte nonce per
// layer, a ciphertext exactly as long as the plaintext, and a MAC that travels in the pubopts.
inline constexpr absl::string_view kLayerCipherName = "AES_256_CTR_HMAC_SHA256";
inline constexpr std::size_t kLayerKeySize = 32;
inline constexpr std::size_t kLayerNonceSize = 16;
inline constexpr std::size_t kLayerMacSize = 32;

// The keystream half: AES-256 in CTR mode whose first counter block is the nonce itself, counted
// on as one 128-bit big-endian number (Go's cipher.NewCTR). The same call encrypts and decrypts.
class LayerKeystream {
 public:
  // Errors say which size is wrong.
  static absl::StatusOr<LayerKeystream> New(absl::Span<const uint8_t> key,
                                            absl::Span<const uint8_t> nonce);

  // XORs the next bytes of the keystream into `bytes`, continuing where the last call stopped.
  void Apply(absl::Span<char> bytes);
  // The same from `in` into `out`, which is as long.
  void Apply(absl::string_view in, absl::Span<char> out);

 private:
  explicit LayerKeystream(bssl::UniquePtr<EVP_CIPHER_CTX> ctx) : ctx_(std::move(ctx)) {}
  bssl::UniquePtr<EVP_CIPHER_CTX> ctx_;  // Wiped by BoringSSL when freed.
};

// The authenticator half: HMAC-SHA256 keyed with the layer key over the ciphertext only (not the
// nonce, not the length), fed in order.
class LayerMac {
 public:
  static absl::StatusOr<LayerMac> New(absl::Span<const uint8_t> key);

  void Update(absl::string_view ciphertext);
  // The 32-byte tag; call once.
  std::string Finish();

 private:
  explicit LayerMac(bssl::UniquePtr<HMAC_CTX> ctx) : ctx_(std::move(ctx)) {}
  bssl::UniquePtr<HMAC_CTX> ctx_;
};

// Whether the computed tag is the expected one, in constant time.
bool LayerMacsEqual(absl::string_view computed, absl::string_view expected);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_IMAGE_CRYPT_LAYER_CIPHER_H_
