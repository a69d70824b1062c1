#ifndef COCO_KEYPROVIDER_KEYS_K8S_SECRET_H_
#define COCO_KEYPROVIDER_KEYS_K8S_SECRET_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"

namespace coco {

// Where the trustee-operator runs, and so where it looks for the Secrets it serves.
inline constexpr char kTrusteeOperatorNamespace[] = "trustee-operator-system";

// A KBS resource as the trustee-operator serves it from a Kubernetes Secret listed in its
// KbsConfig's kbsSecretResources: always in repository "default", the Secret's name is the
// resource's type and each data key a tag. So the key id default/key/key_id1 is the data key
// "key_id1" of the Secret "key".
struct OperatorSecret {
  std::string name;      // The Secret: <type>.
  std::string data_key;  // <tag>.
  std::string namespace_name;
};

// The Secret that serves `key_id` in `namespace_name`. `secret_name` must be the id's type: the
// operator has no other mapping. Errors say what the operator (or Kubernetes) would refuse: a
// repository other than default, a type that is not a DNS-1123 label (it also names a volume), a
// tag that is not a data key, a namespace that is not a DNS-1123 label.
absl::StatusOr<OperatorSecret> OperatorSecretFor(absl::string_view key_id,
                                                 absl::string_view secret_name,
                                                 absl::string_view namespace_name);

// The Secret's manifest (YAML, type Opaque, the key base64 under data), for kubectl apply, in
// wiped memory.
SecretBytes OperatorSecretManifest(const OperatorSecret& secret, const SecretBytes& kek);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEYS_K8S_SECRET_H_
