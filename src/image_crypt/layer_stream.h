#ifndef COCO_KEYPROVIDER_IMAGE_CRYPT_LAYER_STREAM_H_
#define COCO_KEYPROVIDER_IMAGE_CRYPT_LAYER_STREAM_H_

#include <cstdint>
#include <string>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/image_crypt/layer_options.h"
#include "src/oci/blob_store.h"
#include "src/oci/digest.h"

namespace coco {

// Where a layer's new bytes go, in order: a blob file being written, or nowhere when only
// checking.
using ChunkWriter = absl::FunctionRef<absl::Status(absl::string_view)>;

// Big enough that a chunk's fixed costs vanish, small enough that the chunks in flight stay in the
// cores' caches (and far below the 16 MiB a 1 GiB layer may use).
inline constexpr std::size_t kLayerChunkSize = 256 << 10;

struct BlobSummary {
  Digest digest;  // Of the bytes written.
  int64_t size = 0;
};

struct EncryptedLayer {
  std::string hmac;  // For the pubopts.
  BlobSummary ciphertext;
};

// ocicrypt's layer encryption of the blob `plaintext` reads (its digest checked at the end) in one
// pass: AES-256-CTR, then HMAC-SHA256 and SHA-256 of the ciphertext, which goes to `write`.
absl::StatusOr<EncryptedLayer> EncryptLayer(BlobStore::Reader& plaintext, const LayerSecret& secret,
                                            ChunkWriter write);

// The reverse, in one pass: the HMAC over the ciphertext, AES-256-CTR, and the plaintext's
// SHA-256. The HMAC, which the checked manifest pins, authenticates the blob, so `ciphertext` may
// be read with BlobCheck::kSizeOnly. What went to `write` must be thrown away unless this
// succeeds: it fails (DataLoss) when the HMAC is not `expected_hmac`.
absl::StatusOr<BlobSummary> DecryptLayer(BlobStore::Reader& ciphertext, const LayerSecret& secret,
                                         absl::string_view expected_hmac, ChunkWriter write);

// A blob passed through unchanged, its digest checked at the end.
absl::Status CopyBlob(BlobStore::Reader& blob, ChunkWriter write);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_IMAGE_CRYPT_LAYER_STREAM_H_
