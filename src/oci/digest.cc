#include "src/oci/digest.h"

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "src/common/printable.h"

namespace coco {
namespace {

struct AlgorithmSpec {
  Digest::Algorithm algorithm;
  absl::string_view name;
  std::size_t hex_length;
};

constexpr AlgorithmSpec kAlgorithms[] = {
    {Digest::Algorithm::kSha256, "sha256", 2 * SHA256_DIGEST_LENGTH},
    {Digest::Algorithm::kSha512, "sha512", 2 * SHA512_DIGEST_LENGTH},
};

const AlgorithmSpec& SpecOf(Digest::Algorithm algorithm) {
  return algorithm == Digest::Algorithm::kSha256 ? kAlgorithms[0] : kAlgorithms[1];
}

bool IsLowerHex(absl::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c)) && (c < 'a' || c > 'f')) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<Digest> Digest::Parse(absl::string_view text) {
  for (const AlgorithmSpec& spec : kAlgorithms) {
    absl::string_view hex = text;
    if (!absl::ConsumePrefix(&hex, spec.name) || !absl::ConsumePrefix(&hex, ":")) continue;
    if (hex.size() == spec.hex_length && IsLowerHex(hex)) {
      return Digest(spec.algorithm, std::string(text));
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat("digest \"", Printable(text),
                   "\" is not sha256: and 64 lowercase hex digits (or sha512: and 128)"));
}

absl::string_view Digest::algorithm_name() const { return SpecOf(algorithm_).name; }

DigestHasher::DigestHasher(Digest::Algorithm algorithm) : algorithm_(algorithm) {
  SHA256_Init(&sha256_);
  SHA512_Init(&sha512_);
}

void DigestHasher::Update(absl::string_view bytes) {
  if (algorithm_ == Digest::Algorithm::kSha256) {
    SHA256_Update(&sha256_, bytes.data(), bytes.size());
  } else {
    SHA512_Update(&sha512_, bytes.data(), bytes.size());
  }
}

Digest DigestHasher::Finish() {
  uint8_t hash[SHA512_DIGEST_LENGTH];
  std::size_t length = SHA256_DIGEST_LENGTH;
  if (algorithm_ == Digest::Algorithm::kSha256) {
    SHA256_Final(hash, &sha256_);
  } else {
    SHA512_Final(hash, &sha512_);
    length = SHA512_DIGEST_LENGTH;
  }
  return Digest(algorithm_, absl::StrCat(SpecOf(algorithm_).name, ":",
                                         absl::BytesToHexString(absl::string_view(
                                             reinterpret_cast<const char*>(hash), length))));
}

std::string Sha256Digest(absl::string_view bytes) {
  DigestHasher hasher(Digest::Algorithm::kSha256);
  hasher.Update(bytes);
  return hasher.Finish().ToString();
}

}  // namespace coco
