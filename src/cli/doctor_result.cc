#include "src/cli/doctor_result.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "rapidjson/prettywriter.h"
#include "rapidjson/stringbuffer.h"
#include "src/common/file_reader.h"
#include "src/common/printable.h"

namespace coco {

CheckResult Passed(absl::string_view check, std::string detail) {
  return CheckResult{std::string(check), true, std::move(detail), ""};
}

CheckResult Failed(absl::string_view check, std::string detail, std::string fix) {
  return CheckResult{std::string(check), false, std::move(detail), std::move(fix)};
}

std::string Shown(absl::string_view text) { return Shortened(text, 1024); }

std::optional<CheckResult> PrivateFileProblem(absl::string_view check, absl::string_view named,
                                              const std::string& path,
                                              absl::FunctionRef<absl::Status()> read,
                                              std::string content_fix) {
  if (!absl::StartsWith(path, "/")) {
    return Failed(check,
                  named.empty() ? std::string(kRelative) : absl::StrCat(named, " is ", kRelative),
                  "give an absolute path");
  }
  if (absl::Status contents = read(); !contents.ok()) {
    return Failed(check, std::string(contents.message()), std::move(content_fix));
  }
  if (std::optional<std::string> exposed = ExposureWarning(path); exposed.has_value()) {
    return Failed(check, Shown(*exposed), absl::StrCat("chmod 600 ", Shown(path)));
  }
  return std::nullopt;
}

std::string FormatText(const std::vector<CheckResult>& results) {
  std::string out;
  for (const CheckResult& result : results) {
    absl::StrAppend(&out, result.ok ? "\u2713 " : "\u2717 ", EscapeControlCharacters(result.check),
                    ": ", EscapeControlCharacters(result.detail), "\n");
    if (!result.ok) absl::StrAppend(&out, "    fix: ", EscapeControlCharacters(result.fix), "\n");
  }
  return out;
}

std::string FormatJson(const std::vector<CheckResult>& results) {
  rapidjson::StringBuffer buffer;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> writer(buffer);
  writer.SetIndent(' ', 2);
  writer.StartObject();
  writer.Key("checks");
  writer.StartArray();
  for (const CheckResult& result : results) {
    writer.StartObject();
    for (const auto& [key, value] :
         {std::pair<const char*, const std::string*>{"check", &result.check},
          {"detail", &result.detail},
          {"fix", &result.fix}}) {
      writer.Key(key);
      const std::string shown = JsonStringText(*value);
      writer.String(shown.data(), shown.size());
    }
    writer.Key("ok");
    writer.Bool(result.ok);
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return absl::StrCat(absl::string_view(buffer.GetString(), buffer.GetSize()), "\n");
}

}  // namespace coco
