#include "src/protocol/request.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/document.h"
#include "src/common/base64.h"
#include "src/common/json_input.h"

namespace coco {
namespace {

absl::Status RequestError(absl::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("request: ", why));
}

// Go's encoding/json: a struct field takes every key equal to its name ignoring case, and the
// last such key wins. Absent and null are the same to the caller.
const rapidjson::Value* StructField(const rapidjson::Value& object, absl::string_view name) {
  const rapidjson::Value* found = nullptr;
  for (const auto& member : object.GetObject()) {
    if (absl::EqualsIgnoreCase(StringOf(member.name), name)) found = &member.value;
  }
  return found == nullptr || found->IsNull() ? nullptr : found;
}

// A struct-typed member: absent, null or an object.
absl::StatusOr<const rapidjson::Value*> ObjectField(const rapidjson::Value& object,
                                                    absl::string_view name,
                                                    absl::string_view path) {
  const rapidjson::Value* field = StructField(object, name);
  if (field != nullptr && !field->IsObject()) {
    return RequestError(absl::StrCat(path, " is not an object"));
  }
  return field;
}

// A []byte member: absent, null or a base64 string.
absl::StatusOr<std::optional<SecretBytes>> BytesField(const rapidjson::Value& object,
                                                      absl::string_view name,
                                                      absl::string_view path) {
  const rapidjson::Value* field = StructField(object, name);
  if (field == nullptr) return std::nullopt;
  if (!field->IsString()) return RequestError(absl::StrCat(path, " is not a base64 string"));
  absl::StatusOr<SecretBytes> bytes = DecodeBase64(StringOf(*field));
  if (!bytes.ok()) return RequestError(absl::StrCat(path, " is ", bytes.status().message()));
  return std::optional<SecretBytes>(*std::move(bytes));
}

// Parameters is map[string][][]byte: map keys are exact (Go matches only struct keys loosely).
absl::StatusOr<std::optional<std::vector<std::string>>> ProviderEntries(
    const rapidjson::Value* config, absl::string_view provider_name, absl::string_view path) {
  if (config == nullptr) return std::nullopt;
  const std::string parameters_path = absl::StrCat(path, ".Parameters");
  absl::StatusOr<const rapidjson::Value*> parameters =
      ObjectField(*config, "Parameters", parameters_path);
  if (!parameters.ok()) return parameters.status();
  if (*parameters == nullptr) return std::nullopt;
  const rapidjson::Value* list = nullptr;
  for (const auto& member : (*parameters)->GetObject()) {
    if (StringOf(member.name) == provider_name) list = &member.value;
  }
  if (list == nullptr) return std::nullopt;
  const std::string entry_path = absl::StrCat(parameters_path, "[\"", provider_name, "\"]");
  std::vector<std::string> entries;
  if (list->IsNull()) return entries;
  if (!list->IsArray()) return RequestError(absl::StrCat(entry_path, " is not a list"));
  for (const rapidjson::Value& element : list->GetArray()) {
    if (element.IsNull()) {
      entries.emplace_back();
      continue;
    }
    if (!element.IsString()) {
      return RequestError(absl::StrCat(entry_path, " has an element that is not a string"));
    }
    absl::StatusOr<SecretBytes> entry = DecodeBase64(StringOf(element));
    if (!entry.ok()) {
      return RequestError(
          absl::StrCat(entry_path, " has an element that is ", entry.status().message()));
    }
    entries.emplace_back(entry->view());
  }
  return entries;
}

absl::StatusOr<Operation> ParseOperation(const rapidjson::Value& document) {
  const rapidjson::Value* op = StructField(document, "op");
  if (op == nullptr) return RequestError("no \"op\"");
  if (op->IsString() && StringOf(*op) == "keywrap") return Operation::kKeyWrap;
  if (op->IsString() && StringOf(*op) == "keyunwrap") return Operation::kKeyUnwrap;
  return RequestError("\"op\" is neither \"keywrap\" nor \"keyunwrap\"");
}

struct OperationFields {
  absl::string_view params;   // keywrapparams / keyunwrapparams
  absl::string_view config;   // ec / dc
  absl::string_view payload;  // optsdata / annotation
};

OperationFields FieldsFor(Operation operation) {
  if (operation == Operation::kKeyWrap) return {"keywrapparams", "ec", "optsdata"};
  return {"keyunwrapparams", "dc", "annotation"};
}

}  // namespace

absl::StatusOr<Request> ParseRequest(SecretBytes json, absl::string_view provider_name) {
  rapidjson::Document document;
  absl::Status parsed = ParseJsonInPlace(json, kMaxRequestSize, document);
  if (!parsed.ok()) return RequestError(parsed.message());
  if (!document.IsObject()) return RequestError("not a JSON object");

  Request request;
  absl::StatusOr<Operation> operation = ParseOperation(document);
  if (!operation.ok()) return operation.status();
  request.operation = *operation;
  const OperationFields fields = FieldsFor(request.operation);

  absl::StatusOr<const rapidjson::Value*> params =
      ObjectField(document, fields.params, fields.params);
  if (!params.ok()) return params.status();
  if (*params == nullptr) return RequestError(absl::StrCat("no \"", fields.params, "\""));

  const std::string config_path = absl::StrCat(fields.params, ".", fields.config);
  absl::StatusOr<const rapidjson::Value*> config =
      ObjectField(**params, fields.config, config_path);
  if (!config.ok()) return config.status();
  absl::StatusOr<std::optional<std::vector<std::string>>> entries =
      ProviderEntries(*config, provider_name, config_path);
  if (!entries.ok()) return entries.status();
  request.parameters = *std::move(entries);

  const std::string payload_path = absl::StrCat(fields.params, ".", fields.payload);
  absl::StatusOr<std::optional<SecretBytes>> payload =
      BytesField(**params, fields.payload, payload_path);
  if (!payload.ok()) return payload.status();
  if (!payload->has_value()) return RequestError(absl::StrCat("no \"", payload_path, "\""));
  request.payload = std::move(**payload);
  return request;
}

}  // namespace coco
