#include "src/provider/keyunwrap.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rapidjson/document.h"
#include "src/common/json_in_place.h"
#include "src/common/status_context.h"
#include "src/protocol/request.h"
#include "src/wrapping/annotation_packet.h"

namespace coco {
namespace {

constexpr size_t kFailuresShown = 3;

absl::StatusOr<std::string> DefaultKbc(const UnwrapSettings& settings) {
  if (settings.kbc.has_value()) return *settings.kbc;
  if (settings.aa_kbc_params.has_value()) {
    absl::StatusOr<std::string> name = KbcNameOf(*settings.aa_kbc_params);
    if (!name.ok()) return WithContext("AA_KBC_PARAMS", name.status());
    return name;
  }
  return std::string("offline_fs_kbc");
}

// The KBC an entry of our Parameters names: `Enabled` means the default one.
absl::StatusOr<std::string> KbcOfEntry(absl::string_view entry, const UnwrapSettings& settings) {
  if (entry == kEnabledParameter) return DefaultKbc(settings);
  return KbcNameOf(entry);
}

// AES-CTR has no tag: a wrong key gives garbage, which must not reach ocicrypt as a layer key.
bool IsOcicryptSecret(const SecretBytes& plaintext) {
  SecretBytes text(plaintext.view());
  rapidjson::Document document;
  return ParseJsonInPlace(text, document).ok() && document.IsObject() &&
         document.HasMember("symkey") && document["symkey"].IsString();
}

absl::StatusOr<SecretBytes> UnwrapWithEntry(absl::string_view entry, const AnnotationPacket& packet,
                                            const UnwrapSettings& settings,
                                            std::vector<std::string>& warnings) {
  absl::StatusOr<std::string> kbc = KbcOfEntry(entry, settings);
  if (!kbc.ok()) return kbc.status();
  absl::StatusOr<SecretBytes> plaintext =
      UnwrapWithKbc(*kbc, packet, settings.kbc_settings, warnings);
  if (plaintext.ok() && packet.wrap_type == WrapType::kA256Ctr && !IsOcicryptSecret(*plaintext)) {
    return absl::PermissionDeniedError(absl::StrCat(
        *kbc, ": A256CTR unwrap gave no ocicrypt key options (wrong key for ", packet.kid, "?)"));
  }
  return plaintext;
}

absl::StatusOr<SecretBytes> UnwrapWithFirstWorkingEntry(const std::vector<std::string>& entries,
                                                        const AnnotationPacket& packet,
                                                        const UnwrapSettings& settings,
                                                        std::vector<std::string>& warnings) {
  std::vector<std::string> failures;
  for (const std::string& entry : entries) {
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

}  // namespace

absl::StatusOr<SecretBytes> KeyUnwrap(const std::optional<std::vector<std::string>>& entries,
                                      absl::string_view annotation, const UnwrapSettings& settings,
                                      std::vector<std::string>& warnings) {
  absl::StatusOr<AnnotationPacket> packet = ParseAnnotationPacket(annotation);
  if (!packet.ok()) return WithContext("keyunwrap", packet.status());
  const std::vector<std::string> default_entry = {std::string(kEnabledParameter)};
  absl::StatusOr<SecretBytes> plaintext = UnwrapWithFirstWorkingEntry(
      entries.has_value() && !entries->empty() ? *entries : default_entry, *packet, settings,
      warnings);
  if (!plaintext.ok()) return WithContext("keyunwrap", plaintext.status());
  return plaintext;
}

}  // namespace coco
