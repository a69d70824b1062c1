#include "src/key_sources/keys_file.h"

#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/reader.h"
#include "src/common/base64.h"
#include "src/common/file_reader.h"
#include "src/common/json_input.h"
#include "src/common/kek.h"
#include "src/common/printable.h"
#include "src/common/status_context.h"

namespace coco {
namespace {

using EntryVisitor = absl::FunctionRef<void(absl::string_view id, absl::string_view key)>;

// RapidJSON SAX handler for a keys file: one flat object of base64 strings, each decoded and
// handed to the visitor as the parser reaches it. No document is built, so a large keys file
// costs one pass over its own buffer and no further memory.
class KeysFileHandler : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, KeysFileHandler> {
 public:
  explicit KeysFileHandler(EntryVisitor visit) : visit_(visit) {}

  bool StartObject() {
    if (in_object_) return Default();  // an entry whose value is an object
    in_object_ = true;
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    in_object_ = false;
    return true;
  }
  // In place, the id stays valid in the buffer while its value is parsed.
  bool Key(const char* id, rapidjson::SizeType length, bool) {
    id_ = absl::string_view(id, length);
    return true;
  }
  bool String(const char* value, rapidjson::SizeType length, bool) {
    if (!in_object_) return Default();
    absl::StatusOr<absl::string_view> key = decoder_.Decode(absl::string_view(value, length));
    if (!key.ok()) {
      return Refuse(absl::StrCat("entry \"", Printable(id_), "\" is ", key.status().message()));
    }
    visit_(id_, *key);
    return true;
  }
  // Anything else: a document that is not an object, or an entry that is not a string.
  bool Default() {
    if (!in_object_) return Refuse("not a JSON object of \"<repo>/<type>/<tag>\": \"<base64>\"");
    return Refuse(absl::StrCat("entry \"", Printable(id_), "\" is not a base64 string"));
  }

  const absl::Status& status() const { return status_; }

 private:
  bool Refuse(absl::string_view why) {
    status_ = absl::InvalidArgumentError(why);
    return false;
  }

  EntryVisitor visit_;
  Base64Decoder decoder_;
  bool in_object_ = false;
  absl::string_view id_;
  absl::Status status_;
};

// Parses `json` in place and calls `visit` with every entry's id and decoded value, in file order.
// Any entry that is not a base64 string makes the whole file an error, as in the Attestation Agent.
absl::Status VisitKeysFile(SecretBytes json, EntryVisitor visit) {
  KeysFileHandler handler(visit);
  absl::Status parsed = ParseJsonInPlace(json, kMaxKeysFileSize, handler);
  if (!handler.status().ok()) return handler.status();
  return parsed;
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

std::string PrintableKeyId(absl::string_view key_id) { return Printable(key_id, 256); }

absl::StatusOr<SecretBytes> ReadKek(absl::string_view path, absl::string_view key_id) {
  absl::StatusOr<std::optional<SecretBytes>> entry = ReadKeysFileEntry(path, key_id);
  if (!entry.ok()) return entry.status();
  const std::string key = absl::StrCat(path, ": key ", PrintableKeyId(key_id));
  if (!entry->has_value()) return absl::NotFoundError(absl::StrCat(key, " not found"));
  if (absl::Status size = CheckKekSize((*entry)->size()); !size.ok()) {
    return WithContext(key, size);
  }
  return **std::move(entry);
}

}  // namespace coco
