#include "src/kbc/keys_file.h"

#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/document.h"
#include "src/common/base64.h"
#include "src/common/file_reader.h"
#include "src/common/json_in_place.h"
#include "src/common/printable.h"
#include "src/common/status_context.h"

namespace coco {
namespace {

// Far above any real keys file (a thousand keys take about 80 KB).
constexpr std::size_t kMaxKeysFileSize = 16 << 20;

// Parses `json` in place and calls `visit` with every entry's id and decoded value, in file order.
// Any entry that is not a base64 string makes the whole file an error, as in the Attestation Agent.
absl::Status VisitKeysFile(SecretBytes json,
                           absl::FunctionRef<void(absl::string_view, absl::string_view)> visit) {
  rapidjson::Document document;
  absl::Status parsed = ParseJsonInPlace(json, document);
  if (!parsed.ok()) return parsed;
  if (!document.IsObject()) {
    return absl::InvalidArgumentError("not a JSON object of \"<repo>/<type>/<tag>\": \"<base64>\"");
  }
  Base64Decoder decoder;
  for (const auto& member : document.GetObject()) {
    const absl::string_view id(member.name.GetString(), member.name.GetStringLength());
    if (!member.value.IsString()) {
      return absl::InvalidArgumentError(
          absl::StrCat("entry \"", Printable(id), "\" is not a base64 string"));
    }
    absl::StatusOr<absl::string_view> key =
        decoder.Decode(absl::string_view(member.value.GetString(), member.value.GetStringLength()));
    if (!key.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("entry \"", Printable(id), "\" is ", key.status().message()));
    }
    visit(id, *key);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<KeysFile> ParseKeysFile(SecretBytes json) {
  KeysFile keys;
  absl::Status parsed =
      VisitKeysFile(std::move(json), [&keys](absl::string_view id, absl::string_view key) {
        keys.insert_or_assign(std::string(id), SecretBytes(key));
      });
  if (!parsed.ok()) return parsed;
  return keys;
}

absl::StatusOr<KeysFile> ReadKeysFile(absl::string_view path) {
  absl::StatusOr<SecretBytes> contents = ReadRegularFile(path, kMaxKeysFileSize);
  if (!contents.ok()) return contents.status();
  absl::StatusOr<KeysFile> keys = ParseKeysFile(*std::move(contents));
  if (!keys.ok()) return WithContext(path, keys.status());
  return keys;
}

absl::StatusOr<std::optional<SecretBytes>> ParseKeysFileEntry(SecretBytes json,
                                                              absl::string_view id) {
  std::optional<SecretBytes> entry;
  absl::Status parsed = VisitKeysFile(
      std::move(json), [&entry, id](absl::string_view entry_id, absl::string_view key) {
        if (entry_id == id) entry = SecretBytes(key);
      });
  if (!parsed.ok()) return parsed;
  return entry;
}

absl::StatusOr<std::optional<SecretBytes>> ReadKeysFileEntry(absl::string_view path,
                                                             absl::string_view id) {
  absl::StatusOr<SecretBytes> contents = ReadRegularFile(path, kMaxKeysFileSize);
  if (!contents.ok()) return contents.status();
  absl::StatusOr<std::optional<SecretBytes>> entry = ParseKeysFileEntry(*std::move(contents), id);
  if (!entry.ok()) return WithContext(path, entry.status());
  return entry;
}

}  // namespace coco
