#ifndef COCO_KEYPROVIDER_CLI_FLAGS_H_
#define COCO_KEYPROVIDER_CLI_FLAGS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace coco {

// One row of a command's flag table; the same table drives parsing and --help.
struct Flag {
  absl::string_view name;        // e.g. "--keys-file"
  absl::string_view value_name;  // e.g. "PATH"; empty for a switch.
  bool repeatable;
  absl::string_view help;
};

class ParsedFlags {
 public:
  bool Has(absl::string_view name) const { return values_.count(std::string(name)) > 0; }
  // The value of a flag given once, if given.
  std::optional<std::string> Value(absl::string_view name) const;
  // Every value of a repeatable flag, in command-line order.
  std::vector<std::string> Values(absl::string_view name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  friend absl::StatusOr<ParsedFlags> ParseFlags(absl::Span<const Flag>,
                                                absl::Span<const char* const>);
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

// Parses `args` (without the program name) against `table`: `--flag VALUE`, `--flag=VALUE` and
// switches; anything not starting with "--" is positional; "--" ends the flags. Errors are usage
// errors, naming the flag.
absl::StatusOr<ParsedFlags> ParseFlags(absl::Span<const Flag> table,
                                       absl::Span<const char* const> args);

// "  --flag VALUE   help" lines, aligned, for --help.
std::string FormatFlags(absl::Span<const Flag> table);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_FLAGS_H_
