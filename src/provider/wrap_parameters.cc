#include "src/provider/wrap_parameters.h"

#include <algorithm>
#include <map>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "src/common/printable.h"
#include "src/key_sources/file_key_source.h"
#include "src/key_sources/fresh_key.h"
#include "src/key_sources/keys_file.h"
#include "src/key_sources/raw_key_file.h"

namespace coco {
namespace {

constexpr absl::string_view kSample = "sample";
constexpr absl::string_view kKeyId = "keyid";
constexpr absl::string_view kAlgorithm = "algorithm";

// keypath=FILE: the one KEK in the file, whatever the resource path.
std::unique_ptr<KeySource> OpenRawKeyFile(absl::string_view path, WarningSink warnings) {
  return std::make_unique<FileKeySource>(
      [](absl::string_view file, absl::string_view) { return ReadRawKeyFile(file); }, path,
      std::move(warnings));
}

// keyfile=FILE: the entry under the resource path, so the file that encrypts is the file that
// decrypts.
std::unique_ptr<KeySource> OpenKeysFile(absl::string_view path, WarningSink warnings) {
  return std::make_unique<FileKeySource>(ReadKek, path, std::move(warnings));
}

constexpr WrapParameterSpec kSpecs[] = {
    {kSample, "true", "the public sample key (testing only); default false"},
    {kKeyId, "URI", "KBS resource URI of the key, e.g. kbs:///default/key/key_id1"},
    {"keypath", "FILE", "a file holding the raw 32-byte key-encryption key", OpenRawKeyFile},
    {"keyfile", "FILE", "a keys file holding it under the keyid's <repo>/<type>/<tag>",
     OpenKeysFile},
    {kAlgorithm, "A256GCM", "or A256CTR (default A256GCM)"},
};

using ParameterValues = std::map<absl::string_view, absl::string_view>;

const WrapParameterSpec* FindSpec(absl::string_view name) {
  for (const WrapParameterSpec& spec : kSpecs) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

std::string NamesWhere(bool (*predicate)(const WrapParameterSpec&), absl::string_view separator) {
  std::vector<absl::string_view> names;
  for (const WrapParameterSpec& spec : kSpecs) {
    if (predicate(spec)) names.push_back(spec.name);
  }
  return absl::StrJoin(names, separator);
}

bool IsAny(const WrapParameterSpec&) { return true; }
bool NamesKeySource(const WrapParameterSpec& spec) { return spec.open_key_source != nullptr; }

absl::StatusOr<ParameterValues> SplitParameters(absl::string_view params) {
  ParameterValues values;
  if (params.empty()) return values;
  for (absl::string_view piece : absl::StrSplit(params, "::")) {
    const size_t equals = piece.find('=');
    if (equals == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "parameter \"", Printable(piece), "\" is not key=value (parameters are k1=v1::k2=v2)"));
    }
    absl::string_view key = piece.substr(0, equals);
    if (FindSpec(key) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown parameter \"", Printable(key),
                                                     "\" (known: ", NamesWhere(IsAny, ", "), ")"));
    }
    if (!values.emplace(key, piece.substr(equals + 1)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter ", key, " is given more than once"));
    }
  }
  return values;
}

// keypath or keyfile: the places a KEK can come from, exactly one of them.
absl::Status ParseKeySource(const ParameterValues& values, WrapParameters& parameters) {
  std::vector<ParameterValues::const_iterator> given;
  for (const WrapParameterSpec& spec : kSpecs) {
    if (!NamesKeySource(spec)) continue;
    if (auto value = values.find(spec.name); value != values.end()) given.push_back(value);
  }
  if (given.empty()) {
    std::vector<std::string> choices;
    for (const WrapParameterSpec& spec : kSpecs) {
      if (NamesKeySource(spec)) choices.push_back(absl::StrCat(spec.name, ": ", spec.help));
    }
    return absl::InvalidArgumentError(absl::StrCat(NamesWhere(NamesKeySource, " or "),
                                                   " is required unless sample=true (",
                                                   absl::StrJoin(choices, "; "), ")"));
  }
  if (given.size() > 1) {
    return absl::InvalidArgumentError(absl::StrCat(NamesWhere(NamesKeySource, " and "),
                                                   " cannot both be given: the key comes from one "
                                                   "of them"));
  }
  if (given.front()->second.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(given.front()->first, " is empty"));
  }
  parameters.key_source = FindSpec(given.front()->first);
  parameters.key_location = std::string(given.front()->second);
  return absl::OkStatus();
}

bool NamesAKey(const ParameterValues& values) {
  for (const auto& [name, value] : values) {
    if (name == kKeyId || NamesKeySource(*FindSpec(name))) return true;
  }
  return false;
}

absl::Status ParseNonSampleKeys(const ParameterValues& values, FreshKeys fresh,
                                WrapParameters& parameters) {
  if (fresh == FreshKeys::kWhenNoKeyIsNamed && !NamesAKey(values)) {
    parameters.fresh_key = true;
    return absl::OkStatus();
  }
  const bool key_named = std::any_of(values.begin(), values.end(), [](const auto& value) {
    return NamesKeySource(*FindSpec(value.first));
  });
  if (fresh == FreshKeys::kWhenNoKeyIsNamed && !key_named) {
    return absl::InvalidArgumentError(
        "keyid without keypath or keyfile would register a fresh key under the same kid for every "
        "layer; leave keyid out (each layer gets a fresh key under a fresh kid) or name the key");
  }
  auto keyid = values.find(kKeyId);
  if (keyid == values.end() || keyid->second.empty()) {
    return absl::InvalidArgumentError(
        "keyid is required unless sample=true (e.g. keyid=kbs:///default/key/key_id1)");
  }
  absl::StatusOr<ResourceUri> uri = ResourceUri::ParseKeyId(keyid->second);
  if (!uri.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("keyid \"", Printable(keyid->second),
                     "\" is not a KBS resource URI: ", uri.status().message()));
  }
  parameters.keyid = *std::move(uri);
  return ParseKeySource(values, parameters);
}

}  // namespace

absl::Span<const WrapParameterSpec> WrapParameterSpecs() { return kSpecs; }

std::unique_ptr<KeySource> WrapParameters::OpenKeySource(WarningSink warnings) const {
  if (fresh_key) return std::make_unique<FreshKeySource>();
  return key_source->open_key_source(key_location, std::move(warnings));
}

absl::StatusOr<WrapParameters> ParseWrapParameters(absl::string_view params, FreshKeys fresh) {
  absl::StatusOr<ParameterValues> values = SplitParameters(params);
  if (!values.ok()) return values.status();

  WrapParameters parameters;
  if (auto sample = values->find(kSample); sample != values->end()) {
    if (sample->second != "true" && sample->second != "false") {
      return absl::InvalidArgumentError("sample must be true or false");
    }
    parameters.sample = sample->second == "true";
  }
  if (auto algorithm = values->find(kAlgorithm); algorithm != values->end()) {
    absl::StatusOr<WrapType> type = ParseWrapType(algorithm->second);
    if (!type.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("algorithm \"", Printable(algorithm->second),
                                                     "\" ", type.status().message()));
    }
    parameters.algorithm = *type;
  }
  if (parameters.sample) {
    if (parameters.algorithm != WrapType::kA256Gcm) {
      return absl::InvalidArgumentError(
          "sample=true always wraps with A256GCM (as sample_kbc unwraps)");
    }
    return parameters;
  }
  if (absl::Status s = ParseNonSampleKeys(*values, fresh, parameters); !s.ok()) return s;
  return parameters;
}

}  // namespace coco
