#ifndef COCO_KEYPROVIDER_COMMON_PRINTABLE_H_
#define COCO_KEYPROVIDER_COMMON_PRINTABLE_H_

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"

namespace coco {

// User-supplied text made safe for a one-line error message: C-escaped (so no line breaks or
// terminal controls get through) and cut to `max_length` bytes. Only for text that is not secret.
std::string Printable(absl::string_view text, std::size_t max_length = 64);

// `text` cut to at most `max_length` bytes, and "..." when cut, still raw: for text escaped later,
// when it is shown (EscapeControlCharacters, JsonStringText). The cut never splits a UTF-8
// character, so that valid text stays valid.
std::string Shortened(absl::string_view text, std::size_t max_length);

// `text` with every ASCII control character (line breaks, escape sequences) written as \xNN.
std::string EscapeControlCharacters(absl::string_view text);

// Text for a JSON string that a writer escapes: `text` itself when it is valid UTF-8, else
// Printable(text) whole, so hostile bytes never make the document invalid.
std::string JsonStringText(absl::string_view text);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_PRINTABLE_H_
