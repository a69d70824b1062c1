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
    if (key != kSample && key != kKeyId && key != kKeyPath && key != kAlgorithm) {
      return absl::InvalidArgumentError(absl::StrCat(
          "unknown parameter \"", Printable(key), "\" (known: sample, keyid, keypath, algorithm)"));
    }
    if (!values.emplace(key, piece.substr(equals + 1)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("parameter ", key, " is given more than once"));
    }
  }
  return values;
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
  auto keypath = values.find(kKeyPath);
  if (keypath == values.end() || keypath->second.empty()) {
    return absl::InvalidArgumentError(
        "keypath is required unless sample=true (a file holding the 32-byte key)");
  }
  parameters.keypath = std::string(keypath->second);
  return absl::OkStatus();
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
