#include "src/image_crypt/layer_cipher.h"

#include <openssl/crypto.h>
#include <openssl/digest.h>
#include <openssl/mem.h>

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
  // CTR never fails on a valid context, and in place is allowed for stream ciphers.
  int written = 0;
  uint8_t* data = reinterpret_cast<uint8_t*>(bytes.data());
  EVP_EncryptUpdate(ctx_.get(), data, &written, data, static_cast<int>(bytes.size()));
}

void LayerKeystream::Apply(absl::string_view in, absl::Span<char> out) {
  int written = 0;
  EVP_EncryptUpdate(ctx_.get(), reinterpret_cast<uint8_t*>(out.data()), &written,
                    reinterpret_cast<const uint8_t*>(in.data()), static_cast<int>(in.size()));
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
  HMAC_Final(ctx_.get(), reinterpret_cast<uint8_t*>(tag.data()), &size);
  return tag;
}

bool LayerMacsEqual(absl::string_view computed, absl::string_view expected) {
  return computed.size() == expected.size() &&
         CRYPTO_memcmp(computed.data(), expected.data(), computed.size()) == 0;
}

}  // namespace coco
