#include "src/provider/keywrap.h"

#include <openssl/rand.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/common/file_reader.h"
#include "src/common/secret_bytes.h"
#include "src/common/status_context.h"
#include "src/kbc/sample_key.h"
#include "src/keys/key_entries.h"
#include "src/keys/raw_key_file.h"
#include "src/protocol/request.h"
#include "src/provider/wrap_parameters.h"
#include "src/wrapping/annotation_packet.h"
#include "src/wrapping/key_wrap_cipher.h"

namespace coco {
namespace {

absl::StatusOr<absl::string_view> OneRecipient(
    const std::optional<std::vector<std::string>>& entries, absl::string_view provider_name) {
  const std::string usage =
      absl::StrCat("use --encryption-key provider:", provider_name,
                   ":keyid=<kid>::keypath=<file>, provider:", provider_name,
                   ":keyid=<kid>::keyfile=<keys file> or provider:", provider_name, ":sample=true");
  if (!entries.has_value() || entries->empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("the request has no parameters for provider ", provider_name, "; ", usage));
  }
  if (entries->size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(entries->size(),
                                                   " recipients given for provider ", provider_name,
                                                   "; one recipient per provider is supported"));
  }
  if (entries->front() == kEnabledParameter) {
    return absl::InvalidArgumentError(
        absl::StrCat("provider ", provider_name, " was given no parameters; ", usage));
  }
  return absl::string_view(entries->front());
}

absl::StatusOr<SecretBytes> ReadRawKek(absl::string_view keypath) {
  absl::StatusOr<SecretBytes> kek = ReadRawKeyFile(keypath);
  if (!kek.ok()) {
    // Errors start with the path: "keypath /k: No such file or directory".
    return absl::Status(kek.status().code(), absl::StrCat("keypath ", kek.status().message()));
  }
  return kek;
}

// The KEK stored in an offline_fs_kbc keys file under the keyid's resource path, as the
// decrypting side will look it up.
absl::StatusOr<SecretBytes> ReadKekFromKeysFile(absl::string_view keyfile,
                                                absl::string_view resource_path) {
  absl::StatusOr<SecretBytes> kek = ReadKek(keyfile, resource_path);
  if (!kek.ok()) {
    // Errors start with the path: "keyfile /k.json: not valid JSON (...)".
    return absl::Status(kek.status().code(), absl::StrCat("keyfile ", kek.status().message()));
  }
  return kek;
}

absl::StatusOr<SecretBytes> ReadKek(const WrapParameters& parameters,
                                    std::vector<std::string>& warnings) {
  const std::string& path =
      parameters.keyfile.has_value() ? *parameters.keyfile : *parameters.keypath;
  absl::StatusOr<SecretBytes> kek =
      parameters.keyfile.has_value() ? ReadKekFromKeysFile(path, parameters.keyid->resource_path())
                                     : ReadRawKek(path);
  if (!kek.ok()) return kek;
  if (std::optional<std::string> warning = ExposureWarning(path); warning.has_value()) {
    warnings.push_back(absl::StrCat("keywrap: ", *warning));
  }
  return kek;
}

absl::StatusOr<std::string> RandomIv(WrapType type) {
  std::string iv(IvSize(type), '\0');
  if (!RAND_bytes(reinterpret_cast<uint8_t*>(iv.data()), iv.size())) {
    return absl::InternalError("the random number generator failed");
  }
  return iv;
}

absl::StatusOr<std::string> SealIntoPacket(WrapType type, absl::Span<const uint8_t> kek,
                                           std::string kid, std::string iv,
                                           absl::string_view optsdata) {
  const auto* iv_bytes = reinterpret_cast<const uint8_t*>(iv.data());
  absl::StatusOr<std::string> wrapped =
      Seal(type, kek, absl::MakeConstSpan(iv_bytes, iv.size()), optsdata);
  if (!wrapped.ok()) return wrapped.status();
  return SerializeAnnotationPacket(
      AnnotationPacket{std::move(kid), *std::move(wrapped), std::move(iv), type});
}

absl::StatusOr<std::string> WrapForRecipient(absl::string_view recipient,
                                             absl::string_view optsdata,
                                             std::vector<std::string>& warnings) {
  absl::StatusOr<WrapParameters> parameters = ParseWrapParameters(recipient);
  if (!parameters.ok()) return parameters.status();
  if (parameters->sample) {
    // Byte-compatible with upstream's sample mode (and so with sample_kbc): the fixed KEK, an
    // all-zero IV and a fixed kid.
    return SealIntoPacket(WrapType::kA256Gcm, SampleKek(), kSampleKid,
                          std::string(IvSize(WrapType::kA256Gcm), '\0'), optsdata);
  }
  absl::StatusOr<SecretBytes> kek = ReadKek(*parameters, warnings);
  if (!kek.ok()) return kek.status();
  absl::StatusOr<std::string> iv = RandomIv(parameters->algorithm);
  if (!iv.ok()) return iv.status();
  return SealIntoPacket(parameters->algorithm, kek->span(), parameters->keyid->ToString(),
                        *std::move(iv), optsdata);
}

}  // namespace

absl::StatusOr<std::string> KeyWrap(const std::optional<std::vector<std::string>>& entries,
                                    absl::string_view provider_name, absl::string_view optsdata,
                                    std::vector<std::string>& warnings) {
  absl::StatusOr<absl::string_view> recipient = OneRecipient(entries, provider_name);
  if (!recipient.ok()) return WithContext("keywrap", recipient.status());
  absl::StatusOr<std::string> annotation = WrapForRecipient(*recipient, optsdata, warnings);
  if (!annotation.ok()) return WithContext("keywrap", annotation.status());
  return annotation;
}

}  // namespace coco
