#include "src/provider/keyunwrap.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rapidjson/document.h"
#include "src/wrapping/annotation_packet.h"

namespace coco {
namespace {

constexpr absl::string_view kEnabled = "Enabled";

absl::StatusOr<std::vector<std::string>> KbcsToTry(
    const std::optional<std::vector<std::string>>& entries, absl::string_view default_kbc) {
  std::vector<std::string> kbcs;
  if (!entries.has_value() || entries->empty()) {
    kbcs.emplace_back(default_kbc);
    return kbcs;
  }
  for (const std::string& entry : *entries) {
    if (entry == kEnabled) {
      kbcs.emplace_back(default_kbc);
      continue;
    }
    absl::StatusOr<std::string> name = KbcNameOf(entry);
    if (!name.ok()) return name.status();
    kbcs.push_back(*std::move(name));
  }
  return kbcs;
}

// AES-CTR has no tag: a wrong key gives garbage, which must not reach ocicrypt as a layer key.
bool IsOcicryptSecret(const SecretBytes& plaintext) {
  SecretBytes text(plaintext.view());
  text.push_back('\0');
  rapidjson::Document document;
  document.ParseInsitu<rapidjson::kParseIterativeFlag>(reinterpret_cast<char*>(text.data()));
  return !document.HasParseError() && document.IsObject() && document.HasMember("symkey") &&
         document["symkey"].IsString();
}

absl::StatusOr<SecretBytes> UnwrapOnce(absl::string_view kbc, const AnnotationPacket& packet,
                                       const KbcSettings& settings,
                                       std::vector<std::string>& warnings) {
  absl::StatusOr<SecretBytes> plaintext = UnwrapWithKbc(kbc, packet, settings, warnings);
  if (plaintext.ok() && packet.wrap_type == WrapType::kA256Ctr && !IsOcicryptSecret(*plaintext)) {
    return absl::PermissionDeniedError(absl::StrCat(
        kbc, ": A256CTR unwrap gave no ocicrypt key options (wrong key for ", packet.kid, "?)"));
  }
  return plaintext;
}

absl::StatusOr<SecretBytes> KeyUnwrapOrError(const std::optional<std::vector<std::string>>& entries,
                                             absl::string_view annotation,
                                             const UnwrapSettings& settings,
                                             std::vector<std::string>& warnings) {
  absl::StatusOr<AnnotationPacket> packet = ParseAnnotationPacket(annotation);
  if (!packet.ok()) return packet.status();
  absl::StatusOr<std::vector<std::string>> kbcs = KbcsToTry(entries, settings.default_kbc);
  if (!kbcs.ok()) return kbcs.status();

  std::vector<std::string> failures;
  for (const std::string& kbc : *kbcs) {
    absl::StatusOr<SecretBytes> plaintext = UnwrapOnce(kbc, *packet, settings.kbc, warnings);
    if (plaintext.ok()) return plaintext;
    if (kbcs->size() == 1) return plaintext.status();
    failures.emplace_back(plaintext.status().message());
  }
  return absl::NotFoundError(absl::StrCat("every KBC failed: ", absl::StrJoin(failures, "; ")));
}

}  // namespace

absl::StatusOr<SecretBytes> KeyUnwrap(const std::optional<std::vector<std::string>>& entries,
                                      absl::string_view annotation, const UnwrapSettings& settings,
                                      std::vector<std::string>& warnings) {
  absl::StatusOr<SecretBytes> plaintext = KeyUnwrapOrError(entries, annotation, settings, warnings);
  if (!plaintext.ok()) {
    return absl::Status(plaintext.status().code(),
                        absl::StrCat("keyunwrap: ", plaintext.status().message()));
  }
  return plaintext;
}

}  // namespace coco
