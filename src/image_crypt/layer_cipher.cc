#include "src/image_crypt/layer_cipher.h"

#include <openssl/crypto.h>
#include <openssl/digest.h>
#include <openssl/mem.h>

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace coco {
namespace {

absl::Status CheckKeySize(absl::Span<const uint8_t> key) {
  if (key.size() == kLayerKeySize) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("layer key is ", key.size(), " bytes, ",
                                                 kLayerCipherName, " needs ", kLayerKeySize));
}

}  // namespace

absl::StatusOr<LayerKeystream> LayerKeystream::New(absl::Span<const uint8_t> key,
                                                   absl::Span<const uint8_t> nonce) {
  if (absl::Status size = CheckKeySize(key); !size.ok()) return size;
  if (nonce.size() != kLayerNonceSize) {
    return absl::InvalidArgumentError(absl::StrCat("nonce is ", nonce.size(), " bytes, ",
                                                   kLayerCipherName, " needs ", kLayerNonceSize));
  }
  bssl::UniquePtr<EVP_CIPHER_CTX> ctx(EVP_CIPHER_CTX_new());
  if (ctx == nullptr ||
      !EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_ctr(), nullptr, key.data(), nonce.data())) {
    return absl::InternalError("cannot set up AES-256-CTR");
  }
  return LayerKeystream(std::move(ctx));
}

void LayerKeystream::Apply(absl::Span<char> bytes) {
  Apply(absl::string_view(bytes.data(), bytes.size()), bytes);
}

void LayerKeystream::Apply(absl::string_view in, absl::Span<char> out) {
  // CTR never fails on a valid context, and in place is allowed for stream ciphers; BoringSSL
  // takes an int length, so a long span goes in pieces.
  constexpr std::size_t kPiece = 1 << 30;
  for (std::size_t at = 0; at < in.size(); at += kPiece) {
    const std::size_t n = std::min(kPiece, in.size() - at);
    int written = 0;
    EVP_EncryptUpdate(ctx_.get(), reinterpret_cast<uint8_t*>(out.data() + at), &written,
                      reinterpret_cast<const uint8_t*>(in.data() + at), static_cast<int>(n));
  }
}

absl::StatusOr<LayerMac> LayerMac::New(absl::Span<const uint8_t> key) {
  if (absl::Status size = CheckKeySize(key); !size.ok()) return size;
  bssl::UniquePtr<HMAC_CTX> ctx(HMAC_CTX_new());
  if (ctx == nullptr || !HMAC_Init_ex(ctx.get(), key.data(), key.size(), EVP_sha256(), nullptr)) {
    return absl::InternalError("cannot set up HMAC-SHA256");
  }
  return LayerMac(std::move(ctx));
}

void LayerMac::Update(absl::string_view ciphertext) {
  HMAC_Update(ctx_.get(), reinterpret_cast<const uint8_t*>(ciphertext.data()), ciphertext.size());
}

std::string LayerMac::Finish() {
  std::string tag(kLayerMacSize, '\0');
  unsigned int size = 0;
  // It fails only on a context that was never set up, which New() rules out; an empty tag then
  // matches nothing.
  if (!HMAC_Final(ctx_.get(), reinterpret_cast<uint8_t*>(tag.data()), &size)) return "";
  return tag;
}

bool LayerMacsEqual(absl::string_view computed, absl::string_view expected) {
  return computed.size() == expected.size() &&
         CRYPTO_memcmp(computed.data(), expected.data(), computed.size()) == 0;
}

}  // namespace coco
