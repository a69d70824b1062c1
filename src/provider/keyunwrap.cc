#include "src/provider/keyunwrap.h"

#include <memory>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/common/printable.h"
#include "src/common/status_context.h"
#include "src/key_sources/resource_uri.h"
#include "src/protocol/request.h"
#include "src/wrapping/packet_crypto.h"

namespace coco {
namespace {

constexpr size_t kFailuresShown = 3;

absl::StatusOr<KbcParameter> DefaultKbc(const UnwrapSettings& settings) {
  if (settings.kbc.has_value()) return *settings.kbc;
  if (settings.aa_kbc_params.has_value()) {
    absl::StatusOr<KbcParameter> parameter = KbcParameter::Parse(*settings.aa_kbc_params);
    if (!parameter.ok()) return WithContext("AA_KBC_PARAMS", parameter.status());
    return parameter;
  }
  return KbcParameter{"offline_fs_kbc", ""};
}

// The KBC an entry of our Parameters names: `Enabled` means the default one.
absl::StatusOr<KbcParameter> KbcOfEntry(absl::string_view entry, const UnwrapSettings& settings) {
  if (entry == kEnabledParameter) return DefaultKbc(settings);
  return KbcParameter::Parse(entry);
}

// What the KBC looks the key up by: the kid's resource path, or nothing for a KBC whose one key
// opens every packet.
absl::StatusOr<std::string> ResourcePathFor(const Kbc& kbc, const AnnotationPacket& packet) {
  if (!kbc.reads_kid) return std::string();
  absl::StatusOr<ResourceUri> kid = ResourceUri::ParseKid(packet.kid);
  if (!kid.ok()) {
    return WithContext(
        absl::StrCat("kid \"", Printable(packet.kid), "\" is not a KBS resource URI"),
        kid.status());
  }
  return kid->resource_path();
}

absl::StatusOr<SecretBytes> UnwrapWithKbc(const Kbc& kbc, const KbcParameter& parameter,
                                          const AnnotationPacket& packet,
                                          const UnwrapSettings& settings, Warnings& warnings) {
  if (!kbc.opens_ctr && packet.wrap_type != WrapType::kA256Gcm) {
    return absl::InvalidArgumentError(
        absl::StrCat("unwraps only A256GCM, the packet is ", WrapTypeName(packet.wrap_type)));
  }
  absl::StatusOr<std::string> resource_path = ResourcePathFor(kbc, packet);
  if (!resource_path.ok()) return resource_path.status();
  absl::StatusOr<std::unique_ptr<KeySource>> source =
      kbc.open(parameter, settings.kbc_settings, warnings.Within(kbc.name));
  if (!source.ok()) return source.status();
  absl::StatusOr<SecretBytes> kek = (*source)->FindKek(*resource_path);
  if (!kek.ok()) return kek;
  return OpenPacket(packet, kek->span());
}

absl::StatusOr<SecretBytes> UnwrapWithEntry(absl::string_view entry, const AnnotationPacket& packet,
                                            const UnwrapSettings& settings, Warnings& warnings) {
  absl::StatusOr<KbcParameter> parameter = KbcOfEntry(entry, settings);
  if (!parameter.ok()) return parameter.status();
  absl::StatusOr<const Kbc*> kbc = FindUsableKbc(parameter->kbc);
  if (!kbc.ok()) return kbc.status();
  absl::StatusOr<SecretBytes> plaintext =
      UnwrapWithKbc(**kbc, *parameter, packet, settings, warnings);
  if (!plaintext.ok()) return WithContext((*kbc)->name, plaintext.status());
  return plaintext;
}

}  // namespace

absl::StatusOr<SecretBytes> UnwrapPacket(absl::Span<const std::string> entries,
                                         const AnnotationPacket& packet,
                                         const UnwrapSettings& settings, Warnings& warnings) {
  std::vector<std::string> failures;
  for (const std::string& entry : entries.subspan(0, kMaxUnwrapAttempts)) {
    absl::StatusOr<SecretBytes> plaintext = UnwrapWithEntry(entry, packet, settings, warnings);
    if (plaintext.ok() || entries.size() == 1) return plaintext;
    // The first few reasons tell the story; a hostile list of thousands must not flood stderr.
    if (failures.size() < kFailuresShown) failures.emplace_back(plaintext.status().message());
  }
  std::string reasons = absl::StrJoin(failures, "; ");
  if (entries.size() > kFailuresShown) {
    absl::StrAppend(&reasons, "; and ", entries.size() - kFailuresShown, " more");
  }
  return absl::NotFoundError(absl::StrCat("every KBC failed: ", reasons));
}

absl::StatusOr<SecretBytes> UnwrapWithDefaultKbc(const AnnotationPacket& packet,
                                                 const UnwrapSettings& settings,
                                                 Warnings& warnings) {
  const std::string default_entry[] = {std::string(kEnabledParameter)};
  return UnwrapPacket(default_entry, packet, settings, warnings);
}

absl::StatusOr<SecretBytes> KeyUnwrap(const std::optional<std::vector<std::string>>& entries,
                                      absl::string_view annotation, const UnwrapSettings& settings,
                                      Warnings& warnings) {
  absl::StatusOr<AnnotationPacket> packet = ParseAnnotationPacket(annotation);
  if (!packet.ok()) return WithContext("keyunwrap", packet.status());
  absl::StatusOr<SecretBytes> plaintext = entries.has_value() && !entries->empty()
                                              ? UnwrapPacket(*entries, *packet, settings, warnings)
                                              : UnwrapWithDefaultKbc(*packet, settings, warnings);
  if (!plaintext.ok()) return WithContext("keyunwrap", plaintext.status());
  return plaintext;
}

}  // namespace coco
