#include "src/image_crypt/layer_stream.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "src/image_crypt/chunk_pipeline.h"
#include "src/image_crypt/layer_cipher.h"

namespace coco {
namespace {

// Both halves of the layer cipher under the secret's key.
struct LayerCiphers {
  LayerKeystream keystream;
  LayerMac mac;
};

absl::StatusOr<LayerCiphers> CiphersFor(const LayerSecret& secret) {
  absl::StatusOr<LayerKeystream> keystream =
      LayerKeystream::New(secret.symkey.span(), secret.nonce.span());
  if (!keystream.ok()) return keystream.status();
  absl::StatusOr<LayerMac> mac = LayerMac::New(secret.symkey.span());
  if (!mac.ok()) return mac.status();
  return LayerCiphers{*std::move(keystream), *std::move(mac)};
}

}  // namespace

absl::StatusOr<EncryptedLayer> EncryptLayer(BlobStore::Reader& plaintext, const LayerSecret& secret,
                                            ChunkWriter write) {
  absl::StatusOr<LayerCiphers> ciphers = CiphersFor(secret);
  if (!ciphers.ok()) return ciphers.status();
  DigestHasher ciphertext_digest(Digest::Algorithm::kSha256);
  int64_t size = 0;
  // Reading, the plaintext's digest and the cipher on one core; the two hashes of the ciphertext
  // and writing on the other.
  absl::Status streamed = RunChunkPipeline(
      kLayerChunkSize,
      [&](absl::Span<char> buffer) -> absl::StatusOr<std::size_t> {
        absl::StatusOr<std::size_t> n = plaintext.ReadInto(buffer);
        if (n.ok()) ciphers->keystream.Apply(buffer.first(*n));
        return n;
      },
      [&](absl::Span<char> chunk) {
        const absl::string_view bytes(chunk.data(), chunk.size());
        ciphers->mac.Update(bytes);
        ciphertext_digest.Update(bytes);
        size += static_cast<int64_t>(bytes.size());
        return write(bytes);
      });
  if (!streamed.ok()) return streamed;
  return EncryptedLayer{ciphers->mac.Finish(), BlobSummary{ciphertext_digest.Finish(), size}};
}

absl::StatusOr<BlobSummary> DecryptLayer(BlobStore::Reader& ciphertext, const LayerSecret& secret,
                                         absl::string_view expected_hmac, ChunkWriter write) {
  absl::StatusOr<LayerCiphers> ciphers = CiphersFor(secret);
  if (!ciphers.ok()) return ciphers.status();
  DigestHasher plaintext_digest(Digest::Algorithm::kSha256);
  int64_t size = 0;
  // Reading, the HMAC and the cipher on one core; the plaintext's digest and writing on the other.
  // Only the reading thread writes into a chunk, so no cache line goes back and forth.
  absl::Status streamed = RunChunkPipeline(
      kLayerChunkSize,
      [&](absl::Span<char> buffer) -> absl::StatusOr<std::size_t> {
        absl::StatusOr<std::size_t> n = ciphertext.ReadInto(buffer);
        if (!n.ok()) return n;
        ciphers->mac.Update(absl::string_view(buffer.data(), *n));
        ciphers->keystream.Apply(buffer.first(*n));
        return n;
      },
      [&](absl::Span<char> chunk) {
        const absl::string_view bytes(chunk.data(), chunk.size());
        plaintext_digest.Update(bytes);
        size += static_cast<int64_t>(bytes.size());
        return write(bytes);
      });
  if (!streamed.ok()) return streamed;
  if (!LayerMacsEqual(ciphers->mac.Finish(), expected_hmac)) {
    return absl::DataLossError(
        "HMAC does not match (the layer blob or its pubopts were altered, or the wrapped key is "
        "another layer's)");
  }
  return BlobSummary{plaintext_digest.Finish(), size};
}

absl::Status CopyBlob(BlobStore::Reader& blob, ChunkWriter write) {
  while (true) {
    absl::StatusOr<absl::string_view> chunk = blob.Next();
    if (!chunk.ok()) return chunk.status();
    if (chunk->empty()) return absl::OkStatus();
    if (absl::Status written = write(*chunk); !written.ok()) return written;
  }
}

}  // namespace coco
