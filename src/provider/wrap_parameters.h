#ifndef COCO_KEYPROVIDER_PROVIDER_WRAP_PARAMETERS_H_
#define COCO_KEYPROVIDER_PROVIDER_WRAP_PARAMETERS_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/warnings.h"
#include "src/key_sources/key_source.h"
#include "src/key_sources/resource_uri.h"
#include "src/wrapping/wrap_type.h"

namespace coco {

// One parameter of PARAMS in `--encryption-key provider:<name>:PARAMS`; the table of them drives
// parsing, its errors and --help.
struct WrapParameterSpec {
  absl::string_view name;        // "keypath"
  absl::string_view value_name;  // "FILE"
  absl::string_view help;
  // Set for the parameters that say where the KEK is (keypath, keyfile): the source the value
  // names. Exactly one of them is given unless sample=true.
  std::unique_ptr<KeySource> (*open_key_source)(absl::string_view value,
                                                WarningSink warnings) = nullptr;
};

// Every parameter, in the order errors and --help list them.
absl::Span<const WrapParameterSpec> WrapParameterSpecs();

// The parsed PARAMS, `k1=v1::k2=v2`.
struct WrapParameters {
  bool sample = false;               // sample=true: the public sample KEK, as upstream.
  std::optional<ResourceUri> keyid;  // Set unless sample.
  // Where the KEK is, unless sample: the parameter that said so and its value.
  const WrapParameterSpec* key_source = nullptr;
  std::string key_location;
  WrapType algorithm = WrapType::kA256Gcm;

  // The source `key_source` names; its warnings go to `warnings`.
  std::unique_ptr<KeySource> OpenKeySource(WarningSink warnings) const;
};

// Parses and checks PARAMS. Unlike upstream, every mistake is an error: unknown or repeated keys,
// a `sample` other than true/false, an unknown algorithm, a missing keyid outside sample mode,
// neither or both of keypath and keyfile outside sample mode, a keyid CoCo guests could not
// parse. keyid, keypath and keyfile are ignored in sample mode.
absl::StatusOr<WrapParameters> ParseWrapParameters(absl::string_view params);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_PROVIDER_WRAP_PARAMETERS_H_
