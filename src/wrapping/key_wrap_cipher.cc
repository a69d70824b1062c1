#include "src/wrapping/key_wrap_cipher.h"

#include <openssl/aead.h>
#include <openssl/cipher.h>
#include <openssl/mem.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace coco {
namespace {

absl::Status CheckSizes(WrapType type, absl::Span<const uint8_t> kek,
                        absl::Span<const uint8_t> iv) {
  if (kek.size() != kKekSize) {
    return absl::InvalidArgumentError(
        absl::StrCat("key is ", kek.size(), " bytes, ", WrapTypeName(type), " needs ", kKekSize));
  }
  if (iv.size() != IvSize(type)) {
    return absl::InvalidArgumentError(
        absl::StrCat("IV is ", iv.size(), " bytes, ", WrapTypeName(type), " needs ", IvSize(type)));
  }
  return absl::OkStatus();
}

// An AES-256-GCM context whose key schedule is wiped afterwards: BoringSSL's GCM cleanup keeps
// the expanded key (and the GHASH key derived from it) in the context's inline state.
class WipedGcmContext {
 public:
  WipedGcmContext() { EVP_AEAD_CTX_zero(&ctx_); }
  ~WipedGcmContext() {
    EVP_AEAD_CTX_cleanup(&ctx_);
    OPENSSL_cleanse(&ctx_, sizeof(ctx_));
  }
  WipedGcmContext(const WipedGcmContext&) = delete;
  WipedGcmContext& operator=(const WipedGcmContext&) = delete;

  absl::Status Init(absl::Span<const uint8_t> kek) {
    if (!EVP_AEAD_CTX_init(&ctx_, EVP_aead_aes_256_gcm(), kek.data(), kek.size(),
                           EVP_AEAD_DEFAULT_TAG_LENGTH, nullptr)) {
      return absl::InternalError("cannot set up AES-256-GCM");
    }
    return absl::OkStatus();
  }
  EVP_AEAD_CTX* get() { return &ctx_; }

 private:
  EVP_AEAD_CTX ctx_;
};

absl::StatusOr<std::string> GcmSeal(absl::Span<const uint8_t> kek, absl::Span<const uint8_t> iv,
                                    absl::string_view plaintext) {
  WipedGcmContext ctx;
  if (absl::Status init = ctx.Init(kek); !init.ok()) return init;
  std::string out(plaintext.size() + EVP_AEAD_max_overhead(EVP_aead_aes_256_gcm()), '\0');
  size_t out_len = 0;
  if (!EVP_AEAD_CTX_seal(ctx.get(), reinterpret_cast<uint8_t*>(out.data()), &out_len, out.size(),
                         iv.data(), iv.size(), reinterpret_cast<const uint8_t*>(plaintext.data()),
                         plaintext.size(), nullptr, 0)) {
    return absl::InternalError("AES-256-GCM encryption failed");
  }
  out.resize(out_len);
  return out;
}

absl::StatusOr<SecretBytes> GcmOpen(absl::Span<const uint8_t> kek, absl::Span<const uint8_t> iv,
                                    absl::string_view ciphertext) {
  WipedGcmContext ctx;
  if (absl::Status init = ctx.Init(kek); !init.ok()) return init;
  SecretBytes out(ciphertext.size());
  size_t out_len = 0;
  if (!EVP_AEAD_CTX_open(ctx.get(), out.data(), &out_len, out.size(), iv.data(), iv.size(),
                         reinterpret_cast<const uint8_t*>(ciphertext.data()), ciphertext.size(),
                         nullptr, 0)) {
    return absl::PermissionDeniedError(
        "AES-256-GCM authentication failed (wrong key, or the annotation was altered)");
  }
  out.resize(out_len);
  return out;
}

// CTR is its own inverse.
absl::Status CtrXor(absl::Span<const uint8_t> kek, absl::Span<const uint8_t> iv,
                    absl::string_view in, uint8_t* out) {
  bssl::ScopedEVP_CIPHER_CTX ctx;
  int out_len = 0;
  int final_len = 0;
  if (!EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_ctr(), nullptr, kek.data(), iv.data()) ||
      !EVP_EncryptUpdate(ctx.get(), out, &out_len, reinterpret_cast<const uint8_t*>(in.data()),
                         static_cast<int>(in.size())) ||
      !EVP_EncryptFinal_ex(ctx.get(), out + out_len, &final_len) ||
      static_cast<size_t>(out_len + final_len) != in.size()) {
    return absl::InternalError("AES-256-CTR failed");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> Seal(WrapType type, absl::Span<const uint8_t> kek,
                                 absl::Span<const uint8_t> iv, absl::string_view plaintext) {
  if (absl::Status sizes = CheckSizes(type, kek, iv); !sizes.ok()) return sizes;
  if (type == WrapType::kA256Gcm) return GcmSeal(kek, iv, plaintext);
  std::string out(plaintext.size(), '\0');
  if (absl::Status s = CtrXor(kek, iv, plaintext, reinterpret_cast<uint8_t*>(out.data()));
      !s.ok()) {
    return s;
  }
  return out;
}

absl::StatusOr<SecretBytes> Open(WrapType type, absl::Span<const uint8_t> kek,
                                 absl::Span<const uint8_t> iv, absl::string_view ciphertext) {
  if (absl::Status sizes = CheckSizes(type, kek, iv); !sizes.ok()) return sizes;
  if (type == WrapType::kA256Gcm) return GcmOpen(kek, iv, ciphertext);
  SecretBytes out(ciphertext.size());
  if (absl::Status s = CtrXor(kek, iv, ciphertext, out.data()); !s.ok()) return s;
  return out;
}

}  // namespace coco
