#include "src/oci/go_documents.h"

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "rapidjson/document.h"
#include "src/common/base64.h"
#include "src/common/json_input.h"
#include "src/common/printable.h"
#include "src/oci/documents.h"
#include "src/common/status_context.h"
#include "src/oci/documents.h"
#include "src/oci/go_json.h"

namespace coco {
namespace {

// Go's json.Unmarshal refuses text nested deeper than this; RapidJSON, parsing iteratively, has
// no limit.
constexpr int kGoMaxNestingDepth = 10000;

absl::Status CheckGoNestingDepth(absl::string_view json) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // An escaped quote does not end the string.
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kGoMaxNestingDepth) {
        return absl::InvalidArgumentError(
            absl::StrCat("nested deeper than ", kGoMaxNestingDepth, " levels"));
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return absl::OkStatus();
}

// Go folds a member's name to match a field's: ASCII letters by case, and these two because
// Unicode puts them in the fold sets of 's' and 'k'. No other character folds into ASCII.
struct FoldsToAscii {
  absl::string_view utf8;
  char upper;
};
constexpr FoldsToAscii kFoldsToAscii[] = {{"\xc5\xbf", 'S'}, {"\xe2\x84\xaa", 'K'}};

// Whether Go's json.Unmarshal would take the member `key` for the field `name` (ASCII, as every
// image-spec field name is).
bool GoFoldsTo(absl::string_view key, absl::string_view name) {
  for (char c : name) {
    const char upper = absl::ascii_toupper(c);
    bool folded = false;
    for (const FoldsToAscii& fold : kFoldsToAscii) {
      if (upper == fold.upper && absl::ConsumePrefix(&key, fold.utf8)) folded = true;
    }
    if (folded) continue;
    if (key.empty() || absl::ascii_toupper(key.front()) != upper) return false;
    key.remove_prefix(1);
  }
  return key.empty();
}

// Why `value` cannot be read into a Go string, or nullptr when it can. RapidJSON decodes an
// unpaired low surrogate escape (\udc00) into bytes that are not UTF-8, where Go reads U+FFFD:
// refusing it keeps the two from differing.
const char* StringProblem(const rapidjson::Value& value) {
  if (!value.IsString()) return "not a string";
  if (!IsGoValidUtf8(StringOf(value))) return "not valid UTF-8";
  return nullptr;
}

absl::Status ReadPlatform(const rapidjson::Value& object, GoPlatform& platform);
absl::Status ReadDescriptor(const rapidjson::Value& value, GoDescriptor& descriptor);

// Reads the members of one JSON object into the fields of a Go struct as json.Unmarshal does, and
// keeps the first error. Each call names one field; members that no call names are ignored, as
// Go ignores them. Absent and null members both leave the field as it is: its zero value. A null
// inside a list or map is refused instead: Go would read a zero value there, which no writer means.
class StructReader {
 public:
  explicit StructReader(const rapidjson::Value& object) : object_(object) {}

  void String(absl::string_view name, std::string& field) {
    const rapidjson::Value* value = Find(name);
    if (value == nullptr) return;
    if (const char* problem = StringProblem(*value)) return Fail(name, problem);
    field = std::string(StringOf(*value));
  }

  void Integer(absl::string_view name, int64_t& field) {
    const rapidjson::Value* value = Find(name);
    if (value == nullptr) return;
    // Go's strconv.ParseInt reads integers only: no fraction, no exponent, nothing out of range.
    if (!value->IsInt64()) return Fail(name, "not an integer");
    field = value->GetInt64();
  }

  // Go's []byte: standard padded base64, decoded. Only the canonical form is taken, so that
  // writing it again gives the same text.
  void Bytes(absl::string_view name, std::string& field) {
    const rapidjson::Value* value = Find(name);
    if (value == nullptr) return;
    if (const char* problem = StringProblem(*value)) return Fail(name, problem);
    Base64Decoder decoder;
    absl::StatusOr<absl::string_view> bytes = decoder.Decode(StringOf(*value));
    if (!bytes.ok()) return Fail(name, bytes.status().message());
    field = std::string(*bytes);
  }

  void Strings(absl::string_view name, std::vector<std::string>& field) {
    const rapidjson::Value* value = Find(name);
    if (value == nullptr) return;
    if (!value->IsArray()) return Fail(name, "not a list");
    for (const rapidjson::Value& item : value->GetArray()) {
      if (const char* problem = StringProblem(item)) {
        status_ = absl::InvalidArgumentError(absl::StrCat(name, "[", field.size(), "]: ", problem));
        return;
      }
      field.emplace_back(StringOf(item));
    }
  }

  // Annotations are image-spec's only maps, hence the word in errors.
  void StringMap(absl::string_view name, std::map<std::string, std::string>& field) {
    const rapidjson::Value* value = Find(name);
    if (value == nullptr) return;
    if (!value->IsObject()) return Fail(name, "not an object");
    for (const auto& member : value->GetObject()) {
      const absl::string_view key = StringOf(member.name);
      const char* problem = IsGoValidUtf8(key) ? StringProblem(member.value) : "not valid UTF-8";
      if (problem == nullptr && !field.emplace(key, StringOf(member.value)).second) {
        problem = "given twice";
      }
      if (problem != nullptr) {
        status_ = absl::InvalidArgumentError(
            absl::StrCat("annotation \"", Printable(key), "\" is ", problem));
        return;
      }
    }
  }

  void Platform(absl::string_view name, std::optional<GoPlatform>& field) {
    const rapidjson::Value* value = Find(name);
    if (value == nullptr) return;
    if (!value->IsObject()) return Fail(name, "not an object");
    field.emplace();
    if (absl::Status read = ReadPlatform(*value, *field); !read.ok()) {
      status_ = WithContext(name, read);
    }
  }

  void Descriptor(absl::string_view name, GoDescriptor& field) {
    if (const rapidjson::Value* value = Find(name)) ReadMember(name, *value, field);
  }

  // Go's pointer: a member that is present and not null makes one, even for {}.
  void OptionalDescriptor(absl::string_view name, std::optional<GoDescriptor>& field) {
    if (const rapidjson::Value* value = Find(name)) ReadMember(name, *value, field.emplace());
  }

  // Go's slice: absent or null leaves it nil, and [] makes it empty.
  void Descriptors(absl::string_view name, std::optional<std::vector<GoDescriptor>>& field) {
    const rapidjson::Value* value = Find(name);
    if (value == nullptr) return;
    if (!value->IsArray()) return Fail(name, "not a list");
    // Each descriptor costs hundreds of bytes here, against 3 in a hostile "[{},{},...]".
    if (value->Size() > kMaxDescriptors) {
      return Fail(name, absl::StrCat("a list of more than ", kMaxDescriptors, " descriptors"));
    }
    field.emplace();
    field->reserve(value->Size());
    for (const rapidjson::Value& item : value->GetArray()) {
      if (absl::Status read = ReadDescriptor(item, field->emplace_back()); !read.ok()) {
        status_ = WithContext(absl::StrCat(name, "[", field->size() - 1, "]"), read);
        return;
      }
    }
  }

  const absl::Status& status() const { return status_; }

 private:
  // The member that Go would read into the field `name`; nullptr when it is absent or null, or
  // when there is an error (now or from before). A name given twice, or one that Go would match
  // only by folding case, is an error: Go takes the last or the folded one, where a plain reader
  // could take another.
  const rapidjson::Value* Find(absl::string_view name) {
    if (!status_.ok()) return nullptr;
    const rapidjson::Value* found = nullptr;
    for (const auto& member : object_.GetObject()) {
      const absl::string_view key = StringOf(member.name);
      if (key == name) {
        if (found != nullptr) {
          Fail(name, "given twice");
          return nullptr;
        }
        found = &member.value;
      } else if (GoFoldsTo(key, name)) {
        status_ = absl::InvalidArgumentError(
            absl::StrCat("\"", Printable(key), "\" differs from \"", name, "\" only in case"));
        return nullptr;
      }
    }
    return found == nullptr || found->IsNull() ? nullptr : found;
  }

  void ReadMember(absl::string_view name, const rapidjson::Value& value, GoDescriptor& field) {
    if (absl::Status read = ReadDescriptor(value, field); !read.ok()) {
      status_ = WithContext(name, read);
    }
  }

  void Fail(absl::string_view name, absl::string_view problem) {
    status_ = absl::InvalidArgumentError(absl::StrCat("\"", name, "\" is ", problem));
  }

  const rapidjson::Value& object_;
  absl::Status status_;
};

absl::Status ReadPlatform(const rapidjson::Value& object, GoPlatform& platform) {
  StructReader reader(object);
  reader.String("architecture", platform.architecture);
  reader.String("os", platform.os);
  reader.String("os.version", platform.os_version);
  reader.Strings("os.features", platform.os_features);
  reader.String("variant", platform.variant);
  return reader.status();
}

absl::Status ReadDescriptor(const rapidjson::Value& value, GoDescriptor& descriptor) {
  if (!value.IsObject()) return absl::InvalidArgumentError("not an object");
  StructReader reader(value);
  reader.String("mediaType", descriptor.media_type);
  reader.String("digest", descriptor.digest);
  reader.Integer("size", descriptor.size);
  reader.Strings("urls", descriptor.urls);
  reader.StringMap("annotations", descriptor.annotations);
  reader.Bytes("data", descriptor.data);
  reader.Platform("platform", descriptor.platform);
  reader.String("artifactType", descriptor.artifact_type);
  return reader.status();
}

// Parses `json` into `document`, whose top level must be an object, refusing what Go's parser
// would refuse and RapidJSON would not.
absl::Status ParseGoObject(absl::string_view json, rapidjson::Document& document) {
  // RapidJSON skips the bytes of a UTF-8 byte order mark, even one of them alone, before the text;
  // Go refuses them, and no JSON text starts with a byte that is not ASCII.
  if (!json.empty() && static_cast<unsigned char>(json.front()) >= 0x80) {
    return absl::InvalidArgumentError("not valid JSON (a byte that is not ASCII at byte 0)");
  }
  if (absl::Status parsed = ParseJson(json, kMaxDocumentSize, document, Utf8::kRequired);
      !parsed.ok()) {
    return parsed;
  }
  if (absl::Status depth = CheckGoNestingDepth(json); !depth.ok()) return depth;
  if (!document.IsObject()) return absl::InvalidArgumentError("not a JSON object");
  return absl::OkStatus();
}

// Appends `,"name":`. Every struct here starts with a field that is always written, which is the
// only one that has no comma before it.
void AppendKey(absl::string_view name, std::string& out) {
  out += ',';
  AppendGoJsonString(name, out);
  out += ':';
}

void AppendOmitEmpty(absl::string_view name, absl::string_view value, std::string& out) {
  if (value.empty()) return;
  AppendKey(name, out);
  AppendGoJsonString(value, out);
}

void AppendOmitEmpty(absl::string_view name, const std::vector<std::string>& strings,
                     std::string& out) {
  if (strings.empty()) return;
  AppendKey(name, out);
  out += '[';
  for (const std::string& string : strings) {
    if (&string != &strings.front()) out += ',';
    AppendGoJsonString(string, out);
  }
  out += ']';
}

// Go writes a map's members sorted by key, bytewise: the order std::map keeps.
void AppendOmitEmpty(absl::string_view name, const std::map<std::string, std::string>& strings,
                     std::string& out) {
  if (strings.empty()) return;
  AppendKey(name, out);
  out += '{';
  for (const auto& [key, value] : strings) {
    if (&key != &strings.begin()->first) out += ',';
    AppendGoJsonString(key, out);
    out += ':';
    AppendGoJsonString(value, out);
  }
  out += '}';
}

void AppendPlatform(const GoPlatform& platform, std::string& out) {
  out += "{\"architecture\":";
  AppendGoJsonString(platform.architecture, out);
  AppendKey("os", out);
  AppendGoJsonString(platform.os, out);
  AppendOmitEmpty("os.version", platform.os_version, out);
  AppendOmitEmpty("os.features", platform.os_features, out);
  AppendOmitEmpty("variant", platform.variant, out);
  out += '}';
}

void AppendDescriptor(const GoDescriptor& descriptor, std::string& out) {
  out += "{\"mediaType\":";
  AppendGoJsonString(descriptor.media_type, out);
  AppendKey("digest", out);
  AppendGoJsonString(descriptor.digest, out);
  AppendKey("size", out);
  absl::StrAppend(&out, descriptor.size);
  AppendOmitEmpty("urls", descriptor.urls, out);
  AppendOmitEmpty("annotations", descriptor.annotations, out);
  AppendOmitEmpty("data", EncodeBase64(descriptor.data), out);
  if (descriptor.platform.has_value()) {
    AppendKey("platform", out);
    AppendPlatform(*descriptor.platform, out);
  }
  AppendOmitEmpty("artifactType", descriptor.artifact_type, out);
  out += '}';
}

// A slice without omitempty: null when nil.
void AppendDescriptors(absl::string_view name,
                       const std::optional<std::vector<GoDescriptor>>& descriptors,
                       std::string& out) {
  AppendKey(name, out);
  if (!descriptors.has_value()) {
    out += "null";
    return;
  }
  out += '[';
  for (const GoDescriptor& descriptor : *descriptors) {
    if (&descriptor != &descriptors->front()) out += ',';
    AppendDescriptor(descriptor, out);
  }
  out += ']';
}

void AppendOmitEmpty(absl::string_view name, const std::optional<GoDescriptor>& descriptor,
                     std::string& out) {
  if (!descriptor.has_value()) return;
  AppendKey(name, out);
  AppendDescriptor(*descriptor, out);
}

}  // namespace

absl::StatusOr<GoManifest> ParseGoManifest(absl::string_view json) {
  rapidjson::Document document;
  if (absl::Status parsed = ParseGoObject(json, document); !parsed.ok()) return parsed;
  GoManifest manifest;
  StructReader reader(document);
  reader.Integer("schemaVersion", manifest.schema_version);
  reader.String("mediaType", manifest.media_type);
  reader.String("artifactType", manifest.artifact_type);
  reader.Descriptor("config", manifest.config);
  reader.Descriptors("layers", manifest.layers);
  reader.OptionalDescriptor("subject", manifest.subject);
  reader.StringMap("annotations", manifest.annotations);
  if (!reader.status().ok()) return reader.status();
  return manifest;
}

absl::StatusOr<GoIndex> ParseGoIndex(absl::string_view json) {
  rapidjson::Document document;
  if (absl::Status parsed = ParseGoObject(json, document); !parsed.ok()) return parsed;
  GoIndex index;
  StructReader reader(document);
  reader.Integer("schemaVersion", index.schema_version);
  reader.String("mediaType", index.media_type);
  reader.String("artifactType", index.artifact_type);
  reader.Descriptors("manifests", index.manifests);
  reader.OptionalDescriptor("subject", index.subject);
  reader.StringMap("annotations", index.annotations);
  if (!reader.status().ok()) return reader.status();
  return index;
}

std::string MarshalGoManifest(const GoManifest& manifest) {
  std::string out = "{\"schemaVersion\":";
  absl::StrAppend(&out, manifest.schema_version);
  AppendOmitEmpty("mediaType", manifest.media_type, out);
  AppendOmitEmpty("artifactType", manifest.artifact_type, out);
  AppendKey("config", out);
  AppendDescriptor(manifest.config, out);
  AppendDescriptors("layers", manifest.layers, out);
  AppendOmitEmpty("subject", manifest.subject, out);
  AppendOmitEmpty("annotations", manifest.annotations, out);
  out += '}';
  return out;
}

std::string MarshalGoIndex(const GoIndex& index) {
  std::string out = "{\"schemaVersion\":";
  absl::StrAppend(&out, index.schema_version);
  AppendOmitEmpty("mediaType", index.media_type, out);
  AppendOmitEmpty("artifactType", index.artifact_type, out);
  AppendDescriptors("manifests", index.manifests, out);
  AppendOmitEmpty("subject", index.subject, out);
  AppendOmitEmpty("annotations", index.annotations, out);
  out += '}';
  return out;
}

}  // namespace coco
