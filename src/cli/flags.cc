#include "src/cli/flags.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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

}  // namespace

std::optional<std::string> ParsedFlags::Value(absl::string_view name) const {
  auto it = values_.find(std::string(name));
  if (it == values_.end()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> ParsedFlags::Values(absl::string_view name) const {
  auto it = values_.find(std::string(name));
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

absl::StatusOr<ParsedFlags> ParseFlags(absl::Span<const Flag> table,
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
    std::vector<std::string>& values = parsed.values_[std::string(name)];
    if (!values.empty() && !flag->repeatable) {
      return absl::InvalidArgumentError(absl::StrCat(name, " is given more than once"));
    }
    values.push_back(std::move(value));
  }
  return parsed;
}

std::string FormatFlags(absl::Span<const Flag> table) {
  size_t width = 0;
  for (const Flag& flag : table) width = std::max(width, Synopsis(flag).size());
  std::string out;
  for (const Flag& flag : table) {
    const std::string synopsis = Synopsis(flag);
    absl::StrAppend(&out, "  ", synopsis, std::string(width - synopsis.size() + 2, ' '), flag.help,
                    flag.repeatable ? " (repeatable)" : "", "\n");
  }
  return out;
}

}  // namespace coco
