#include "src/inspect/image_report.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "rapidjson/document.h"
#include "src/common/base64.h"
#include "src/common/json_input.h"
#include "src/common/status_context.h"
#include "src/oci/encryption_annotations.h"
#include "src/wrapping/annotation_packet.h"

namespace coco {
namespace {

std::vector<ProviderKeyReport> DescribeProviderKeys(absl::string_view provider,
                                                    absl::string_view annotation) {
  std::vector<ProviderKeyReport> keys;
  for (absl::StatusOr<AnnotationPacket>& packet : DecodeAnnotationPackets(annotation)) {
    ProviderKeyReport key;
    key.provider = std::string(provider);
    if (packet.ok()) {
      key.kid = packet->kid;
      key.wrap_type = std::string(WrapTypeName(packet->wrap_type));
      key.iv_length = packet->iv.size();
      key.wrapped_data_length = packet->wrapped_data.size();
    } else {
      key.error = std::string(packet.status().message());
    }
    keys.push_back(std::move(key));
  }
  return keys;
}

// The "cipher" of ocicrypt's public options, base64 of {"cipher":...,"hmac":...,...}.
absl::StatusOr<std::string> CipherOf(absl::string_view pubopts) {
  absl::StatusOr<SecretBytes> json = DecodeBase64(pubopts);
  if (!json.ok()) return json.status();
  rapidjson::Document document;
  if (absl::Status parsed = ParseJson(json->view(), kMaxDocumentSize, document); !parsed.ok()) {
    return parsed;
  }
  if (!document.IsObject()) return absl::InvalidArgumentError("not a JSON object");
  std::optional<absl::string_view> cipher = StringMember(document, "cipher");
  if (!cipher.has_value()) return absl::InvalidArgumentError("no \"cipher\" string");
  return std::string(*cipher);
}

void DescribeAnnotation(absl::string_view name, absl::string_view value, LayerReport& layer) {
  if (name == kPublicOptionsAnnotation) {
    absl::StatusOr<std::string> cipher = CipherOf(value);
    if (cipher.ok()) {
      layer.cipher = *std::move(cipher);
    } else {
      layer.cipher_error = absl::StrCat("pubopts: ", cipher.status().message());
    }
    return;
  }
  if (absl::string_view provider = name;
      absl::ConsumePrefix(&provider, kKeyProviderAnnotationPrefix)) {
    for (ProviderKeyReport& key : DescribeProviderKeys(provider, value)) {
      layer.provider_keys.push_back(std::move(key));
    }
    return;
  }
  if (absl::ConsumePrefix(&name, kKeysAnnotationPrefix)) layer.other_recipients.emplace_back(name);
}

}  // namespace

LayerReport DescribeLayer(const Descriptor& layer) {
  LayerReport report;
  report.digest = layer.digest;
  report.size = layer.size;
  report.media_type = layer.media_type;
  report.encrypted = IsEncryptedMediaType(layer.media_type);
  for (const auto& [name, value] : layer.annotations) DescribeAnnotation(name, value, report);
  return report;
}

ImageReport DescribeImage(const LocatedManifest& image) {
  ImageReport report{image.digest, image.manifest.media_type, image.platform, {}};
  for (const Descriptor& layer : image.manifest.layers)
    report.layers.push_back(DescribeLayer(layer));
  return report;
}

}  // namespace coco
