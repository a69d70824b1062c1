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
  bool sample = false;  // sample=true: the public sample KEK, as upstream.
  // No key named while keywrap registers into a KBS: a fresh KEK under a fresh kid (FreshKid).
  bool fresh_key = false;
  std::optional<ResourceUri> keyid;  // Set unless sample or fresh_key.
  // Where the KEK is, unless sample or fresh_key: the parameter that said so and its value.
  const WrapParameterSpec* key_source = nullptr;
  std::string key_location;
  WrapType algorithm = WrapType::kA256Gcm;

  // The source the parameters name (a FreshKeySource for fresh_key); its warnings go to
  // `warnings`.
  std::unique_ptr<KeySource> OpenKeySource(WarningSink warnings) const;
};

// Whether PARAMS may name no key: only when keywrap registers every KEK into a KBS.
enum class FreshKeys { kRefused, kWhenNoKeyIsNamed };

// Parses and checks PARAMS. Unlike upstream, every mistake is an error: unknown or repeated keys,
// a `sample` other than true/false, an unknown algorithm, a missing keyid outside sample mode,
// neither or both of keypath and keyfile outside sample mode, a keyid CoCo guests could not
// parse. keyid, keypath and keyfile are ignored in sample mode. With kWhenNoKeyIsNamed, PARAMS
// naming neither keyid, keypath nor keyfile ask for a fresh key; a keyid alone is still an error,
// as every layer would put another key under it.
absl::StatusOr<WrapParameters> ParseWrapParameters(absl::string_view params,
                                                   FreshKeys fresh = FreshKeys::kRefused);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_PROVIDER_WRAP_PARAMETERS_H_
