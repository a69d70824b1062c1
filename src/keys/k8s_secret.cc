#include "src/keys/k8s_secret.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "src/common/base64.h"
#include "src/common/printable.h"
#include "src/keys/key_id.h"

namespace coco {
namespace {

constexpr std::size_t kMaxLabelSize = 63;
constexpr std::size_t kMaxDataKeySize = 253;

bool IsLowerAlphanumeric(char c) { return absl::ascii_islower(c) || absl::ascii_isdigit(c); }

// Kubernetes' DNS-1123 label: what a namespace and a pod's volume (named after the Secret) must be.
bool IsDns1123Label(absl::string_view name) {
  if (name.empty() || name.size() > kMaxLabelSize) return false;
  if (!IsLowerAlphanumeric(name.front()) || !IsLowerAlphanumeric(name.back())) return false;
  for (char c : name) {
    if (!IsLowerAlphanumeric(c) && c != '-') return false;
  }
  return true;
}

// A Secret's data key, which the operator's converter also skips when it starts with '.'.
bool IsServedDataKey(absl::string_view key) {
  if (key.empty() || key.size() > kMaxDataKeySize || key.front() == '.') return false;
  for (char c : key) {
    if (!absl::ascii_isalnum(c) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

absl::Status NotALabel(absl::string_view what, absl::string_view name) {
  return absl::InvalidArgumentError(absl::StrCat(
      what, " \"", Printable(name),
      "\" is not a DNS-1123 label (1 to 63 of a-z, 0-9 and '-', starting and ending with a "
      "letter or digit)"));
}

}  // namespace

absl::StatusOr<OperatorSecret> OperatorSecretFor(absl::string_view key_id,
                                                 absl::string_view secret_name,
                                                 absl::string_view namespace_name) {
  if (absl::Status valid = CheckKeyId(key_id); !valid.ok()) return valid;
  const std::vector<absl::string_view> segments = absl::StrSplit(key_id, '/');
  const std::string printable_id = Printable(key_id);
  if (segments[0] != "default") {
    return absl::InvalidArgumentError(absl::StrCat(
        printable_id, " is not in repository default, the only one the trustee-operator serves"));
  }
  if (segments[1] != secret_name) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the trustee-operator serves ", printable_id, " from the Secret \"", Printable(segments[1]),
        "\" (its type), not \"", Printable(secret_name), "\""));
  }
  if (!IsDns1123Label(secret_name)) return NotALabel("the Secret name", secret_name);
  if (!IsServedDataKey(segments[2])) {
    return absl::InvalidArgumentError(absl::StrCat(
        "the tag \"", Printable(segments[2]),
        "\" cannot be a Secret's data key (a-z, A-Z, 0-9, '-', '_' and '.', not first)"));
  }
  if (!IsDns1123Label(namespace_name)) return NotALabel("the namespace", namespace_name);
  return OperatorSecret{std::string(secret_name), std::string(segments[2]),
                        std::string(namespace_name)};
}

SecretBytes OperatorSecretManifest(const OperatorSecret& secret, const SecretBytes& kek) {
  // Every name is quoted: a tag such as "true" or "1" stays a string for YAML.
  std::string encoded = EncodeBase64(kek.view());
  std::string manifest = absl::StrCat(
      "# The KBS resource default/", secret.name, "/", secret.data_key,
      ", served by the trustee-operator when\n# its KbsConfig lists \"", secret.name,
      "\" in spec.kbsSecretResources.\n", "apiVersion: v1\n", "kind: Secret\n", "metadata:\n",
      "  name: \"", secret.name, "\"\n", "  namespace: \"", secret.namespace_name, "\"\n",
      "type: Opaque\n", "data:\n", "  \"", secret.data_key, "\": ", encoded, "\n");
  WipeString(encoded);
  return SecretBytes::TakeFrom(manifest);
}

}  // namespace coco
