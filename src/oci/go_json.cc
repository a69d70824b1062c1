#include "src/oci/go_json.h"

#include <algorithm>

namespace coco {
namespace {

// The lead bytes of valid multi-byte sequences. The range of the second byte is what rules out
// overlong forms (after E0 and F0), surrogates (after ED) and code points past U+10FFFF (after F4);
// every later byte is a plain continuation byte, 80 to BF.
struct LeadBytes {
  unsigned char first;
  unsigned char last;
  std::size_t length;
  unsigned char second_low;
  unsigned char second_high;
};
constexpr LeadBytes kLeadBytes[] = {
    {0xC2, 0xDF, 2, 0x80, 0xBF}, {0xE0, 0xE0, 3, 0xA0, 0xBF}, {0xE1, 0xEC, 3, 0x80, 0xBF},
    {0xED, 0xED, 3, 0x80, 0x9F}, {0xEE, 0xEF, 3, 0x80, 0xBF}, {0xF0, 0xF0, 4, 0x90, 0xBF},
    {0xF1, 0xF3, 4, 0x80, 0xBF}, {0xF4, 0xF4, 4, 0x80, 0x8F},
};

bool IsContinuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

constexpr char kHex[] = "0123456789abcdef";

// What Go writes for `character` (one ASCII byte, one valid multi-byte sequence, or one byte of
// invalid UTF-8) when it does not write the character as it is; empty when it does. `buffer`
// holds a \u00xx escape.
absl::string_view EscapeOf(absl::string_view character, char (&buffer)[6]) {
  if (character.size() > 1) {
    // JavaScript reads these two as line breaks, so Go never writes them raw.
    if (character == "\xe2\x80\xa8") return "\\u2028";
    if (character == "\xe2\x80\xa9") return "\\u2029";
    return {};
  }
  const unsigned char byte = character[0];
  if (byte >= 0x80) return "\\ufffd";
  switch (byte) {
    case '"':
      return "\\\"";
    case '\\':
      return "\\\\";
    case '\b':
      return "\\b";
    case '\f':
      return "\\f";
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    case '<':
    case '>':
    case '&':
      break;  // HTML-safe by default: as \u00xx, like the other controls.
    default:
      if (byte >= 0x20) return {};
  }
  buffer[0] = '\\';
  buffer[1] = 'u';
  buffer[2] = '0';
  buffer[3] = '0';
  buffer[4] = kHex[byte >> 4];
  buffer[5] = kHex[byte & 0xF];
  return absl::string_view(buffer, sizeof(buffer));
}

}  // namespace

std::size_t GoUtf8SequenceLength(absl::string_view text) {
  if (text.empty()) return 0;
  const unsigned char lead = text[0];
  if (lead < 0x80) return 1;
  for (const LeadBytes& range : kLeadBytes) {
    if (lead < range.first || lead > range.last) continue;
    if (text.size() < range.length) return 0;
    const unsigned char second = text[1];
    if (second < range.second_low || second > range.second_high) return 0;
    for (std::size_t i = 2; i < range.length; ++i) {
      if (!IsContinuation(text[i])) return 0;
    }
    return range.length;
  }
  return 0;
}

bool IsGoValidUtf8(absl::string_view text) {
  while (!text.empty()) {
    const std::size_t length = GoUtf8SequenceLength(text);
    if (length == 0) return false;
    text.remove_prefix(length);
  }
  return true;
}

void AppendGoJsonString(absl::string_view utf8, std::string& out) {
  out.reserve(out.size() + utf8.size() + 2);
  out.push_back('"');
  // Runs of characters written as they are go out in one append.
  std::size_t unwritten = 0;
  char buffer[6];
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t length = std::max<std::size_t>(GoUtf8SequenceLength(utf8.substr(i)), 1);
    const absl::string_view escape = EscapeOf(utf8.substr(i, length), buffer);
    i += length;
    if (escape.empty()) continue;
    out.append(utf8.data() + unwritten, i - length - unwritten);
    out.append(escape.data(), escape.size());
    unwritten = i;
  }
  out.append(utf8.data() + unwritten, utf8.size() - unwritten);
  out.push_back('"');
}

}  // namespace coco
