#ifndef COCO_KEYPROVIDER_KEY_SOURCES_KBC_TABLE_H_
#define COCO_KEYPROVIDER_KEY_SOURCES_KBC_TABLE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "src/common/warnings.h"
#include "src/kbs/kbs_options.h"
#include "src/key_sources/key_source.h"
#include "src/key_sources/offline_kbcs.h"

namespace coco {

// A Key Broker Client as the Attestation Agent names it: `<kbc>::<kbs-uri>`, or a bare `<kbc>`.
// The KBS URI is kept whole for the KBCs that talk to one.
struct KbcParameter {
  std::string kbc;
  std::string kbs_uri;  // What follows "::", e.g. "null" or "http://kbs:8080"; may be empty.

  // Errors name the parameter, e.g. KBC parameter "::null" names no KBC.
  static absl::StatusOr<KbcParameter> Parse(absl::string_view parameter);
};

// Where the KBCs find their keys; the defaults are where a CoCo guest has them.
struct KbcSettings {
  std::vector<std::string> keys_files = {std::string(kOfflineFsKeysFile),
                                         std::string(kOfflineFsResourcesFile)};
  std::string sev_secret_path = std::string(kOfflineSevSecretPath);
  KbsOptions kbs;  // cc_kbc's terms; the KBS itself is in the KBC parameter.
};

// One row of the KBC table, which drives --kbc validation, the "unknown KBC" error, --help and
// the README's list.
struct Kbc {
  absl::string_view name;
  // Where its KEK comes from, for --help.
  absl::string_view keys_from;
  // Empty when this tool can use it; otherwise why not.
  absl::string_view unavailable_because;
  // False for sample_kbc, whose one key opens every packet whatever its kid says.
  bool reads_kid = true;
  // False for sample_kbc, which decrypts every packet as A256GCM, as upstream's does.
  bool opens_ctr = true;
  // The source for one unwrap; its warnings start with the KBC's name. Errors are the parameter's
  // (cc_kbc without a KBS URL).
  absl::StatusOr<std::unique_ptr<KeySource>> (*open)(const KbcParameter& parameter,
                                                     const KbcSettings& settings,
                                                     WarningSink warnings) = nullptr;
};

// Every KBC the Attestation Agent has had, usable or not, in the order --help lists them.
absl::Span<const Kbc> Kbcs();

// What help says of a KBC: where its KEK comes from, or "not available: " and why.
std::string KbcHelp(const Kbc& kbc);

// The usable KBCs' names, comma-separated: "sample_kbc, offline_fs_kbc, offline_sev_kbc".
std::string UsableKbcNames();

// The row of a usable KBC. An unknown name, or one this tool cannot use, is an error that says
// which KBCs it can use (and, for a known one, why not).
absl::StatusOr<const Kbc*> FindUsableKbc(absl::string_view name);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KEY_SOURCES_KBC_TABLE_H_
