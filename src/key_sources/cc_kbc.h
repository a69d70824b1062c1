#ifndef COCO_KEYPROVIDER_KEY_SOURCES_CC_KBC_H_
#define COCO_KEYPROVIDER_KEY_SOURCES_CC_KBC_H_

#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"
#include "src/kbs/kbs_client.h"
#include "src/key_sources/key_source.h"

namespace coco {

// cc_kbc: the KEK a KBS releases for the resource path, after the RCAR handshake a guest makes,
// with sample evidence (the only evidence a machine outside a TEE can give). It must be exactly 32
// bytes.
class CcKbc : public KeySource {
 public:
  explicit CcKbc(KbsConnection connection)
      : origin_(connection.origin), client_(std::move(connection)) {}

  absl::StatusOr<SecretBytes> FindKek(absl::string_view resource_path) override;

 private:
  std::string origin_;
  ResourceClient client_;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEY_SOURCES_CC_KBC_H_
