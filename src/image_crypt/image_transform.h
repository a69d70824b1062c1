#ifndef COCO_KEYPROVIDER_IMAGE_CRYPT_IMAGE_TRANSFORM_H_
#define COCO_KEYPROVIDER_IMAGE_CRYPT_IMAGE_TRANSFORM_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "src/common/warnings.h"
#include "src/oci/documents.h"
#include "src/oci/layout.h"
#include "src/provider/keyunwrap.h"
#include "src/provider/keywrap.h"

namespace coco {

// How layer secrets are wrapped: by keywrap's own code, for the one recipient PARAMS names.
struct LayerWrapping {
  std::string params;  // The provider's PARAMS, k1=v1::k2=v2.
  std::string provider_name;
  WrapSettings settings;
};

// The layers to encrypt: skopeo's --encrypt-layer indices (negative ones count from the end),
// or every layer when empty.
struct EncryptOptions {
  LayerWrapping wrapping;
  std::vector<int> layers;
};

// Each writes the image `source` names into the layout `destination` (created, or added to; an
// image with the same tag is replaced), manifest by manifest for an image index: the layer blobs,
// the config unchanged, the manifests and indexes re-serialised as skopeo writes them, and
// index.json last. DESTINATION equal to the source or inside it is refused. Errors name the
// layer.

// ocicrypt's AES_256_CTR_HMAC_SHA256 for the chosen layers, under fresh layer keys; layers already
// encrypted are left as they are, as skopeo does.
absl::Status EncryptImage(const LayoutReference& source, const LayoutReference& destination,
                          const EncryptOptions& options, Warnings& warnings);

// Every encrypted layer opened through keyunwrap's key sources, its HMAC checked (and its
// plaintext's digest compared with the recorded one), and written as skopeo 1.18's decryption
// writes it.
absl::Status DecryptImage(const LayoutReference& source, const LayoutReference& destination,
                          const UnwrapSettings& unwrap, Warnings& warnings);

// Every encrypted layer's secret unwrapped with the old key and wrapped for `wrapping` instead,
// replacing every keyprovider packet; the layer blobs are copied unchanged, so a registry has
// nothing to upload again. The layer keys stay the same: whoever opened a layer before still can.
absl::Status RewrapImage(const LayoutReference& source, const LayoutReference& destination,
                         const UnwrapSettings& unwrap, const LayerWrapping& wrapping,
                         Warnings& warnings);

// What verify found for one layer that opened (a layer that does not is an error).
struct VerifiedLayer {
  std::string digest;
  std::string media_type;
  bool encrypted = false;
  std::string kid;        // Of the packet that opened it.
  std::string wrap_type;  // "A256GCM" or "A256CTR".
  // Whether the plaintext has the digest the layer's secret records. ocicrypt never checks it, and
  // containers/image records a layer's digest before it compresses one on the fly, so a layer
  // whose digest differs still opens (with a warning).
  bool digest_matches = true;
  std::string recorded_digest;
  bool foreign = false;  // A layer with urls: as skopeo does, passed through without its blob.
};

struct VerifiedImage {
  std::string manifest_digest;
  std::string platform;
  std::string config_digest;
  ImageConfig config;  // What stays in plaintext.
  std::vector<VerifiedLayer> layers;
};

// DecryptImage's checks without writing anything: every encrypted layer must open and match its
// HMAC. With `require_encrypted`, a layer that is not encrypted is an error too.
absl::StatusOr<std::vector<VerifiedImage>> VerifyImage(const LayoutReference& source,
                                                       const UnwrapSettings& unwrap,
                                                       bool require_encrypted, Warnings& warnings);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_IMAGE_CRYPT_IMAGE_TRANSFORM_H_
