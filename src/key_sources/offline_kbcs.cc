#include "src/key_sources/offline_kbcs.h"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/common/file_reader.h"
#include "src/common/kek.h"
#include "src/common/status_context.h"
#include "src/key_sources/keys_file.h"

namespace coco {
namespace {

absl::Status KeyNotFound(absl::string_view resource_path, absl::string_view where) {
  return absl::NotFoundError(absl::StrCat("key ", resource_path, " not found in ", where));
}

// A keys file may hold resources that are not keys: only a 32-byte entry is a KEK.
absl::StatusOr<SecretBytes> CheckedKek(absl::string_view resource_path, SecretBytes kek) {
  if (absl::Status size = CheckKekSize(kek.size()); !size.ok()) {
    return WithContext(absl::StrCat("key ", resource_path), size);
  }
  return kek;
}

}  // namespace

absl::StatusOr<SecretBytes> OfflineFsKbc::FindKek(absl::string_view resource_path) {
  std::optional<SecretBytes> found;
  std::vector<absl::string_view> searched;
  std::vector<absl::string_view> missing;
  for (const std::string& file : files_) {
    absl::StatusOr<std::optional<SecretBytes>> entry = ReadKeysFileEntry(file, resource_path);
    if (absl::IsNotFound(entry.status())) {
      warnings_.Add(absl::StrCat("keys file ", file, " does not exist, skipped"));
      missing.push_back(file);
      continue;
    }
    if (!entry.ok()) return entry.status();
    if (std::optional<std::string> warning = ExposureWarning(file); warning.has_value()) {
      warnings_.Add(*warning);
    }
    searched.push_back(file);
    if (entry->has_value()) found = std::move(*entry);
  }
  if (found.has_value()) return CheckedKek(resource_path, *std::move(found));
  if (searched.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no keys file exists (looked for ", absl::StrJoin(missing, ", "), ")"));
  }
  std::string where = absl::StrJoin(searched, ", ");
  if (!missing.empty()) absl::StrAppend(&where, " (missing: ", absl::StrJoin(missing, ", "), ")");
  return KeyNotFound(resource_path, where);
}

absl::StatusOr<SecretBytes> OfflineSevKbc::FindKek(absl::string_view resource_path) {
  absl::StatusOr<std::optional<SecretBytes>> entry = ReadKeysFileEntry(secret_path_, resource_path);
  if (!entry.ok()) return entry.status();
  if (!entry->has_value()) return KeyNotFound(resource_path, secret_path_);
  return CheckedKek(resource_path, *std::move(*entry));
}

}  // namespace coco
