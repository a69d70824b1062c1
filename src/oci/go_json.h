#ifndef COCO_KEYPROVIDER_OCI_GO_JSON_H_
#define COCO_KEYPROVIDER_OCI_GO_JSON_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace coco {

// Go's encoding/json (Go 1.22 and later) writes strings in exactly one way, and an image rewritten
// here must keep the bytes, and so the digest, that skopeo would give it.

// Appends `utf8` as json.Marshal writes a string: quoted; `"` and `\` backslashed; \b \f \n \r \t
// short; other controls as \u00xx; `<` `>` `&` U+2028 U+2029 as \u escapes (its HTML-safe default);
// everything else raw, except that each byte of invalid UTF-8 becomes \ufffd.
void AppendGoJsonString(absl::string_view utf8, std::string& out);

// How many bytes the UTF-8 sequence at the start of `text` takes, as Go's utf8.DecodeRune reads
// it (no overlong forms, no surrogates, nothing above U+10FFFF); 0 when it is invalid or `text` is
// empty, where Go takes one byte as U+FFFD.
std::size_t GoUtf8SequenceLength(absl::string_view text);

// Whether every byte of `text` is part of a valid sequence: exactly the strings that
// AppendGoJsonString writes without a U+FFFD of its own.
bool IsGoValidUtf8(absl::string_view text);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_OCI_GO_JSON_H_
