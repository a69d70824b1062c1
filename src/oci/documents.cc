#include "src/oci/documents.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rapidjson/document.h"
#include "src/common/json_input.h"
#include "src/common/printable.h"
#include "src/common/status_context.h"
#include "src/oci/digest.h"

namespace coco {
namespace {

constexpr absl::string_view kManifestTypes[] = {
    kOciManifestType,
    "application/vnd.docker.distribution.manifest.v2+json",
};
constexpr absl::string_view kIndexTypes[] = {
    kOciIndexType,
    "application/vnd.docker.distribution.manifest.list.v2+json",
};

// The member `name` of `object`, or null; a name given twice is an error, since two readers
// could each believe a different one.
absl::StatusOr<const rapidjson::Value*> FindMember(const rapidjson::Value& object,
                                                   absl::string_view name) {
  const rapidjson::Value* found = nullptr;
  for (const auto& member : object.GetObject()) {
    if (StringOf(member.name) != name) continue;
    if (found != nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("\"", name, "\" is given twice"));
    }
    found = &member.value;
  }
  return found;
}

absl::StatusOr<std::optional<std::string>> OptionalString(const rapidjson::Value& object,
                                                          absl::string_view name) {
  absl::StatusOr<const rapidjson::Value*> value = FindMember(object, name);
  if (!value.ok()) return value.status();
  if (*value == nullptr) return std::nullopt;
  if (!(*value)->IsString()) {
    return absl::InvalidArgumentError(absl::StrCat("\"", name, "\" is not a string"));
  }
  return std::optional<std::string>(std::string(StringOf(**value)));
}

absl::StatusOr<std::string> RequiredString(const rapidjson::Value& object, absl::string_view name) {
  absl::StatusOr<std::optional<std::string>> value = OptionalString(object, name);
  if (!value.ok()) return value.status();
  if (!value->has_value()) return absl::InvalidArgumentError(absl::StrCat("no \"", name, "\""));
  return **std::move(value);
}

// A member that is absent, null, or an object of strings, such as "annotations": `entry` names one
// of them in errors ("annotation \"a\" is not a string").
absl::StatusOr<std::map<std::string, std::string>> StringMap(const rapidjson::Value& object,
                                                             absl::string_view name,
                                                             absl::string_view entry) {
  std::map<std::string, std::string> strings;
  absl::StatusOr<const rapidjson::Value*> value = FindMember(object, name);
  if (!value.ok()) return value.status();
  if (*value == nullptr || (*value)->IsNull()) return strings;
  if (!(*value)->IsObject()) {
    return absl::InvalidArgumentError(absl::StrCat("\"", name, "\" is not an object"));
  }
  for (const auto& member : (*value)->GetObject()) {
    const std::string key(StringOf(member.name));
    if (!member.value.IsString()) {
      return absl::InvalidArgumentError(
          absl::StrCat(entry, " \"", Printable(key), "\" is not a string"));
    }
    if (!strings.emplace(key, StringOf(member.value)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(entry, " \"", Printable(key), "\" is given twice"));
    }
  }
  return strings;
}

absl::StatusOr<std::string> Platform(const rapidjson::Value& object) {
  absl::StatusOr<const rapidjson::Value*> value = FindMember(object, "platform");
  if (!value.ok()) return value.status();
  if (*value == nullptr || (*value)->IsNull()) return std::string();
  if (!(*value)->IsObject()) return absl::InvalidArgumentError("\"platform\" is not an object");
  std::vector<std::string> parts;
  for (absl::string_view name : {"os", "architecture", "variant"}) {
    absl::StatusOr<std::optional<std::string>> part = OptionalString(**value, name);
    if (!part.ok()) return WithContext("platform", part.status());
    if (part->has_value() && !(*part)->empty()) parts.push_back(**part);
  }
  return absl::StrJoin(parts, "/");
}

absl::StatusOr<Descriptor> ParseDescriptor(const rapidjson::Value& value) {
  if (!value.IsObject()) return absl::InvalidArgumentError("not an object");
  Descriptor descriptor;
  absl::StatusOr<std::string> media_type = RequiredString(value, "mediaType");
  if (!media_type.ok()) return media_type.status();
  descriptor.media_type = *std::move(media_type);
  absl::StatusOr<std::string> digest = RequiredString(value, "digest");
  if (!digest.ok()) return digest.status();
  descriptor.digest = *std::move(digest);
  absl::StatusOr<const rapidjson::Value*> size = FindMember(value, "size");
  if (!size.ok()) return size.status();
  if (*size == nullptr || !(*size)->IsInt64() || (*size)->GetInt64() < 0) {
    return absl::InvalidArgumentError("no \"size\" that is a whole number of bytes");
  }
  descriptor.size = (*size)->GetInt64();
  absl::StatusOr<std::map<std::string, std::string>> annotations =
      StringMap(value, "annotations", "annotation");
  if (!annotations.ok()) return annotations.status();
  descriptor.annotations = *std::move(annotations);
  absl::StatusOr<std::string> platform = Platform(value);
  if (!platform.ok()) return platform.status();
  descriptor.platform = *std::move(platform);
  // Last, so that a descriptor missing a member says so first.
  if (absl::StatusOr<Digest> digest = Digest::Parse(descriptor.digest); !digest.ok()) {
    return digest.status();
  }
  return descriptor;
}

absl::StatusOr<std::vector<Descriptor>> ParseDescriptors(const rapidjson::Value& object,
                                                         absl::string_view name) {
  absl::StatusOr<const rapidjson::Value*> list = FindMember(object, name);
  if (!list.ok()) return list.status();
  if (*list == nullptr || !(*list)->IsArray()) {
    return absl::InvalidArgumentError(absl::StrCat("no \"", name, "\" list"));
  }
  std::vector<Descriptor> descriptors;
  for (const rapidjson::Value& item : (*list)->GetArray()) {
    absl::StatusOr<Descriptor> descriptor = ParseDescriptor(item);
    if (!descriptor.ok()) {
      return WithContext(absl::StrCat(name, "[", descriptors.size(), "]"), descriptor.status());
    }
    descriptors.push_back(*std::move(descriptor));
  }
  return descriptors;
}

absl::StatusOr<std::optional<Descriptor>> OptionalDescriptor(const rapidjson::Value& object,
                                                             absl::string_view name) {
  absl::StatusOr<const rapidjson::Value*> value = FindMember(object, name);
  if (!value.ok()) return value.status();
  if (*value == nullptr || (*value)->IsNull()) return std::nullopt;
  absl::StatusOr<Descriptor> descriptor = ParseDescriptor(**value);
  if (!descriptor.ok()) return WithContext(name, descriptor.status());
  return std::optional<Descriptor>(*std::move(descriptor));
}

// A member that is absent or null, or an object: nullptr for the first two.
absl::StatusOr<const rapidjson::Value*> OptionalObject(const rapidjson::Value& object,
                                                       absl::string_view name) {
  absl::StatusOr<const rapidjson::Value*> value = FindMember(object, name);
  if (!value.ok()) return value.status();
  if (*value == nullptr || (*value)->IsNull()) return nullptr;
  if (!(*value)->IsObject()) {
    return absl::InvalidArgumentError(absl::StrCat("\"", name, "\" is not an object"));
  }
  return *value;
}

// A member that is absent or null, or a list of strings; `check` vets each.
absl::StatusOr<std::vector<std::string>> OptionalStrings(
    const rapidjson::Value& object, absl::string_view name,
    absl::Status (*check)(absl::string_view) = nullptr) {
  absl::StatusOr<const rapidjson::Value*> value = FindMember(object, name);
  if (!value.ok()) return value.status();
  std::vector<std::string> strings;
  if (*value == nullptr || (*value)->IsNull()) return strings;
  if (!(*value)->IsArray()) {
    return absl::InvalidArgumentError(absl::StrCat("\"", name, "\" is not a list"));
  }
  for (const rapidjson::Value& item : (*value)->GetArray()) {
    const std::string where = absl::StrCat(name, "[", strings.size(), "]");
    if (!item.IsString()) return absl::InvalidArgumentError(absl::StrCat(where, ": not a string"));
    if (check != nullptr) {
      if (absl::Status checked = check(StringOf(item)); !checked.ok()) {
        return WithContext(where, checked);
      }
    }
    strings.emplace_back(StringOf(item));
  }
  return strings;
}

absl::Status CheckDigest(absl::string_view text) { return Digest::Parse(text).status(); }

absl::string_view KindName(DocumentKind kind) {
  return kind == DocumentKind::kIndex ? "image index" : "image manifest";
}

// Parses `json` into `document`, which must be an object of schema version 2 whose own mediaType,
// if it names one, is of `kind`. Returns that mediaType, or "" when it names none.
absl::StatusOr<std::string> ParseDocument(absl::string_view json, DocumentKind kind,
                                          rapidjson::Document& document) {
  if (absl::Status parsed = ParseJson(json, kMaxDocumentSize, document, Utf8::kRequired);
      !parsed.ok()) {
    return parsed;
  }
  if (!document.IsObject()) return absl::InvalidArgumentError("not a JSON object");
  absl::StatusOr<const rapidjson::Value*> version = FindMember(document, "schemaVersion");
  if (!version.ok()) return version.status();
  if (*version == nullptr || !(*version)->IsInt() || (*version)->GetInt() != 2) {
    return absl::InvalidArgumentError("\"schemaVersion\" is not 2");
  }
  absl::StatusOr<std::optional<std::string>> media_type = OptionalString(document, "mediaType");
  if (!media_type.ok()) return media_type.status();
  if (!media_type->has_value()) return std::string();
  absl::StatusOr<DocumentKind> actual = DocumentKindOf(**media_type);
  if (!actual.ok()) return actual.status();
  if (*actual != kind) {
    return absl::InvalidArgumentError(
        absl::StrCat("an ", KindName(*actual), ", not an ", KindName(kind)));
  }
  return **std::move(media_type);
}

}  // namespace

absl::StatusOr<DocumentKind> DocumentKindOf(absl::string_view media_type) {
  for (absl::string_view type : kManifestTypes) {
    if (media_type == type) return DocumentKind::kManifest;
  }
  for (absl::string_view type : kIndexTypes) {
    if (media_type == type) return DocumentKind::kIndex;
  }
  return absl::InvalidArgumentError(absl::StrCat("media type \"", Printable(media_type),
                                                 "\" is neither an image manifest nor an index"));
}

absl::StatusOr<ImageManifest> ParseImageManifest(absl::string_view json) {
  rapidjson::Document document;
  absl::StatusOr<std::string> media_type = ParseDocument(json, DocumentKind::kManifest, document);
  if (!media_type.ok()) return media_type.status();
  // Docker's manifest lists and old indexes may not name their media type.
  if (document.HasMember("manifests") && !document.HasMember("layers")) {
    return absl::InvalidArgumentError("an image index, not an image manifest");
  }
  ImageManifest manifest;
  manifest.media_type = *std::move(media_type);
  absl::StatusOr<std::optional<Descriptor>> config = OptionalDescriptor(document, "config");
  if (!config.ok()) return config.status();
  manifest.config = *std::move(config);
  absl::StatusOr<std::vector<Descriptor>> layers = ParseDescriptors(document, "layers");
  if (!layers.ok()) return layers.status();
  manifest.layers = *std::move(layers);
  return manifest;
}

absl::StatusOr<ImageIndex> ParseImageIndex(absl::string_view json) {
  rapidjson::Document document;
  absl::StatusOr<std::string> media_type = ParseDocument(json, DocumentKind::kIndex, document);
  if (!media_type.ok()) return media_type.status();
  ImageIndex index;
  absl::StatusOr<std::vector<Descriptor>> manifests = ParseDescriptors(document, "manifests");
  if (!manifests.ok()) return manifests.status();
  index.manifests = *std::move(manifests);
  return index;
}

absl::StatusOr<ImageConfig> ParseImageConfig(absl::string_view json) {
  rapidjson::Document document;
  if (absl::Status parsed = ParseJson(json, kMaxDocumentSize, document, Utf8::kRequired);
      !parsed.ok()) {
    return parsed;
  }
  if (!document.IsObject()) return absl::InvalidArgumentError("not a JSON object");
  ImageConfig config;
  absl::StatusOr<const rapidjson::Value*> rootfs = OptionalObject(document, "rootfs");
  if (!rootfs.ok()) return rootfs.status();
  if (*rootfs != nullptr) {
    absl::StatusOr<std::vector<std::string>> diff_ids =
        OptionalStrings(**rootfs, "diff_ids", CheckDigest);
    if (!diff_ids.ok()) return WithContext("rootfs", diff_ids.status());
    config.diff_ids = *std::move(diff_ids);
  }
  absl::StatusOr<const rapidjson::Value*> settings = OptionalObject(document, "config");
  if (!settings.ok()) return settings.status();
  if (*settings != nullptr) {
    absl::StatusOr<std::vector<std::string>> env = OptionalStrings(**settings, "Env");
    if (!env.ok()) return WithContext("config", env.status());
    config.env = *std::move(env);
    absl::StatusOr<std::map<std::string, std::string>> labels =
        StringMap(**settings, "Labels", "label");
    if (!labels.ok()) return WithContext("config", labels.status());
    config.labels = *std::move(labels);
  }
  absl::StatusOr<const rapidjson::Value*> history = FindMember(document, "history");
  if (!history.ok()) return history.status();
  if (*history != nullptr && !(*history)->IsNull()) {
    if (!(*history)->IsArray()) return absl::InvalidArgumentError("\"history\" is not a list");
    config.history_entries = (*history)->Size();
  }
  return config;
}

absl::StatusOr<std::string> ParseLayoutMarker(absl::string_view json) {
  const absl::Status not_a_marker =
      absl::InvalidArgumentError("not {\"imageLayoutVersion\": \"<version>\"}");
  rapidjson::Document document;
  if (!ParseJson(json, kMaxDocumentSize, document, Utf8::kRequired).ok() || !document.IsObject()) {
    return not_a_marker;
  }
  absl::StatusOr<std::optional<std::string>> version =
      OptionalString(document, "imageLayoutVersion");
  if (!version.ok() || !version->has_value()) return not_a_marker;
  return **std::move(version);
}

}  // namespace coco
