#ifndef COCO_KEYPROVIDER_KEY_SOURCES_KEYS_FILE_WRITER_H_
#define COCO_KEYPROVIDER_KEY_SOURCES_KEYS_FILE_WRITER_H_

#include "src/common/secret_bytes.h"
#include "src/key_sources/keys_file.h"

namespace coco {

// `keys` as an offline_fs_kbc keys file in the shape upstream's generate_keys.sh prints (jq's):
// a JSON object, one "<id>": "<padded standard base64>" entry per line, two-space indent, a final
// newline. Entries are in natural order (key_id2 before key_id10). Written into wiped memory.
SecretBytes SerializeKeysFile(const KeysFile& keys);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEY_SOURCES_KEYS_FILE_WRITER_H_
