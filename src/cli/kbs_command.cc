#include "src/cli/kbs_command.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "src/cli/kbs_flags.h"
#include "src/cli/usage_error.h"
#include "src/common/kek.h"
#include "src/common/status_context.h"
#include "src/kbs/kbs_client.h"
#include "src/kbs/kbs_options.h"
#include "src/key_sources/cc_kbc.h"
#include "src/key_sources/keys_file.h"
#include "src/key_sources/resource_uri.h"
#include "src/keys/key_id.h"

namespace coco {
namespace {

constexpr Flag kUrlFlag =
    Flag::Value("--url", "URL", "the KBS, http[s]://<host>[:<port>]").Required();

constexpr Flag kRegisterFlags[] = {
    kUrlFlag,
    Flag::Value("--admin-key", "PEM",
                "the KBS admin's Ed25519 private key (PKCS#8 PEM, as openssl genpkey -algorithm "
                "ed25519 writes it)")
        .Required(),
    kKbsCertFlag,
    kKbsTimeoutFlag,
    Flag::Value("--role", "ROLE", "the admin token's role claim (default: admin)").NonEmpty(),
    Flag::Value("--issuer", "ISS", "the admin token's iss claim, when the KBS checks one")
        .NonEmpty(),
    Flag::Value("--audience", "AUD", "the admin token's aud claim, when the KBS checks one")
        .NonEmpty(),
    kHelpFlag,
};
constexpr Argument kRegisterArguments[] = {Argument::One("KEYS_FILE"), Argument::Any("KEY_ID")};

constexpr Flag kGetFlags[] = {
    kUrlFlag,
    kKbsCertFlag,
    kKbsTimeoutFlag,
    kKbsTeeKeyFlag,
    Flag::Switch("--force", "replace OUT if it exists"),
    kHelpFlag,
};
constexpr Argument kGetArguments[] = {Argument::One("KEY_ID"), Argument::One("OUT")};

absl::StatusOr<KbsConnection> ConnectionFrom(const ParsedFlags& flags) {
  absl::StatusOr<KbsOptions> options = KbsOptionsFrom(flags);
  if (!options.ok()) return options.status();
  const std::string url = *flags.Value(kUrlFlag.name);
  if (absl::StatusOr<std::string> origin = KbsOrigin(url); !origin.ok()) {
    return UsageError(absl::StrCat("--url: ", origin.status().message()));
  }
  return ConnectionTo(url, *options);
}

// The entries to register, those named or all of them, each checked to be there and to be a KEK
// the KBS can store under an id a kid can name: all before the first upload.
absl::StatusOr<std::vector<std::string>> KeyIdsToRegister(const KeysFile& keys,
                                                          absl::Span<const std::string> named,
                                                          absl::string_view keys_file) {
  std::vector<std::string> ids(named.begin(), named.end());
  if (ids.empty()) {
    for (const auto& [id, kek] : keys) ids.push_back(id);
  }
  if (ids.empty()) return absl::InvalidArgumentError(absl::StrCat(keys_file, ": no keys"));
  for (const std::string& id : ids) {
    if (keys.find(id) == keys.end()) {
      return absl::NotFoundError(absl::StrCat(keys_file, ": no key ", PrintableKeyId(id)));
    }
    if (absl::Status valid = CheckKeyId(id); !valid.ok()) return WithContext(keys_file, valid);
    const std::string entry = absl::StrCat(keys_file, ": ", PrintableKeyId(id));
    if (absl::Status stored = CheckTrusteeResourcePath(id); !stored.ok()) {
      return WithContext(entry, stored);
    }
    if (absl::Status size = CheckKekSize(keys.at(id).size()); !size.ok()) {
      return WithContext(entry, size);
    }
  }
  return ids;
}

absl::Status KbsRegister(const ParsedFlags& flags, const CommandStreams& streams) {
  const std::vector<std::string>& arguments = flags.positional();
  const std::string& keys_file = arguments[0];
  absl::StatusOr<KbsConnection> connection = ConnectionFrom(flags);
  if (!connection.ok()) return connection.status();
  absl::StatusOr<KeysFile> keys = ReadKeysFile(keys_file);
  if (!keys.ok()) return keys.status();
  absl::StatusOr<std::vector<std::string>> ids =
      KeyIdsToRegister(*keys, absl::MakeConstSpan(arguments).subspan(1), keys_file);
  if (!ids.ok()) return ids.status();
  Warnings warnings;
  absl::StatusOr<AdminKey> admin_key =
      ReadAdminKey(*flags.Value("--admin-key"), warnings.Within("--admin-key"));
  if (!admin_key.ok()) return WithContext("--admin-key", admin_key.status());
  const std::string origin = connection->origin;
  ResourceRegistrar registrar(*std::move(connection), *std::move(admin_key),
                              AdminClaimsFrom(flags, "--role", "--issuer", "--audience"));
  std::string registered;
  for (std::size_t i = 0; i < ids->size(); ++i) {
    const std::string& id = (*ids)[i];
    if (absl::Status status = registrar.Register(id, keys->at(id)); !status.ok()) {
      if (i == 0) return status;
      return absl::Status(status.code(), absl::StrCat(status.message(), " (", i, " of ",
                                                      ids->size(), " registered before it)"));
    }
    absl::StrAppend(&registered, "registered ", id, " at ", origin, "\n");
  }
  if (absl::Status written = WriteOutput(streams.out, registered); !written.ok()) return written;
  WriteWarnings(streams.err, warnings);
  return absl::OkStatus();
}

// KEY_ID of kbs get: <repository>/<type>/<tag>, or a kid naming it (kbs:///default/key/k1).
absl::StatusOr<std::string> ResourcePathOf(absl::string_view key_id) {
  if (absl::StrContains(key_id, "://")) {
    absl::StatusOr<ResourceUri> kid = ResourceUri::ParseKid(key_id);
    if (!kid.ok()) return UsageError(absl::StrCat("KEY_ID: ", kid.status().message()));
    return kid->resource_path();
  }
  if (absl::Status valid = CheckKeyId(key_id); !valid.ok()) {
    return UsageError(absl::StrCat("KEY_ID: ", valid.message()));
  }
  return std::string(key_id);
}

absl::Status KbsGet(const ParsedFlags& flags, const CommandStreams& streams) {
  const std::string& out = flags.positional()[1];
  if (out == "-") {
    return UsageError("OUT must be a file: a key is never written to standard output");
  }
  absl::StatusOr<std::string> path = ResourcePathOf(flags.positional()[0]);
  if (!path.ok()) return path.status();
  absl::StatusOr<KbsConnection> connection = ConnectionFrom(flags);
  if (!connection.ok()) return connection.status();
  const std::string origin = connection->origin;
  absl::StatusOr<SecretBytes> kek = CcKbc(*std::move(connection)).FindKek(*path);
  if (!kek.ok()) return kek.status();
  if (absl::Status written = WritePrivateFile(out, kek->view(), ExistingFileFor(flags));
      !written.ok()) {
    return written;
  }
  return WriteOutput(streams.out, absl::StrCat("fetched ", *path, " from ", origin, "\n"));
}

}  // namespace

const CommandGroup kKbsGroup = {"kbs", "keys in Trustee's Key Broker Service (KBS).\n"};

const Command kKbsRegisterCommand = {
    "kbs register",
    "upload keys of a keys file to a KBS through its admin API",
    "Uploads the keys KEY_ID... of the keys file KEYS_FILE (all of them when none is named) to\n"
    "the KBS at URL: POST /kbs/v0/resource/<KEY_ID> with the raw key and an admin token (EdDSA\n"
    "JWT, valid 5 minutes) signed with the admin key. Each key must be 32 bytes, a KEK. Any "
    "answer\n"
    "but 200 stops it with the KBS's reason; on success it prints one line per key id.\n",
    kRegisterFlags,
    kRegisterArguments,
    KbsRegister};

const Command kKbsGetCommand = {
    "kbs get",
    "fetch a key from a KBS as a CoCo guest does (cc_kbc), into a raw key file",
    "Fetches KEY_ID (<repository>/<type>/<tag>, or a kid kbs:///...) from the KBS at URL as\n"
    "cc_kbc does in a guest: the RCAR handshake (/auth, /attest) with sample evidence, then the\n"
    "resource, a JWE opened with an ephemeral key. Only a KBS whose policy accepts sample\n"
    "evidence (a test or staging KBS) releases it. The 32-byte key is written to OUT atomically\n"
    "with mode 0600, never to standard output; OUT is never replaced without --force.\n",
    kGetFlags,
    kGetArguments,
    KbsGet};

}  // namespace coco
