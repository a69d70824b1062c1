#include "src/inspect/report_format.h"

#include "absl/strings/str_cat.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"
#include "src/common/printable.h"

namespace coco {
namespace {

using JsonWriter = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

std::string Shown(absl::string_view text) { return EscapeControlCharacters(text); }

std::string ProviderKeyLine(const ProviderKeyReport& key) {
  if (!key.error.empty()) {
    return absl::StrCat("provider ", Shown(key.provider), ": unreadable: ", Shown(key.error));
  }
  return absl::StrCat("provider ", Shown(key.provider), ": kid ", Shown(key.kid), ", wrap_type ",
                      key.wrap_type, ", iv ", key.iv_length, " bytes, wrapped data ",
                      key.wrapped_data_length, " bytes");
}

void AppendLayerText(const LayerReport& layer, size_t number, size_t count, std::string& out) {
  absl::StrAppend(&out, "  layer ", number, "/", count, ": ", Shown(layer.digest), ", ", layer.size,
                  " bytes\n", "    media type: ", Shown(layer.media_type), "\n",
                  "    encrypted: ", layer.encrypted ? "yes" : "no", "\n");
  if (!layer.cipher.empty()) absl::StrAppend(&out, "    cipher: ", Shown(layer.cipher), "\n");
  if (!layer.cipher_error.empty()) {
    absl::StrAppend(&out, "    cipher: unreadable: ", Shown(layer.cipher_error), "\n");
  }
  for (const ProviderKeyReport& key : layer.provider_keys) {
    absl::StrAppend(&out, "    ", ProviderKeyLine(key), "\n");
  }
  for (const std::string& scheme : layer.other_recipients) {
    absl::StrAppend(&out, "    ", Shown(scheme), ": present\n");
  }
  if (layer.encrypted && layer.provider_keys.empty() && layer.other_recipients.empty()) {
    absl::StrAppend(&out, "    no wrapped key: nobody can decrypt this layer\n");
  }
}

void WriteString(JsonWriter& writer, absl::string_view text) {
  // Image text is valid UTF-8 when it came from a manifest (checked when parsed), but a packet's
  // kid or the cipher may not be.
  const std::string valid = JsonStringText(text);
  writer.String(valid.data(), valid.size());
}

void WriteMember(JsonWriter& writer, const char* name, absl::string_view text) {
  writer.Key(name);
  WriteString(writer, text);
}

void WriteProviderKey(JsonWriter& writer, const ProviderKeyReport& key) {
  writer.StartObject();
  WriteMember(writer, "provider", key.provider);
  if (!key.error.empty()) {
    WriteMember(writer, "error", key.error);
  } else {
    WriteMember(writer, "kid", key.kid);
    WriteMember(writer, "wrap_type", key.wrap_type);
    writer.Key("iv_length");
    writer.Uint64(key.iv_length);
    writer.Key("wrapped_data_length");
    writer.Uint64(key.wrapped_data_length);
  }
  writer.EndObject();
}

void WriteLayer(JsonWriter& writer, const LayerReport& layer) {
  writer.StartObject();
  WriteMember(writer, "digest", layer.digest);
  writer.Key("size");
  writer.Int64(layer.size);
  WriteMember(writer, "media_type", layer.media_type);
  writer.Key("encrypted");
  writer.Bool(layer.encrypted);
  writer.Key("cipher");
  if (layer.cipher.empty()) {
    writer.Null();
  } else {
    WriteString(writer, layer.cipher);
  }
  if (!layer.cipher_error.empty()) WriteMember(writer, "cipher_error", layer.cipher_error);
  writer.Key("provider_keys");
  writer.StartArray();
  for (const ProviderKeyReport& key : layer.provider_keys) WriteProviderKey(writer, key);
  writer.EndArray();
  writer.Key("other_recipients");
  writer.StartArray();
  for (const std::string& scheme : layer.other_recipients) WriteString(writer, scheme);
  writer.EndArray();
  writer.EndObject();
}

}  // namespace

std::string FormatReportText(absl::Span<const ImageReport> images) {
  std::string out;
  for (const ImageReport& image : images) {
    absl::StrAppend(&out, "image ", Shown(image.digest),
                    image.platform.empty() ? "" : absl::StrCat(" (", Shown(image.platform), ")"),
                    "\n");
    if (!image.media_type.empty()) {
      absl::StrAppend(&out, "  manifest type: ", Shown(image.media_type), "\n");
    }
    for (size_t i = 0; i < image.layers.size(); ++i) {
      AppendLayerText(image.layers[i], i + 1, image.layers.size(), out);
    }
  }
  return out;
}

std::string FormatReportJson(absl::Span<const ImageReport> images) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.SetIndent(' ', 2);
  writer.StartObject();
  writer.Key("images");
  writer.StartArray();
  for (const ImageReport& image : images) {
    writer.StartObject();
    WriteMember(writer, "digest", image.digest);
    WriteMember(writer, "media_type", image.media_type);
    WriteMember(writer, "platform", image.platform);
    writer.Key("layers");
    writer.StartArray();
    for (const LayerReport& layer : image.layers) WriteLayer(writer, layer);
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return absl::StrCat(absl::string_view(buffer.GetString(), buffer.GetSize()), "\n");
}

}  // namespace coco
