// The offline_fs_kbc keys-file parser, both the full parse and the single-entry lookup.
#include <cstddef>
#include <cstdint>

#include "src/key_sources/keys_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view json(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<coco::KeysFile> keys = coco::ParseKeysFile(coco::SecretBytes(json));
  absl::StatusOr<std::optional<coco::SecretBytes>> entry =
      coco::ParseKeysFileEntry(coco::SecretBytes(json), "default/key/key_id1");
  // The two readings of one file must agree.
  if (keys.ok() != entry.ok()) __builtin_trap();
  if (keys.ok()) {
    auto it = keys->find("default/key/key_id1");
    if ((it != keys->end()) != entry->has_value()) __builtin_trap();
    if (it != keys->end() && it->second.view() != (*entry)->view()) __builtin_trap();
  }
  return 0;
}
