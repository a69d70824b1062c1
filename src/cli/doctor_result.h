#ifndef COCO_KEYPROVIDER_CLI_DOCTOR_RESULT_H_
#define COCO_KEYPROVIDER_CLI_DOCTOR_RESULT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace coco {

// One check of `doctor`: what was checked, whether it holds, what was seen, and for a failure
// what to change. Never key material. Every text is raw: paths, args, and what clients and a KBS
// said, as they came, so hostile (line breaks, terminal controls, quotes, invalid UTF-8), only
// bounded. Whatever prints a result escapes it for its format, once.
struct CheckResult {
  std::string check;
  bool ok = false;
  std::string detail;
  std::string fix;
};

CheckResult Passed(absl::string_view check, std::string detail);
CheckResult Failed(absl::string_view check, std::string detail, std::string fix);

// A path, argument or URL for a result: whole up to 1024 bytes, raw.
std::string Shown(absl::string_view text);

// The detail of a relative path: ocicrypt runs the client's provider in the client's folder.
inline constexpr absl::string_view kRelative =
    "relative: it resolves against the client's working folder";

// The failure of a private file that "args" or PARAMS name (a keys file, a key file, the KBS admin
// key), or nullopt when it has none. In this order: it is absolute (a relative one is not read:
// it resolves elsewhere for the client); `read` accepts its contents (its error is the detail,
// `content_fix` the fix); only then, that group and others cannot read it, so "chmod 600" is only
// ever advised for a file of the kind meant, never for --kbs-admin-key /etc/passwd. `named` starts
// the relative detail ("keypath=kek is relative: ..."), when not empty.
std::optional<CheckResult> PrivateFileProblem(absl::string_view check, absl::string_view named,
                                              const std::string& path,
                                              absl::FunctionRef<absl::Status()> read,
                                              std::string content_fix);

// The report for a terminal: a line for each check, and one for each fix; every text's control
// characters escaped (\xNN), so nothing a client or a KBS said can move the cursor or end a line.
std::string FormatText(const std::vector<CheckResult>& results);

// The report as one JSON document, {"checks": [{"check", "detail", "fix", "ok"}]}: the texts as
// they are, escaped once by the writer; invalid UTF-8 C-escaped whole (JsonStringText).
std::string FormatJson(const std::vector<CheckResult>& results);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_DOCTOR_RESULT_H_
