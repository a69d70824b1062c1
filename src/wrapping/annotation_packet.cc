#include "src/wrapping/annotation_packet.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "rapidjson/document.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "src/common/base64.h"
#include "src/common/json_input.h"
#include "src/common/status_context.h"

namespace coco {
namespace {

absl::Status PacketError(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("annotation packet: ", why));
}

// Optional fields may also be null, as serde's Option reads them.
bool IsAbsent(const rapidjson::Value* value) { return value == nullptr || value->IsNull(); }

absl::StatusOr<const rapidjson::Value*> FindField(const rapidjson::Value& object,
                                                  absl::string_view name) {
  const rapidjson::Value* found = nullptr;
  for (const auto& member : object.GetObject()) {
    if (StringOf(member.name) != name) continue;
    if (found != nullptr) return PacketError(absl::StrCat("duplicate field \"", name, "\""));
    found = &member.value;
  }
  return found;
}

absl::StatusOr<std::string> RequiredString(const rapidjson::Value& object, absl::string_view name) {
  absl::StatusOr<const rapidjson::Value*> value = FindField(object, name);
  if (!value.ok()) return value.status();
  if (*value == nullptr) return PacketError(absl::StrCat("missing \"", name, "\""));
  if (!(*value)->IsString()) return PacketError(absl::StrCat("\"", name, "\" is not a string"));
  return std::string(StringOf(**value));
}

absl::StatusOr<std::string> RequiredBase64(const rapidjson::Value& object, absl::string_view name) {
  absl::StatusOr<std::string> text = RequiredString(object, name);
  if (!text.ok()) return text.status();
  absl::StatusOr<SecretBytes> bytes = DecodeBase64(*text);
  if (!bytes.ok()) {
    return PacketError(absl::StrCat("\"", name, "\" is ", bytes.status().message()));
  }
  return std::string(bytes->view());
}

absl::Status CheckOptionalFields(const rapidjson::Value& object) {
  for (absl::string_view name : {"version", "provider"}) {
    absl::StatusOr<const rapidjson::Value*> value = FindField(object, name);
    if (!value.ok()) return value.status();
    if (IsAbsent(*value)) continue;
    if (!(*value)->IsString()) return PacketError(absl::StrCat("\"", name, "\" is not a string"));
    const absl::string_view text = StringOf(**value);
    if (name == "provider" && text != "kbs") {
      return PacketError("\"provider\" is not \"kbs\", the only one supported");
    }
  }
  for (absl::string_view name : {"provider_settings", "annotations"}) {
    absl::StatusOr<const rapidjson::Value*> value = FindField(object, name);
    if (!value.ok()) return value.status();
    if (!IsAbsent(*value) && !(*value)->IsObject()) {
      return PacketError(absl::StrCat("\"", name, "\" is not an object"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

std::string SerializeAnnotationPacket(const AnnotationPacket& packet) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  const std::string wrapped_data = EncodeBase64(packet.wrapped_data);
  const std::string iv = EncodeBase64(packet.iv);
  const absl::string_view wrap_type = WrapTypeName(packet.wrap_type);
  writer.StartObject();
  writer.Key("kid");
  writer.String(packet.kid.data(), packet.kid.size());
  writer.Key("wrapped_data");
  writer.String(wrapped_data.data(), wrapped_data.size());
  writer.Key("iv");
  writer.String(iv.data(), iv.size());
  writer.Key("wrap_type");
  writer.String(wrap_type.data(), wrap_type.size());
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

absl::StatusOr<AnnotationPacket> ParseAnnotationPacket(absl::string_view json) {
  rapidjson::Document document;
  if (absl::Status parsed = ParseJson(json, kMaxPacketSize, document); !parsed.ok()) {
    return PacketError(parsed.message());
  }
  if (!document.IsObject()) return PacketError("not a JSON object");

  AnnotationPacket packet;
  absl::StatusOr<std::string> kid = RequiredString(document, "kid");
  if (!kid.ok()) return kid.status();
  packet.kid = *std::move(kid);
  absl::StatusOr<std::string> wrap_type_name = RequiredString(document, "wrap_type");
  if (!wrap_type_name.ok()) return wrap_type_name.status();
  absl::StatusOr<WrapType> wrap_type = ParseWrapType(*wrap_type_name);
  if (!wrap_type.ok())
    return PacketError(absl::StrCat("\"wrap_type\" ", wrap_type.status().message()));
  packet.wrap_type = *wrap_type;
  absl::StatusOr<std::string> iv = RequiredBase64(document, "iv");
  if (!iv.ok()) return iv.status();
  if (iv->size() != IvSize(packet.wrap_type)) {
    return PacketError(absl::StrCat("\"iv\" is ", iv->size(), " bytes, ",
                                    WrapTypeName(packet.wrap_type), " needs ",
                                    IvSize(packet.wrap_type)));
  }
  packet.iv = *std::move(iv);
  absl::StatusOr<std::string> wrapped_data = RequiredBase64(document, "wrapped_data");
  if (!wrapped_data.ok()) return wrapped_data.status();
  packet.wrapped_data = *std::move(wrapped_data);
  if (absl::Status optional = CheckOptionalFields(document); !optional.ok()) return optional;
  return packet;
}

std::vector<absl::StatusOr<AnnotationPacket>> DecodeAnnotationPackets(
    absl::string_view annotation) {
  std::vector<absl::StatusOr<AnnotationPacket>> packets;
  for (absl::string_view encoded : absl::StrSplit(annotation, ',')) {
    absl::StatusOr<SecretBytes> json = DecodeBase64(encoded);
    if (!json.ok()) {
      packets.push_back(WithContext("annotation", json.status()));
      continue;
    }
    packets.push_back(ParseAnnotationPacket(json->view()));
  }
  return packets;
}

}  // namespace coco
