#include "src/kbc/keys_file.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/document.h"
#include "rapidjson/error/en.h"
#include "src/common/base64.h"
#include "src/common/file_reader.h"
#include "src/common/printable.h"
#include "src/common/status_context.h"

namespace coco {
namespace {

// Far above any real keys file (a thousand keys take about 80 KB).
constexpr std::size_t kMaxKeysFileSize = 16 << 20;

}  // namespace

absl::StatusOr<KeysFile> ParseKeysFile(SecretBytes json) {
  // RapidJSON would stop at a NUL and ignore the rest.
  if (json.view().find('\0') != absl::string_view::npos) {
    return absl::InvalidArgumentError("not valid JSON (a NUL byte)");
  }
  json.push_back('\0');
  rapidjson::Document document;
  document.ParseInsitu<rapidjson::kParseIterativeFlag>(reinterpret_cast<char*>(json.data()));
  if (document.HasParseError()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not valid JSON (", rapidjson::GetParseError_En(document.GetParseError()),
                     " at byte ", document.GetErrorOffset(), ")"));
  }
  if (!document.IsObject()) {
    return absl::InvalidArgumentError("not a JSON object of \"<repo>/<type>/<tag>\": \"<base64>\"");
  }
  KeysFile keys;
  for (const auto& member : document.GetObject()) {
    std::string id(member.name.GetString(), member.name.GetStringLength());
    if (!member.value.IsString()) {
      return absl::InvalidArgumentError(
          absl::StrCat("entry \"", Printable(id), "\" is not a base64 string"));
    }
    absl::StatusOr<SecretBytes> key =
        DecodeBase64(absl::string_view(member.value.GetString(), member.value.GetStringLength()));
    if (!key.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("entry \"", Printable(id), "\" is ", key.status().message()));
    }
    keys.insert_or_assign(std::move(id), *std::move(key));
  }
  return keys;
}

absl::StatusOr<KeysFile> ReadKeysFile(absl::string_view path) {
  absl::StatusOr<SecretBytes> contents = ReadRegularFile(path, kMaxKeysFileSize);
  if (!contents.ok()) return contents.status();
  absl::StatusOr<KeysFile> keys = ParseKeysFile(*std::move(contents));
  if (!keys.ok()) return WithContext(path, keys.status());
  return keys;
}

}  // namespace coco
