#ifndef COCO_KEYPROVIDER_OCI_DIGEST_H_
#define COCO_KEYPROVIDER_OCI_DIGEST_H_

#include <openssl/sha.h>

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace coco {

// How OCI names content: "sha256:" and 64 lowercase hex digits, or "sha512:" and 128. Nothing else
// is a digest here, so a hostile descriptor can never name a path: the hex part is the blob's
// file name under blobs/<algorithm>/.
class Digest {
 public:
  enum class Algorithm { kSha256, kSha512 };

  // Errors quote the text, escaped and cut short.
  static absl::StatusOr<Digest> Parse(absl::string_view text);

  Algorithm algorithm() const { return algorithm_; }
  absl::string_view algorithm_name() const;  // "sha256" or "sha512"
  absl::string_view hex() const { return absl::string_view(text_).substr(text_.find(':') + 1); }
  const std::string& ToString() const { return text_; }

  bool operator==(const Digest& other) const { return text_ == other.text_; }
  bool operator!=(const Digest& other) const { return text_ != other.text_; }

 private:
  friend class DigestHasher;
  Digest(Algorithm algorithm, std::string text) : algorithm_(algorithm), text_(std::move(text)) {}

  Algorithm algorithm_ = Algorithm::kSha256;
  std::string text_;
};

// The digest of bytes seen in pieces, with BoringSSL's SHA-256 or SHA-512: a blob is hashed as it
// is read, never held whole.
class DigestHasher {
 public:
  explicit DigestHasher(Digest::Algorithm algorithm);
  void Update(absl::string_view bytes);
  Digest Finish();

 private:
  Digest::Algorithm algorithm_;
  SHA256_CTX sha256_;
  SHA512_CTX sha512_;
};

// "sha256:<hex>" of `bytes`.
std::string Sha256Digest(absl::string_view bytes);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_OCI_DIGEST_H_
