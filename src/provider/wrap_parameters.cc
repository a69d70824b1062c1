#include "src/provider/wrap_parameters.h"

#include <map>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "src/common/printable.h"

namespace coco {
namespace {

constexpr absl::string_view kSample = "sample";
constexpr absl::string_view kKeyId = "keyid";
constexpr absl::string_view kKeyPath = "keypath";
constexpr absl::string_view kKeyFile = "keyfile";
constexpr absl::string_view kAlgorithm = "algorithm";

absl::StatusOr<std::map<absl::string_view, absl::string_view>> SplitParameters(
    absl::string_view params) {
  std::map<absl::string_view, absl::string_view> values;
  for (absl::string_view piece : absl::StrSplit(params, "::")) {
    const size_t equals = piece.find('=');
    if (equals == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat(
          "parameter \"", Printable(piece), "\" is not key=value (parameters are k1=v1::k2=v2)"));
    }
    absl::string_view key = piece.substr(0, equals);
    if (key != kSample && key != kKeyId && key != kKeyPath && key != kKeyFile &&
        key != kAlgorithm) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown parameter \"", Printable(key),
                       "\" (known: sample, keyid, keypath, keyfile, algorithm)"));
    }
    if (!values.emplace(key, piece.substr(equals + 1)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter ", key, " is given more than once"));
    }
  }
  return values;
}

// keypath or keyfile: the two places a KEK can come from, exactly one of them.
absl::Status ParseKeySource(const std::map<absl::string_view, absl::string_view>& values,
                            WrapParameters& parameters) {
  const auto keypath = values.find(kKeyPath);
  const auto keyfile = values.find(kKeyFile);
  const bool has_keypath = keypath != values.end();
  if (has_keypath == (keyfile != values.end())) {
    return absl::InvalidArgumentError(
        has_keypath ? "keypath and keyfile cannot both be given: the key comes from one of them"
                    : "keypath or keyfile is required unless sample=true (keypath: a file holding "
                      "the raw 32-byte key; keyfile: a keys file holding it under the keyid's "
                      "resource path)");
  }
  const auto source = has_keypath ? keypath : keyfile;
  if (source->second.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(source->first, " is empty"));
  }
  (has_keypath ? parameters.keypath : parameters.keyfile) = std::string(source->second);
  return absl::OkStatus();
}

absl::Status ParseNonSampleKeys(const std::map<absl::string_view, absl::string_view>& values,
                                WrapParameters& parameters) {
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

absl::StatusOr<WrapParameters> ParseWrapParameters(absl::string_view params) {
  absl::StatusOr<std::map<absl::string_view, absl::string_view>> values = SplitParameters(params);
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
  if (absl::Status s = ParseNonSampleKeys(*values, parameters); !s.ok()) return s;
  return parameters;
}

}  // namespace coco
