#include "src/cli/keys_command.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <optional>
#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "src/cli/command.h"
#include "src/cli/usage_error.h"
#include "src/common/file_writer.h"
#include "src/common/printable.h"
#include "src/key_sources/fresh_key.h"
#include "src/key_sources/keys_file.h"
#include "src/key_sources/keys_file_writer.h"
#include "src/key_sources/raw_key_file.h"
#include "src/keys/k8s_secret.h"
#include "src/keys/key_entries.h"
#include "src/keys/key_generator.h"
#include "src/keys/key_id.h"

namespace coco {
namespace {

constexpr char kDefaultRepository[] = "default";
constexpr int kDefaultKeyCount = 10;

constexpr Flag kGenerateFlags[] = {
    Flag::Value("--repo", "REPO", "first segment of the key ids (default: default)"),
    Flag::Value("--count", "N", "how many keys, 1 to 100000 (default: 10)"),
    Flag::Value("--out", "FILE", "the keys file to write; - writes to standard output").Required(),
    Flag::Switch("--force", "replace FILE if it exists"),
    kHelpFlag,
};

constexpr Flag kExportFlags[] = {
    Flag::Value("--k8s-secret", "NAME",
                "write the Kubernetes Secret NAME the trustee-operator serves KEY_ID from "
                "(KEY_ID default/NAME/<tag>) instead of the raw key")
        .NonEmpty(),
    Flag::Value("--k8s-namespace", "NS",
                "the Secret's namespace, the trustee-operator's (default: trustee-operator-system)")
        .NonEmpty(),
    Flag::Switch("--force", "replace OUT if it exists"),
    kHelpFlag,
};
constexpr Argument kExportArguments[] = {Argument::One("FILE"), Argument::One("KEY_ID"),
                                         Argument::One("OUT")};

constexpr Flag kAddFlags[] = {
    Flag::Value("--from", "RAWKEYFILE", "store the 32-byte key in this file instead of a fresh one")
        .NonEmpty(),
    Flag::Switch("--force", "replace the key if KEY_ID exists"),
    kHelpFlag,
};
constexpr Argument kAddArguments[] = {Argument::One("FILE"), Argument::One("KEY_ID")};

absl::StatusOr<int> KeyCount(const ParsedFlags& flags) {
  const std::optional<std::string> text = flags.Value("--count");
  if (!text.has_value()) return kDefaultKeyCount;
  int count = 0;
  if (!absl::SimpleAtoi(*text, &count) || count < 1 || count > kMaxGeneratedKeys) {
    return UsageError(absl::StrCat("--count must be a whole number from 1 to ", kMaxGeneratedKeys,
                                   ", not \"", Printable(*text), "\""));
  }
  return count;
}

absl::Status KeysGenerate(const ParsedFlags& flags, const CommandStreams& streams) {
  const std::string repository = flags.Value("--repo").value_or(kDefaultRepository);
  if (absl::Status valid = CheckRepository(repository); !valid.ok()) {
    return UsageError(absl::StrCat("--repo: ", valid.message()));
  }
  absl::StatusOr<int> count = KeyCount(flags);
  if (!count.ok()) return count.status();
  const std::string out = *flags.Value("--out");
  absl::StatusOr<KeysFile> keys = GenerateKeys(repository, *count);
  if (!keys.ok()) return keys.status();
  const SecretBytes json = SerializeKeysFile(*keys);
  if (out == "-") return WriteOutput(streams.out, json.view());
  return WritePrivateFile(out, json.view(), ExistingFileFor(flags));
}

bool IsSameFile(const std::string& a, const std::string& b) {
  struct stat a_info;
  struct stat b_info;
  return stat(a.c_str(), &a_info) == 0 && stat(b.c_str(), &b_info) == 0 &&
         a_info.st_dev == b_info.st_dev && a_info.st_ino == b_info.st_ino;
}

// What keys export writes: the raw key, or with --k8s-secret the Secret that serves it.
absl::StatusOr<SecretBytes> ExportedKey(const ParsedFlags& flags, const std::string& file,
                                        const std::string& key_id) {
  const std::optional<std::string> secret_name = flags.Value("--k8s-secret");
  if (!secret_name.has_value()) {
    if (flags.Has("--k8s-namespace")) return UsageError("--k8s-namespace needs --k8s-secret");
    return ReadKek(file, key_id);
  }
  absl::StatusOr<OperatorSecret> secret = OperatorSecretFor(
      key_id, *secret_name, flags.Value("--k8s-namespace").value_or(kTrusteeOperatorNamespace));
  if (!secret.ok()) return UsageError(secret.status().message());
  absl::StatusOr<SecretBytes> kek = ReadKek(file, key_id);
  if (!kek.ok()) return kek.status();
  return OperatorSecretManifest(*secret, *kek);
}

absl::Status KeysExport(const ParsedFlags& flags, const CommandStreams&) {
  const std::string& file = flags.positional()[0];
  const std::string& key_id = flags.positional()[1];
  const std::string& out = flags.positional()[2];
  if (out == "-") {
    return UsageError("OUT must be a file: the raw key is never written to standard output");
  }
  if (IsSameFile(file, out)) return UsageError("OUT is the keys file FILE itself");
  absl::StatusOr<SecretBytes> contents = ExportedKey(flags, file, key_id);
  if (!contents.ok()) return contents.status();
  return WritePrivateFile(out, contents->view(), ExistingFileFor(flags));
}

// The key to add: the one in --from, else a fresh one.
absl::StatusOr<SecretBytes> KeyToAdd(const ParsedFlags& flags) {
  const std::optional<std::string> from = flags.Value("--from");
  if (!from.has_value()) return FreshKek();
  absl::StatusOr<SecretBytes> kek = ReadRawKeyFile(*from);
  if (!kek.ok()) {
    return absl::Status(kek.status().code(), absl::StrCat("--from ", kek.status().message()));
  }
  return kek;
}

// Where to write an existing keys file: through a symbolic link to the file it names, so that
// the link stays in place.
std::string ResolvedPath(const std::string& path) {
  char* resolved = realpath(path.c_str(), nullptr);
  if (resolved == nullptr) return path;
  std::string result(resolved);
  free(resolved);
  return result;
}

absl::Status KeysAdd(const ParsedFlags& flags, const CommandStreams&) {
  const std::string& file = flags.positional()[0];
  const std::string& key_id = flags.positional()[1];
  if (absl::Status valid = CheckKeyId(key_id); !valid.ok()) return UsageError(valid.message());
  absl::StatusOr<KeysFile> keys = ReadKeysFile(file);
  const bool creating = absl::IsNotFound(keys.status());
  if (creating) keys = KeysFile();
  if (!keys.ok()) return keys.status();
  absl::StatusOr<SecretBytes> kek = KeyToAdd(flags);
  if (!kek.ok()) return kek.status();
  const ExistingKey existing = flags.Has("--force") ? ExistingKey::kReplace : ExistingKey::kKeep;
  if (absl::Status added = AddKek(*keys, key_id, *std::move(kek), existing); !added.ok()) {
    const std::string hint = absl::IsAlreadyExists(added) ? " (--force replaces it)" : "";
    return absl::Status(added.code(), absl::StrCat(file, ": ", added.message(), hint));
  }
  // A file that appeared since it was read is someone else's: not replaced.
  return WriteFileAtomically(creating ? file : ResolvedPath(file), SerializeKeysFile(*keys).view(),
                             creating ? ExistingFile::kKeep : ExistingFile::kReplace);
}

}  // namespace

const CommandGroup kKeysGroup = {"keys", "offline_fs_kbc keys files, without jq.\n"};

const Command kKeysGenerateCommand = {
    "keys generate",
    "a keys file of fresh keys, as upstream's generate_keys.sh writes",
    "Writes an offline_fs_kbc keys file of N fresh 32-byte keys named REPO/key/key_id1..N,\n"
    "as upstream's generate_keys.sh does: {\"<id>\": \"<base64>\", ...}, one entry per line.\n"
    "FILE is written atomically with mode 0600 and never replaced without --force.\n",
    kGenerateFlags,
    {},
    KeysGenerate};

const Command kKeysExportCommand = {
    "keys export",
    "one key of a keys file as a raw key file, for keypath=",
    "Writes the raw 32-byte key KEY_ID of the keys file FILE to OUT, atomically with mode 0600,\n"
    "for the keypath= parameter. OUT is never replaced without --force. With --k8s-secret it\n"
    "writes instead the manifest of the Secret that a trustee-operator serves the key from\n"
    "(kubectl apply -f OUT, then list NAME in the KbsConfig's kbsSecretResources).\n",
    kExportFlags,
    kExportArguments,
    KeysExport};

const Command kKeysAddCommand = {
    "keys add",
    "one more key in a keys file, fresh or from a raw key file",
    "Adds KEY_ID (<repository>/<type>/<tag>) to the keys file FILE with a fresh 32-byte key, or\n"
    "the one in RAWKEYFILE, keeping every other entry. FILE is created if missing and rewritten\n"
    "atomically with mode 0600. An existing KEY_ID is replaced only with --force.\n",
    kAddFlags,
    kAddArguments,
    KeysAdd};

}  // namespace coco
