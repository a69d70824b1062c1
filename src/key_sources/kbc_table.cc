#include "src/key_sources/kbc_table.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "src/common/printable.h"
#include "src/key_sources/cc_kbc.h"
#include "src/key_sources/sample_key.h"

namespace coco {
namespace {

constexpr absl::string_view kKbsSeparator = "::";
constexpr absl::string_view kNeedsAGuest =
    "fetches keys from a KBS after hardware attestation of a retired kind, which only a CoCo guest "
    "could do";

using Opened = absl::StatusOr<std::unique_ptr<KeySource>>;

Opened OpenSampleKbc(const KbcParameter&, const KbcSettings&, WarningSink) {
  return std::make_unique<SampleKeySource>();
}

Opened OpenOfflineFsKbc(const KbcParameter&, const KbcSettings& settings, WarningSink warnings) {
  return std::make_unique<OfflineFsKbc>(settings.keys_files, std::move(warnings));
}

Opened OpenOfflineSevKbc(const KbcParameter&, const KbcSettings& settings, WarningSink) {
  return std::make_unique<OfflineSevKbc>(settings.sev_secret_path);
}

Opened OpenCcKbc(const KbcParameter& parameter, const KbcSettings& settings, WarningSink) {
  if (parameter.kbs_uri.empty() || parameter.kbs_uri == "null") {
    return absl::InvalidArgumentError(
        "needs the KBS it fetches from: cc_kbc::http[s]://<host>[:<port>]");
  }
  absl::StatusOr<KbsConnection> connection = ConnectionTo(parameter.kbs_uri, settings.kbs);
  if (!connection.ok()) return connection.status();
  return std::make_unique<CcKbc>(*std::move(connection));
}

constexpr Kbc kKbcs[] = {
    {"sample_kbc", "the public sample KEK; A256GCM only (what sample=true writes)", "",
     /*reads_kid=*/false, /*opens_ctr=*/false, OpenSampleKbc},
    {"offline_fs_kbc",
     "keys files, by the kid's resource path: --keys-file, else /etc/aa-offline_fs_kbc-keys.json "
     "and /etc/aa-offline_fs_kbc-resources.json, plus OFFLINE_FS_KBC_EXTRA_FILE_PATH",
     "", true, true, OpenOfflineFsKbc},
    {"offline_sev_kbc", "a keys file where SEV firmware injects it, or --sev-secret-path", "", true,
     true, OpenOfflineSevKbc},
    {"cc_kbc",
     "the KBS of cc_kbc::<url>, by the kid's resource path, after attestation with sample "
     "evidence (a KBS whose policy accepts it: test and staging KBSes)",
     "", true, true, OpenCcKbc},
    {"online_sev_kbc", "a KBS, after SEV attestation (retired upstream)", kNeedsAGuest},
    {"eaa_kbc", "a KBS, after attestation (retired upstream)", kNeedsAGuest},
};
}  // namespace

absl::StatusOr<KbcParameter> KbcParameter::Parse(absl::string_view parameter) {
  const size_t separator = parameter.find(kKbsSeparator);
  KbcParameter parsed;
  parsed.kbc = std::string(parameter.substr(0, separator));
  if (separator != absl::string_view::npos) {
    parsed.kbs_uri = std::string(parameter.substr(separator + kKbsSeparator.size()));
  }
  if (parsed.kbc.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("KBC parameter \"", Printable(parameter),
                                                   "\" names no KBC; expected <kbc>::<kbs-uri>"));
  }
  return parsed;
}

absl::Span<const Kbc> Kbcs() { return kKbcs; }

std::string KbcHelp(const Kbc& kbc) {
  if (kbc.unavailable_because.empty()) return std::string(kbc.keys_from);
  return absl::StrCat("not available: ", kbc.unavailable_because);
}

std::string UsableKbcNames() {
  std::vector<absl::string_view> names;
  for (const Kbc& kbc : kKbcs) {
    if (kbc.unavailable_because.empty()) names.push_back(kbc.name);
  }
  return absl::StrJoin(names, ", ");
}

absl::StatusOr<const Kbc*> FindUsableKbc(absl::string_view name) {
  for (const Kbc& kbc : kKbcs) {
    if (kbc.name != name) continue;
    if (kbc.unavailable_because.empty()) return &kbc;
    return absl::UnimplementedError(absl::StrCat(kbc.name, " ", kbc.unavailable_because,
                                                 "; this tool unwraps with ", UsableKbcNames()));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown KBC \"", Printable(name), "\"; supported: ", UsableKbcNames()));
}

}  // namespace coco
