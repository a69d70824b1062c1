#include "src/provider/keywrap.h"

#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/common/status_context.h"
#include "src/kbs/kbs_client.h"
#include "src/key_sources/fresh_key.h"
#include "src/key_sources/resource_uri.h"
#include "src/key_sources/sample_key.h"
#include "src/protocol/request.h"
#include "src/provider/wrap_parameters.h"
#include "src/wrapping/packet_crypto.h"

namespace coco {
namespace {

// "use --encryption-key provider:NAME:keyid=<kid>::keypath=FILE, ... or provider:NAME:sample=true"
std::string RecipientExamples(absl::string_view provider_name) {
  std::vector<std::string> examples;
  for (const WrapParameterSpec& spec : WrapParameterSpecs()) {
    if (spec.open_key_source == nullptr) continue;
    examples.push_back(absl::StrCat("provider:", provider_name, ":keyid=<kid>::", spec.name, "=",
                                    spec.value_name));
  }
  return absl::StrCat("use --encryption-key ", absl::StrJoin(examples, ", "),
                      " or provider:", provider_name, ":sample=true");
}

FreshKeys FreshKeysFor(const WrapSettings& settings) {
  return settings.registration.has_value() ? FreshKeys::kWhenNoKeyIsNamed : FreshKeys::kRefused;
}

// The one entry's PARAMS. `provider:NAME` alone (ocicrypt's "Enabled") names no key: a fresh one
// when keywrap registers into a KBS, else an error.
absl::StatusOr<absl::string_view> OneRecipient(
    const std::optional<std::vector<std::string>>& entries, absl::string_view provider_name,
    FreshKeys fresh) {
  if (!entries.has_value() || entries->empty()) {
    return absl::InvalidArgumentError(absl::StrCat("the request has no parameters for provider ",
                                                   provider_name, "; ",
                                                   RecipientExamples(provider_name)));
  }
  if (entries->size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(entries->size(),
                                                   " recipients given for provider ", provider_name,
                                                   "; one recipient per provider is supported"));
  }
  if (entries->front() == kEnabledParameter) {
    if (fresh == FreshKeys::kWhenNoKeyIsNamed) return absl::string_view();
    return absl::InvalidArgumentError(absl::StrCat("provider ", provider_name,
                                                   " was given no parameters; ",
                                                   RecipientExamples(provider_name)));
  }
  return absl::string_view(entries->front());
}

// The KEK from where the parameters say; errors start with that parameter: "keypath /k: ...".
absl::StatusOr<SecretBytes> FindKek(const WrapParameters& parameters,
                                    absl::string_view resource_path, WarningSink warnings) {
  std::unique_ptr<KeySource> source = parameters.OpenKeySource(std::move(warnings));
  absl::StatusOr<SecretBytes> kek = source->FindKek(resource_path);
  if (!kek.ok() && parameters.key_source != nullptr) {
    return absl::Status(kek.status().code(),
                        absl::StrCat(parameters.key_source->name, " ", kek.status().message()));
  }
  return kek;
}

// The kid the packet names: the one given, or a fresh one for a fresh KEK.
absl::StatusOr<ResourceUri> KidFor(const WrapParameters& parameters) {
  if (!parameters.fresh_key) return *parameters.keyid;
  absl::StatusOr<std::string> kid = FreshKid();
  if (!kid.ok()) return kid.status();
  return ResourceUri::ParseKid(*kid);
}

absl::Status Register(const KbsRegistration& registration, absl::string_view resource_path,
                      const SecretBytes& kek, WarningSink warnings) {
  absl::StatusOr<AdminKey> admin_key =
      ReadAdminKey(registration.admin_key_file, std::move(warnings));
  if (!admin_key.ok()) return WithContext("--kbs-admin-key", admin_key.status());
  absl::StatusOr<KbsConnection> connection = ConnectionTo(registration.url, registration.kbs);
  if (!connection.ok()) return connection.status();
  return ResourceRegistrar(*std::move(connection), *std::move(admin_key), registration.claims)
      .Register(resource_path, kek);
}

absl::StatusOr<std::string> WrapForRecipient(absl::string_view recipient,
                                             absl::string_view optsdata,
                                             const WrapSettings& settings, Warnings& warnings) {
  absl::StatusOr<WrapParameters> parameters =
      ParseWrapParameters(recipient, FreshKeysFor(settings));
  if (!parameters.ok()) return parameters.status();
  if (parameters->sample) {
    // Byte-compatible with upstream's sample mode (and so with sample_kbc): the fixed KEK, an
    // all-zero IV and a fixed kid. It protects nothing, so it is never registered.
    return SealPacket(WrapType::kA256Gcm, SampleKek(), kSampleKid, optsdata, PacketIv::kAllZero);
  }
  absl::StatusOr<ResourceUri> kid = KidFor(*parameters);
  if (!kid.ok()) return kid.status();
  const WarningSink keywrap = warnings.Within("keywrap");
  absl::StatusOr<SecretBytes> kek = FindKek(*parameters, kid->resource_path(), keywrap);
  if (!kek.ok()) return kek.status();
  if (settings.registration.has_value()) {
    if (absl::Status registered =
            Register(*settings.registration, kid->resource_path(), *kek, keywrap);
        !registered.ok()) {
      return registered;
    }
  }
  return SealPacket(parameters->algorithm, kek->span(), kid->ToString(), optsdata);
}

}  // namespace

absl::StatusOr<std::string> KeyWrap(const std::optional<std::vector<std::string>>& entries,
                                    absl::string_view provider_name, absl::string_view optsdata,
                                    const WrapSettings& settings, Warnings& warnings) {
  absl::StatusOr<absl::string_view> recipient =
      OneRecipient(entries, provider_name, FreshKeysFor(settings));
  if (!recipient.ok()) return WithContext("keywrap", recipient.status());
  absl::StatusOr<std::string> annotation =
      WrapForRecipient(*recipient, optsdata, settings, warnings);
  if (!annotation.ok()) return WithContext("keywrap", annotation.status());
  return annotation;
}

}  // namespace coco
