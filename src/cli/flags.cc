#include "src/cli/flags.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/common/printable.h"

namespace coco {
namespace {

const Flag* FindFlag(absl::Span<const Flag> table, absl::string_view name) {
  for (const Flag& flag : table) {
    if (flag.name == name) return &flag;
  }
  return nullptr;
}

std::string Synopsis(const Flag& flag) {
  return flag.value_name.empty() ? std::string(flag.name)
                                 : absl::StrCat(flag.name, " ", flag.value_name);
}

// "FILE KEY_ID OUT", "KEYS_FILE [KEY_ID...]", or "no arguments".
std::string ArgumentsSynopsis(absl::Span<const Argument> arguments) {
  if (arguments.empty()) return "no arguments";
  std::vector<std::string> names;
  for (const Argument& argument : arguments) {
    names.push_back(argument.repeated ? absl::StrCat("[", argument.name, "...]")
                                      : std::string(argument.name));
  }
  return absl::StrJoin(names, " ");
}

std::string CountOf(std::size_t given) {
  return absl::StrCat(given, given == 1 ? " argument" : " arguments");
}

bool AnyEmpty(const std::vector<std::string>& values) {
  for (const std::string& value : values) {
    if (value.empty()) return true;
  }
  return false;
}

// Every value of a repeatable flag is checked, not just the last.
absl::Status CheckFlags(absl::Span<const Flag> table, const ParsedFlags& parsed) {
  for (const Flag& flag : table) {
    if (!flag.required && !flag.non_empty) continue;
    const std::vector<std::string>* values = parsed.ValuesOf(flag.name);
    if (flag.required && (values == nullptr || AnyEmpty(*values))) {
      return absl::InvalidArgumentError(absl::StrCat(Synopsis(flag), " is required"));
    }
    if (flag.non_empty && values != nullptr && AnyEmpty(*values)) {
      return absl::InvalidArgumentError(absl::StrCat(flag.name, " is empty"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckArguments(absl::Span<const Flag> table, absl::Span<const Argument> arguments,
                            const ParsedFlags& parsed) {
  const std::vector<std::string>& given = parsed.positional();
  const Flag* replacement = nullptr;
  for (const Flag& flag : table) {
    if (flag.replaces_arguments) replacement = &flag;
  }
  if (replacement != nullptr && parsed.Has(replacement->name)) {
    if (given.empty()) return absl::OkStatus();
    return absl::InvalidArgumentError(
        absl::StrCat("expects no ", ArgumentsSynopsis(arguments), " with ", replacement->name));
  }
  const bool repeated = !arguments.empty() && arguments.back().repeated;
  const std::size_t needed = repeated ? arguments.size() - 1 : arguments.size();
  if (given.size() == needed || (repeated && given.size() > needed)) return absl::OkStatus();
  std::string expected = ArgumentsSynopsis(arguments);
  if (replacement != nullptr) absl::StrAppend(&expected, " or ", Synopsis(*replacement));
  const std::string got = absl::StrCat("expects ", expected, ", got ", CountOf(given.size()));
  if (arguments.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unexpected argument \"", Printable(given.front()), "\": ", got));
  }
  return absl::InvalidArgumentError(got);
}

}  // namespace

ParsedFlags::Given* ParsedFlags::Find(absl::string_view name) {
  for (Given& given : given_) {
    if (given.name == name) return &given;
  }
  return nullptr;
}

const std::vector<std::string>* ParsedFlags::ValuesOf(absl::string_view name) const {
  for (const Given& given : given_) {
    if (given.name == name) return &given.values;
  }
  return nullptr;
}

std::optional<std::string> ParsedFlags::Value(absl::string_view name) const {
  const std::vector<std::string>* values = ValuesOf(name);
  if (values == nullptr) return std::nullopt;
  return values->back();
}

std::vector<std::string> ParsedFlags::Values(absl::string_view name) const {
  const std::vector<std::string>* values = ValuesOf(name);
  return values == nullptr ? std::vector<std::string>{} : *values;
}

absl::StatusOr<ParsedFlags> ParseFlags(absl::Span<const Flag> table,
                                       absl::Span<const Argument> arguments,
                                       absl::Span<const char* const> args) {
  ParsedFlags parsed;
  for (size_t i = 0; i < args.size(); ++i) {
    absl::string_view arg = args[i];
    if (arg == "--") {
      for (++i; i < args.size(); ++i) parsed.positional_.emplace_back(args[i]);
      break;
    }
    if (!absl::StartsWith(arg, "--")) {
      parsed.positional_.emplace_back(arg);
      continue;
    }
    const size_t equals = arg.find('=');
    absl::string_view name = arg.substr(0, equals);
    const Flag* flag = FindFlag(table, name);
    if (flag == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("unknown flag ", Printable(name)));
    }
    std::string value;
    if (flag->value_name.empty()) {
      if (equals != absl::string_view::npos) {
        return absl::InvalidArgumentError(absl::StrCat(name, " takes no value"));
      }
    } else if (equals != absl::string_view::npos) {
      value = std::string(arg.substr(equals + 1));
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(absl::StrCat(name, " needs a value: ", Synopsis(*flag)));
    }
    ParsedFlags::Given* given = parsed.Find(flag->name);
    if (given != nullptr && !flag->repeatable) {
      return absl::InvalidArgumentError(absl::StrCat(name, " is given more than once"));
    }
    if (given == nullptr) given = &parsed.given_.emplace_back(ParsedFlags::Given{flag->name, {}});
    given->values.push_back(std::move(value));
  }
  if (parsed.Has(kHelpFlag.name)) return parsed;
  if (absl::Status flags = CheckFlags(table, parsed); !flags.ok()) return flags;
  if (absl::Status counted = CheckArguments(table, arguments, parsed); !counted.ok()) {
    return counted;
  }
  return parsed;
}

std::string FormatSynopsis(absl::Span<const Flag> table, absl::Span<const Argument> arguments) {
  std::vector<std::string> shown_flags;
  const Flag* replacement = nullptr;
  for (const Flag& flag : table) {
    if (flag.name == kHelpFlag.name) continue;
    if (flag.replaces_arguments) {
      replacement = &flag;
      continue;
    }
    std::string shown = flag.required ? Synopsis(flag) : absl::StrCat("[", Synopsis(flag), "]");
    if (flag.repeatable) shown += "...";
    shown_flags.push_back(std::move(shown));
  }
  const std::string flags = absl::StrJoin(shown_flags, " ");
  if (replacement != nullptr) {
    // Two forms: "[--json] DIR[:TAG] | [--json] --manifest FILE".
    const std::string prefix = flags.empty() ? "" : absl::StrCat(flags, " ");
    return absl::StrCat(prefix, ArgumentsSynopsis(arguments), " | ", prefix,
                        Synopsis(*replacement));
  }
  if (arguments.empty()) return flags;
  return absl::StrCat(ArgumentsSynopsis(arguments), flags.empty() ? "" : " ", flags);
}

std::string FlagHelp(const Flag& flag) {
  return absl::StrCat(flag.help, flag.repeatable ? " (repeatable)" : "");
}

std::string FormatFlags(absl::Span<const Flag> table) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (const Flag& flag : table) rows.emplace_back(Synopsis(flag), FlagHelp(flag));
  return FormatColumns(rows);
}

std::string FormatColumns(absl::Span<const std::pair<std::string, std::string>> rows) {
  size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.first.size());
  std::string out;
  for (const auto& [left, right] : rows) {
    absl::StrAppend(&out, "  ", left, std::string(width - left.size() + 2, ' '), right, "\n");
  }
  return out;
}

}  // namespace coco
