#include "src/cli/doctor_checks.h"

#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "rapidjson/document.h"
#include "src/cli/flags.h"
#include "src/cli/provider_settings.h"
#include "src/common/file_reader.h"
#include "src/common/json_input.h"
#include "src/common/warnings.h"
#include "src/key_sources/keys_file.h"
#include "src/oci/encryption_annotations.h"
#include "src/provider/request_handler.h"
#include "src/provider/wrap_parameters.h"

namespace coco {
namespace {

constexpr std::size_t kMaxConfigSize = 1 << 20;
constexpr absl::string_view kEntryExample =
    R"({"key-providers": {"attestation-agent": {"cmd": {"path": "/usr/bin/coco-keyprovider", "args": []}}}})";

// A keys file an entry's args name: absolute, a keys file, private.
CheckResult CheckKeysFile(const std::string& path) {
  const std::string check = absl::StrCat("--keys-file ", Shown(path));
  std::optional<CheckResult> problem = PrivateFileProblem(
      check, "", path, [&path] { return ReadKeysFile(path).status(); },
      "write it with coco-keyprovider keys generate or keys add");
  return problem.has_value() ? *std::move(problem) : Passed(check, "a private keys file");
}

// Whether two paths name the same file.
bool SameFile(const std::string& a, const std::string& b) {
  struct stat first, second;
  return stat(a.c_str(), &first) == 0 && stat(b.c_str(), &second) == 0 &&
         first.st_dev == second.st_dev && first.st_ino == second.st_ino;
}

// One entry of "key-providers", as ocicrypt reads it.
struct ProviderEntry {
  std::string name;
  const rapidjson::Value* value;
};

std::vector<std::string> StringsOf(const rapidjson::Value* array) {
  std::vector<std::string> strings;
  if (array == nullptr || !array->IsArray()) return strings;
  for (const rapidjson::Value& item : array->GetArray()) {
    if (item.IsString()) strings.emplace_back(StringOf(item));
  }
  return strings;
}

// The checks of the entry that runs this program.
void CheckEntry(const ProviderEntry& entry, const DoctorInput& input,
                std::vector<CheckResult>& results) {
  const rapidjson::Value* cmd = Member(*entry.value, "cmd");
  const std::string path(StringMember(*cmd, "path").value_or(""));
  const std::string name = Shown(entry.name);
  results.push_back(
      entry.name == kDefaultProviderName
          ? Passed("the entry's name", absl::StrCat("\"", name, "\""))
          : Failed("the entry's name",
                   absl::StrCat("\"", name, "\": CoCo guests look for the annotation ",
                                kKeyProviderAnnotationPrefix, kDefaultProviderName,
                                ", so they cannot decrypt these images"),
                   absl::StrCat("rename the entry to \"", kDefaultProviderName,
                                "\", and use "
                                "--encryption-key provider:",
                                kDefaultProviderName, ":PARAMS")));
  if (!absl::StartsWith(path, "/")) {
    results.push_back(Failed("\"path\" is absolute", absl::StrCat("\"", Shown(path), "\""),
                             absl::StrCat("give the absolute path, ", input.this_program)));
  } else if (access(path.c_str(), X_OK) != 0) {
    results.push_back(Failed("\"path\" is executable", absl::StrCat(Shown(path), " is not"),
                             absl::StrCat("chmod 755 ", Shown(path))));
  } else if (!SameFile(path, input.this_program)) {
    results.push_back(Failed("\"path\" is this program",
                             absl::StrCat(Shown(path), " is another file than ", input.this_program,
                                          " (another version?)"),
                             absl::StrCat("point \"path\" at ", input.this_program,
                                          ", or run the doctor of ", Shown(path))));
  } else {
    results.push_back(Passed("\"path\" is this program, absolute and executable", Shown(path)));
  }
  std::vector<std::string> args = StringsOf(Member(*cmd, "args"));
  std::vector<const char*> argv;
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  absl::StatusOr<ParsedFlags> flags = ParseFlags(kProviderFlags, {}, argv);
  if (!flags.ok()) {
    results.push_back(Failed("\"args\" are this version's flags",
                             std::string(flags.status().message()),
                             absl::StrCat("see ", input.this_program, " --help")));
    return;
  }
  results.push_back(Passed("\"args\" are this version's flags",
                           args.empty() ? "none" : Shown(absl::StrJoin(args, " "))));
  for (const std::string& keys_file : flags->Values("--keys-file")) {
    results.push_back(CheckKeysFile(keys_file));
  }
  if (input.check_kbs) input.check_kbs(*flags, results);
  if (std::optional<std::string> named = flags->Value("--provider-name");
      named.has_value() && *named != entry.name) {
    results.push_back(
        Failed("--provider-name is the entry's name",
               absl::StrCat("--provider-name ", Shown(*named), " in an entry named ", name,
                            ": ocicrypt passes the parameters under ", name,
                            ", so keywrap finds none and skopeo says \"no wrapped keys produced by "
                            "encryption\""),
               "drop --provider-name, or make it the entry's name"));
  }
}

// The file checks: it parses, and an entry runs this program.
void CheckConfig(const std::string& path, const DoctorInput& input,
                 std::vector<CheckResult>& results) {
  absl::StatusOr<SecretBytes> text = ReadRegularFile(path, kMaxConfigSize);
  rapidjson::Document config;
  absl::Status parsed = text.ok() ? ParseJson(text->view(), kMaxConfigSize, config) : text.status();
  const rapidjson::Value* providers = parsed.ok() ? Member(config, "key-providers") : nullptr;
  if (!parsed.ok() || providers == nullptr || !providers->IsObject()) {
    results.push_back(
        Failed("the config parses",
               parsed.ok() ? "no \"key-providers\" object" : std::string(parsed.message()),
               absl::StrCat("write it as ", kEntryExample)));
    return;
  }
  results.push_back(Passed("the config parses", Shown(path)));
  // Ours: the entry whose path is this program, else one that names a coco-keyprovider whose path
  // is wrong (relative, not executable), so that its checks say what.
  std::optional<ProviderEntry> ours;
  std::optional<ProviderEntry> named_like_us;
  std::vector<std::string> seen;
  for (const auto& member : providers->GetObject()) {
    const ProviderEntry entry{std::string(StringOf(member.name)), &member.value};
    const rapidjson::Value* cmd = Member(member.value, "cmd");
    if (cmd == nullptr && (Member(member.value, "path") || Member(member.value, "args"))) {
      results.push_back(
          Failed("\"path\" and \"args\" are under \"cmd\"",
                 absl::StrCat("entry ", Shown(entry.name),
                              " has them beside \"cmd\": ocicrypt runs "
                              "no program for it, and skopeo says \"no wrapped keys produced by "
                              "encryption\""),
                 absl::StrCat("nest them: ", kEntryExample)));
      return;
    }
    const std::string program(cmd != nullptr ? StringMember(*cmd, "path").value_or("") : "");
    seen.push_back(absl::StrCat(Shown(entry.name), " -> ", Shown(program)));
    if (!ours.has_value() && SameFile(program, input.this_program)) ours = entry;
    if (!named_like_us.has_value() && absl::EndsWith(program, "coco-keyprovider")) {
      named_like_us = entry;
    }
  }
  if (!ours.has_value()) ours = named_like_us;
  if (!ours.has_value()) {
    results.push_back(
        Failed("an entry runs this program",
               seen.empty() ? "\"key-providers\" is empty"
                            : absl::StrCat("entries: ", absl::StrJoin(seen, ", ")),
               absl::StrCat("add ", kEntryExample, " with path ", input.this_program)));
    return;
  }
  results.push_back(Passed("an entry runs this program", Shown(ours->name)));
  CheckEntry(*ours, input, results);
}

// A key file PARAMS name: absolute, there, private, and holding the kid's key.
void CheckParams(absl::string_view params, std::vector<CheckResult>& results) {
  const std::string check = absl::StrCat("--key ", Shown(params));
  absl::StatusOr<WrapParameters> parsed = ParseWrapParameters(params);
  if (!parsed.ok()) {
    results.push_back(Failed(check, std::string(parsed.status().message()),
                             "see \"Encryption parameters\" in the README"));
    return;
  }
  if (parsed->sample) {
    results.push_back(Passed(check, "the public sample key: for trying things out only"));
    return;
  }
  const std::string& location = parsed->key_location;
  const std::string flag = absl::StrCat(parsed->key_source->name, "=", Shown(location));
  Warnings warnings;  // The only warning, that others may read it, is a failure of its own.
  std::unique_ptr<KeySource> source = parsed->OpenKeySource(warnings.Within("key"));
  std::optional<CheckResult> problem = PrivateFileProblem(
      check, flag, location,
      [&] { return source->FindKek(parsed->keyid->resource_path()).status(); },
      absl::StrCat("put a 32-byte key for ", parsed->keyid->ToString(),
                   " there (coco-keyprovider keys add)"));
  if (problem.has_value()) {
    results.push_back(*std::move(problem));
    return;
  }
  results.push_back(
      Passed(check, absl::StrCat(flag, " holds the key of ", parsed->keyid->ToString())));
}

}  // namespace

std::vector<CheckResult> CheckSetup(const DoctorInput& input) {
  std::vector<CheckResult> results;
  if (!input.config_path.has_value()) {
    results.push_back(Failed(
        "OCICRYPT_KEYPROVIDER_CONFIG is set",
        "it is not: ocicrypt registers no keyprovider, and "
        "skopeo, buildah and ctr-enc encrypt for none",
        "export OCICRYPT_KEYPROVIDER_CONFIG=/etc/ocicrypt.conf (a file naming this program)"));
  } else {
    results.push_back(Passed(input.config_from_flag ? "the config given with --config"
                                                    : "OCICRYPT_KEYPROVIDER_CONFIG is set",
                             Shown(*input.config_path)));
    CheckConfig(*input.config_path, input, results);
  }
  for (const std::string& params : input.params) CheckParams(params, results);
  return results;
}

}  // namespace coco
