#include "src/key_sources/keys_file_writer.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "rapidjson/prettywriter.h"
#include "src/common/base64.h"
#include "src/common/secret_stream.h"

namespace coco {
namespace {

bool IsDigit(char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }

// The run of digits at the front of `text`, without its leading zeros.
absl::string_view NumberAtFront(absl::string_view text, size_t& run_length) {
  run_length = 0;
  while (run_length < text.size() && IsDigit(text[run_length])) ++run_length;
  absl::string_view number = text.substr(0, run_length);
  while (number.size() > 1 && number.front() == '0') number.remove_prefix(1);
  return number;
}

// Digit runs compare as numbers, everything else byte by byte; ties fall back to plain order, so
// this is a strict weak order.
bool NaturalLess(absl::string_view a, absl::string_view b) {
  absl::string_view x = a;
  absl::string_view y = b;
  while (!x.empty() && !y.empty()) {
    if (IsDigit(x.front()) && IsDigit(y.front())) {
      size_t x_run = 0;
      size_t y_run = 0;
      absl::string_view x_number = NumberAtFront(x, x_run);
      absl::string_view y_number = NumberAtFront(y, y_run);
      if (x_number.size() != y_number.size()) return x_number.size() < y_number.size();
      if (x_number != y_number) return x_number < y_number;
      x.remove_prefix(x_run);
      y.remove_prefix(y_run);
      continue;
    }
    if (x.front() != y.front()) {
      return static_cast<unsigned char>(x.front()) < static_cast<unsigned char>(y.front());
    }
    x.remove_prefix(1);
    y.remove_prefix(1);
  }
  if (x.empty() != y.empty()) return x.empty();
  return a < b;
}

}  // namespace

SecretBytes SerializeKeysFile(const KeysFile& keys) {
  std::vector<const KeysFile::value_type*> entries;
  for (const auto& entry : keys) entries.push_back(&entry);
  std::sort(entries.begin(), entries.end(),
            [](const auto* a, const auto* b) { return NaturalLess(a->first, b->first); });

  SecretStream stream;
  rapidjson::PrettyWriter<SecretStream> writer(stream);
  writer.SetIndent(' ', 2);
  writer.StartObject();
  for (const KeysFile::value_type* entry : entries) {
    writer.Key(entry->first.data(), entry->first.size());
    std::string encoded = EncodeBase64(entry->second.view());
    writer.String(encoded.data(), encoded.size());
    WipeString(encoded);
  }
  writer.EndObject();
  stream.Put('\n');
  return stream.Take();
}

}  // namespace coco
