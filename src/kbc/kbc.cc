#include "src/kbc/kbc.h"

#include "absl/strings/str_cat.h"
#include "src/common/printable.h"
#include "src/common/status_context.h"
#include "src/kbc/sample_key.h"
#include "src/wrapping/key_wrap_cipher.h"
#include "src/wrapping/resource_uri.h"

namespace coco {
namespace {

constexpr absl::string_view kSampleKbc = "sample_kbc";
constexpr absl::string_view kOfflineFsKbc = "offline_fs_kbc";
constexpr absl::string_view kOfflineSevKbc = "offline_sev_kbc";
constexpr absl::string_view kSupported = "sample_kbc, offline_fs_kbc, offline_sev_kbc";

absl::StatusOr<SecretBytes> OpenPacket(const AnnotationPacket& packet,
                                       absl::Span<const uint8_t> kek) {
  const auto* iv = reinterpret_cast<const uint8_t*>(packet.iv.data());
  return Open(packet.wrap_type, kek, absl::MakeConstSpan(iv, packet.iv.size()),
              packet.wrapped_data);
}

// sample_kbc decrypts with AES-256-GCM whatever the packet says; only GCM packets can work.
absl::StatusOr<SecretBytes> UnwrapWithSampleKek(const AnnotationPacket& packet) {
  if (packet.wrap_type != WrapType::kA256Gcm) {
    return absl::InvalidArgumentError(
        absl::StrCat("unwraps only A256GCM, the packet is ", WrapTypeName(packet.wrap_type)));
  }
  return OpenPacket(packet, SampleKek());
}

absl::StatusOr<SecretBytes> UnwrapWithOfflineKey(absl::string_view kbc_name,
                                                 const AnnotationPacket& packet,
                                                 const KbcSettings& settings,
                                                 std::vector<std::string>& warnings) {
  absl::StatusOr<ResourceUri> kid = ResourceUri::ParseKid(packet.kid);
  if (!kid.ok()) {
    return WithContext(
        absl::StrCat("kid \"", Printable(packet.kid), "\" is not a KBS resource URI"),
        kid.status());
  }
  absl::StatusOr<SecretBytes> kek =
      kbc_name == kOfflineFsKbc
          ? FindKeyInKeysFiles(settings.keys_files, kid->resource_path(), warnings)
          : FindKeyInSevSecret(settings.sev_secret_path, kid->resource_path());
  if (!kek.ok()) return kek.status();
  if (absl::Status size = CheckKekSize(kek->size()); !size.ok()) {
    return WithContext(absl::StrCat("key ", kid->resource_path()), size);
  }
  return OpenPacket(packet, kek->span());
}

}  // namespace

absl::StatusOr<std::string> KbcNameOf(absl::string_view kbc_parameter) {
  absl::string_view name = kbc_parameter.substr(0, kbc_parameter.find("::"));
  if (name.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("KBC parameter \"", Printable(kbc_parameter),
                                                   "\" names no KBC; expected <kbc>::<kbs-uri>"));
  }
  return std::string(name);
}

absl::Status CheckKbcSupported(absl::string_view kbc_name) {
  if (kbc_name == kSampleKbc || kbc_name == kOfflineFsKbc || kbc_name == kOfflineSevKbc) {
    return absl::OkStatus();
  }
  if (kbc_name == "cc_kbc" || kbc_name == "online_sev_kbc" || kbc_name == "eaa_kbc") {
    return absl::UnimplementedError(
        absl::StrCat(kbc_name,
                     " fetches keys from a KBS after hardware attestation, which only a CoCo guest "
                     "can do; offline this tool unwraps with ",
                     kSupported));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown KBC \"", Printable(kbc_name), "\"; supported: ", kSupported));
}

absl::StatusOr<SecretBytes> UnwrapWithKbc(absl::string_view kbc_name,
                                          const AnnotationPacket& packet,
                                          const KbcSettings& settings,
                                          std::vector<std::string>& warnings) {
  if (absl::Status supported = CheckKbcSupported(kbc_name); !supported.ok()) return supported;
  absl::StatusOr<SecretBytes> plaintext =
      kbc_name == kSampleKbc ? UnwrapWithSampleKek(packet)
                             : UnwrapWithOfflineKey(kbc_name, packet, settings, warnings);
  if (!plaintext.ok()) return WithContext(kbc_name, plaintext.status());
  return plaintext;
}

}  // namespace coco
