#ifndef COCO_KEYPROVIDER_PROVIDER_WRAP_PARAMETERS_H_
#define COCO_KEYPROVIDER_PROVIDER_WRAP_PARAMETERS_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/wrapping/key_wrap_cipher.h"
#include "src/wrapping/resource_uri.h"

namespace coco {

// The PARAMS of `--encryption-key provider:<name>:PARAMS`, `k1=v1::k2=v2`.
struct WrapParameters {
  bool sample = false;               // sample=true: the public sample KEK, as upstream.
  std::optional<ResourceUri> keyid;  // Set unless sample.
  // Where the KEK is, unless sample: exactly one of the two is set.
  std::optional<std::string> keypath;  // A file holding the raw 32-byte KEK.
  std::optional<std::string> keyfile;  // An offline_fs_kbc keys file, by keyid's resource path.
  WrapType algorithm = WrapType::kA256Gcm;
};

// Parses and checks PARAMS. Unlike upstream, every mistake is an error: unknown or repeated keys,
// a `sample` other than true/false, an unknown algorithm, a missing keyid outside sample mode,
// neither or both of keypath and keyfile outside sample mode, a keyid CoCo guests could not
// parse. keyid, keypath and keyfile are ignored in sample mode.
absl::StatusOr<WrapParameters> ParseWrapParameters(absl::string_view params);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_PROVIDER_WRAP_PARAMETERS_H_
