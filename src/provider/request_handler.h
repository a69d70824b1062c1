#ifndef COCO_KEYPROVIDER_PROVIDER_REQUEST_HANDLER_H_
#define COCO_KEYPROVIDER_PROVIDER_REQUEST_HANDLER_H_

#include <string>

#include "absl/status/statusor.h"
#include "src/common/secret_bytes.h"
#include "src/common/warnings.h"
#include "src/provider/keyunwrap.h"
#include "src/provider/keywrap.h"

namespace coco {

inline constexpr char kDefaultProviderName[] = "attestation-agent";

struct ProviderSettings {
  // The NAME under "key-providers" in ocicrypt.conf; only this entry of Parameters is read.
  std::string provider_name = kDefaultProviderName;
  WrapSettings wrap;
  UnwrapSettings unwrap;
};

// The whole provider: one request (JSON bytes) in, one reply line out. Warnings that do not stop
// the request go to `warnings`.
absl::StatusOr<SecretBytes> HandleRequest(SecretBytes request_json,
                                          const ProviderSettings& settings, Warnings& warnings);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_PROVIDER_REQUEST_HANDLER_H_
