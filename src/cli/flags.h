#ifndef COCO_KEYPROVIDER_CLI_FLAGS_H_
#define COCO_KEYPROVIDER_CLI_FLAGS_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace coco {

// One row of a command's flag table. The same table drives parsing, every check of what was given
// and --help, so no command checks its flags by hand. Rows are built by name:
//   Flag::Value("--out", "FILE", "the keys file to write").Required()
struct Flag {
  absl::string_view name;        // "--keys-file"
  absl::string_view value_name;  // "PATH"; empty for a switch.
  absl::string_view help;
  bool repeatable = false;
  bool required = false;            // Absent or empty: "--out FILE is required".
  bool non_empty = false;           // Given empty: "--keys-file is empty".
  bool replaces_arguments = false;  // Given, the command takes no arguments (inspect --manifest).

  static constexpr Flag Switch(absl::string_view name, absl::string_view help) {
    return Flag{name, "", help};
  }
  static constexpr Flag Value(absl::string_view name, absl::string_view value_name,
                              absl::string_view help) {
    return Flag{name, value_name, help};
  }
  constexpr Flag Repeatable() const { return With(&Flag::repeatable); }
  constexpr Flag Required() const { return With(&Flag::required); }
  constexpr Flag NonEmpty() const { return With(&Flag::non_empty); }
  constexpr Flag ReplacesArguments() const { return With(&Flag::replaces_arguments); }

 private:
  constexpr Flag With(bool Flag::*property) const {
    Flag flag = *this;
    flag.*property = true;
    return flag;
  }
};

inline constexpr Flag kHelpFlag = Flag::Switch("--help", "show this help and exit");

// A positional argument of a command, in order. Only the last may be repeated (zero or more).
struct Argument {
  absl::string_view name;  // "KEY_ID"
  bool repeated = false;

  static constexpr Argument One(absl::string_view name) { return Argument{name, false}; }
  static constexpr Argument Any(absl::string_view name) { return Argument{name, true}; }
};

class ParsedFlags {
 public:
  bool Has(absl::string_view name) const { return ValuesOf(name) != nullptr; }
  // The value of a flag given once, if given.
  std::optional<std::string> Value(absl::string_view name) const;
  // Every value of a repeatable flag, in command-line order.
  std::vector<std::string> Values(absl::string_view name) const;
  // The same without a copy: nullptr when the flag was not given.
  const std::vector<std::string>* ValuesOf(absl::string_view name) const;
  const std::vector<std::string>& positional() const { return positional_; }

 private:
  friend absl::StatusOr<ParsedFlags> ParseFlags(absl::Span<const Flag>, absl::Span<const Argument>,
                                                absl::Span<const char* const>);
  struct Given {
    absl::string_view name;  // A Flag's name, from its table.
    std::vector<std::string> values;
  };
  Given* Find(absl::string_view name);

  // In the order first given; a call takes a few flags, so a list beats a map.
  std::vector<Given> given_;
  std::vector<std::string> positional_;
};

// Parses `args` (what follows the command's name) against `table` and `arguments`: `--flag VALUE`,
// `--flag=VALUE` and switches; anything not starting with "--" is an argument; "--" ends the
// flags. Then checks what the table asks for: required and non-empty flags, and the number of
// arguments. With --help nothing but the flags themselves is checked, so help always works. Errors
// are what the user typed wrong, naming the flag or the arguments expected.
absl::StatusOr<ParsedFlags> ParseFlags(absl::Span<const Flag> table,
                                       absl::Span<const Argument> arguments,
                                       absl::Span<const char* const> args);

// What follows the command's name in its usage line, from its tables: the arguments, then the
// flags in table order ("FILE KEY_ID [--from RAWKEYFILE] [--force]"), or for a command with a flag
// that replaces its arguments, both forms ("[--json] DIR[:TAG] | [--json] --manifest FILE").
std::string FormatSynopsis(absl::Span<const Flag> table, absl::Span<const Argument> arguments);

// A flag's help as --help gives it: its text, and "(repeatable)" for a repeatable flag.
std::string FlagHelp(const Flag& flag);

// "  --flag VALUE   help" lines, aligned, for --help.
std::string FormatFlags(absl::Span<const Flag> table);

// "  left   right" lines, the right column aligned: every table of --help.
std::string FormatColumns(absl::Span<const std::pair<std::string, std::string>> rows);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_FLAGS_H_
