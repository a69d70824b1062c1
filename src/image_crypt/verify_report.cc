#include "src/image_crypt/verify_report.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"
#include "src/common/printable.h"

namespace coco {
namespace {

using JsonWriter = rapidjson::PrettyWriter<rapidjson::StringBuffer>;

constexpr absl::string_view kVerified = "opens, HMAC and digest verified";
constexpr absl::string_view kVerifiedOtherDigest =
    "opens, HMAC verified; the digest its secret records is not the plaintext's";
constexpr absl::string_view kForeign = "a foreign layer (urls): passed through, not read";

absl::string_view Outcome(const VerifiedLayer& layer) {
  if (layer.foreign) return kForeign;
  return layer.digest_matches ? kVerified : kVerifiedOtherDigest;
}

std::string Shown(absl::string_view text) { return EscapeControlCharacters(text); }

// "PATH", from "PATH=/usr/bin".
std::string EnvName(absl::string_view variable) {
  return std::string(variable.substr(0, variable.find('=')));
}

std::vector<std::string> EnvNames(const ImageConfig& config) {
  std::vector<std::string> names;
  for (const std::string& variable : config.env) names.push_back(EnvName(variable));
  return names;
}

std::vector<std::string> LabelNames(const ImageConfig& config) {
  std::vector<std::string> names;
  for (const auto& [name, value] : config.labels) names.push_back(name);
  return names;
}

std::string NameList(const std::vector<std::string>& names) {
  if (names.empty()) return "none";
  std::vector<std::string> shown;
  for (const std::string& name : names) shown.push_back(Shown(name));
  return absl::StrJoin(shown, ", ");
}

void AppendImageText(const VerifiedImage& image, std::string& out) {
  absl::StrAppend(&out, "image ", image.manifest_digest,
                  image.platform.empty() ? "" : absl::StrCat(" (", Shown(image.platform), ")"),
                  "\n");
  std::size_t encrypted = 0;
  for (std::size_t i = 0; i < image.layers.size(); ++i) {
    const VerifiedLayer& layer = image.layers[i];
    absl::StrAppend(&out, "  layer ", i, " of ", image.layers.size(), ": ", layer.digest, " ",
                    Shown(layer.media_type), "\n");
    if (layer.foreign) {
      absl::StrAppend(&out, "    ", kForeign, "\n");
    } else if (layer.encrypted) {
      ++encrypted;
      absl::StrAppend(&out, "    kid ", Shown(layer.kid), ", ", layer.wrap_type, ": ",
                      Outcome(layer), "\n");
    } else {
      absl::StrAppend(&out, "    not encrypted: anyone with the image can read it\n");
    }
  }
  absl::StrAppend(&out, "  in plaintext, config ", image.config_digest, ":\n",
                  "    ENV: ", NameList(EnvNames(image.config)), "\n",
                  "    labels: ", NameList(LabelNames(image.config)), "\n",
                  "    history: ", image.config.history_entries, " entries\n",
                  "    diff_ids: ", image.config.diff_ids.size(), "\n");
  for (const std::string& diff_id : image.config.diff_ids) {
    absl::StrAppend(&out, "      ", diff_id, "\n");
  }
  absl::StrAppend(&out, "  ", image.layers.size(), " layers, ", encrypted,
                  " encrypted: each of those opens and its HMAC verifies\n");
}

void WriteString(JsonWriter& writer, absl::string_view text) {
  writer.String(text.data(), text.size());
}

void WriteStrings(JsonWriter& writer, const std::vector<std::string>& strings) {
  writer.StartArray();
  for (const std::string& text : strings) WriteString(writer, text);
  writer.EndArray();
}

void WriteLayerJson(JsonWriter& writer, const VerifiedLayer& layer) {
  writer.StartObject();
  writer.Key("digest");
  WriteString(writer, layer.digest);
  writer.Key("media_type");
  WriteString(writer, layer.media_type);
  writer.Key("encrypted");
  writer.Bool(layer.encrypted);
  writer.Key("kid");
  if (layer.encrypted) {
    // A kid comes from a packet, whose bytes need not be UTF-8.
    WriteString(writer, JsonStringText(layer.kid));
  } else {
    writer.Null();
  }
  writer.Key("wrap_type");
  layer.encrypted ? WriteString(writer, layer.wrap_type) : (void)writer.Null();
  writer.Key("verified");
  layer.encrypted || layer.foreign ? WriteString(writer, Outcome(layer)) : (void)writer.Null();
  writer.Key("foreign");
  writer.Bool(layer.foreign);
  writer.EndObject();
}

void WriteImageJson(JsonWriter& writer, const VerifiedImage& image) {
  writer.StartObject();
  writer.Key("digest");
  WriteString(writer, image.manifest_digest);
  writer.Key("platform");
  WriteString(writer, image.platform);
  writer.Key("config");
  writer.StartObject();
  writer.Key("digest");
  WriteString(writer, image.config_digest);
  writer.Key("env");
  WriteStrings(writer, EnvNames(image.config));
  writer.Key("labels");
  WriteStrings(writer, LabelNames(image.config));
  writer.Key("history_entries");
  writer.Uint64(image.config.history_entries);
  writer.Key("diff_ids");
  WriteStrings(writer, image.config.diff_ids);
  writer.EndObject();
  writer.Key("layers");
  writer.StartArray();
  for (const VerifiedLayer& layer : image.layers) WriteLayerJson(writer, layer);
  writer.EndArray();
  writer.EndObject();
}

}  // namespace

std::string FormatVerificationText(absl::Span<const VerifiedImage> images) {
  std::string out;
  for (const VerifiedImage& image : images) AppendImageText(image, out);
  return out;
}

std::string FormatVerificationJson(absl::Span<const VerifiedImage> images) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.SetIndent(' ', 2);
  writer.StartObject();
  writer.Key("images");
  writer.StartArray();
  for (const VerifiedImage& image : images) WriteImageJson(writer, image);
  writer.EndArray();
  writer.EndObject();
  return absl::StrCat(absl::string_view(buffer.GetString(), buffer.GetSize()), "\n");
}

}  // namespace coco
