#include "src/kbc/offline_kbc.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/common/file_reader.h"
#include "src/kbc/keys_file.h"

namespace coco {
namespace {

absl::Status KeyNotFound(absl::string_view resource_path, absl::string_view where) {
  return absl::NotFoundError(absl::StrCat("key ", resource_path, " not found in ", where));
}

}  // namespace

absl::StatusOr<SecretBytes> FindKeyInKeysFiles(const std::vector<std::string>& files,
                                               absl::string_view resource_path,
                                               std::vector<std::string>& warnings) {
  std::optional<SecretBytes> found;
  std::vector<absl::string_view> searched;
  std::vector<absl::string_view> missing;
  for (const std::string& file : files) {
    absl::StatusOr<std::optional<SecretBytes>> entry = ReadKeysFileEntry(file, resource_path);
    if (absl::IsNotFound(entry.status())) {
      warnings.push_back(
          absl::StrCat("offline_fs_kbc: keys file ", file, " does not exist, skipped"));
      missing.push_back(file);
      continue;
    }
    if (!entry.ok()) return entry.status();
    if (std::optional<std::string> warning = ExposureWarning(file); warning.has_value()) {
      warnings.push_back(absl::StrCat("offline_fs_kbc: ", *warning));
    }
    searched.push_back(file);
    if (entry->has_value()) found = std::move(*entry);
  }
  if (found.has_value()) return *std::move(found);
  if (searched.empty()) {
    return absl::NotFoundError(
        absl::StrCat("no keys file exists (looked for ", absl::StrJoin(missing, ", "), ")"));
  }
  std::string where = absl::StrJoin(searched, ", ");
  if (!missing.empty()) absl::StrAppend(&where, " (missing: ", absl::StrJoin(missing, ", "), ")");
  return KeyNotFound(resource_path, where);
}

absl::StatusOr<SecretBytes> FindKeyInSevSecret(absl::string_view secret_path,
                                               absl::string_view resource_path) {
  absl::StatusOr<std::optional<SecretBytes>> entry = ReadKeysFileEntry(secret_path, resource_path);
  if (!entry.ok()) return entry.status();
  if (!entry->has_value()) return KeyNotFound(resource_path, secret_path);
  return *std::move(*entry);
}

}  // namespace coco
