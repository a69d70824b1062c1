#include "src/cli/image_commands.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "src/cli/flags.h"
#include "src/cli/kbs_flags.h"
#include "src/cli/provider_settings.h"
#include "src/cli/usage_error.h"
#include "src/common/printable.h"
#include "src/common/status_context.h"
#include "src/common/warnings.h"
#include "src/image_crypt/image_transform.h"
#include "src/image_crypt/verify_report.h"
#include "src/oci/layout.h"
#include "src/provider/request_handler.h"
#include "src/provider/wrap_parameters.h"

namespace coco {
namespace {

constexpr Flag kKeyFlag =
    Flag::Value("--key", "PARAMS",
                "how each layer key is wrapped: the provider's PARAMS, as in --encryption-key "
                "provider:NAME:PARAMS (keyid=...::keypath=..., sample=true, ...)")
        .Required()
        .NonEmpty();
constexpr Flag kLayerFlag =
    Flag::Value("--layer", "N",
                "encrypt only layer N (0 is the base layer, -1 the last), like skopeo's "
                "--encrypt-layer; default: every layer")
        .Repeatable()
        .NonEmpty();
constexpr Flag kJsonFlag = Flag::Switch("--json", "print one JSON document, for scripts");
constexpr Flag kRequireEncryptedFlag =
    Flag::Switch("--require-encrypted", "fail when some layer is not encrypted");

constexpr Flag kEncryptFlags[] = {
    kKeyFlag,         kLayerFlag,      kProviderNameFlag, kKbsFlag,
    kKbsAdminKeyFlag, kKbsRoleFlag,    kKbsIssuerFlag,    kKbsAudienceFlag,
    kKbsCertFlag,     kKbsTimeoutFlag, kHelpFlag,
};
constexpr Flag kDecryptFlags[] = {
    kKbcFlag,        kKeysFileFlag,  kSevSecretPathFlag, kKbsCertFlag,
    kKbsTimeoutFlag, kKbsTeeKeyFlag, kHelpFlag,
};
constexpr Flag kVerifyFlags[] = {
    kKbcFlag,       kKeysFileFlag, kSevSecretPathFlag,    kKbsCertFlag, kKbsTimeoutFlag,
    kKbsTeeKeyFlag, kJsonFlag,     kRequireEncryptedFlag, kHelpFlag,
};
constexpr Flag kRewrapFlags[] = {
    kKeyFlag,       kProviderNameFlag, kKbsFlag,       kKbsAdminKeyFlag, kKbsRoleFlag,
    kKbsIssuerFlag, kKbsAudienceFlag,  kKbcFlag,       kKeysFileFlag,    kSevSecretPathFlag,
    kKbsCertFlag,   kKbsTimeoutFlag,   kKbsTeeKeyFlag, kHelpFlag,
};
constexpr Argument kSourceAndDestination[] = {Argument::One("SRC[:TAG]"),
                                              Argument::One("DST[:TAG]")};
constexpr Argument kSource[] = {Argument::One("SRC[:TAG]")};

// What every image command reads first: the provider's settings, and SRC (then DST).
struct ImageCommandInput {
  ProviderSettings settings;
  std::vector<LayoutReference> layouts;
};

absl::StatusOr<ImageCommandInput> ReadInput(const ParsedFlags& flags) {
  absl::StatusOr<ProviderSettings> settings =
      ProviderSettingsFrom(flags, ReadProviderEnvironment());
  if (!settings.ok()) return UsageError(settings.status().message());
  ImageCommandInput input{*std::move(settings), {}};
  for (const std::string& argument : flags.positional()) {
    absl::StatusOr<LayoutReference> reference = ParseLayoutReference(argument);
    if (!reference.ok()) {
      return UsageError(
          absl::StrCat(input.layouts.empty() ? "SRC" : "DST", ": ", reference.status().message()));
    }
    input.layouts.push_back(*std::move(reference));
  }
  return input;
}

// A command's outcome: on success, its warnings go to standard error.
absl::Status Finished(absl::Status done, const CommandStreams& streams, const Warnings& warnings) {
  if (done.ok()) WriteWarnings(streams.err, warnings);
  return done;
}

// --key, checked before any image is read, as keywrap will read it for every layer.
absl::StatusOr<LayerWrapping> WrappingFrom(const ParsedFlags& flags,
                                           const ProviderSettings& settings) {
  const std::string params = *flags.Value(kKeyFlag.name);
  if (absl::StatusOr<WrapParameters> parsed = ParseWrapParameters(
          params, settings.wrap.registration.has_value() ? FreshKeys::kWhenNoKeyIsNamed
                                                         : FreshKeys::kRefused);
      !parsed.ok()) {
    return UsageError(absl::StrCat("--key: ", parsed.status().message()));
  }
  return LayerWrapping{params, settings.provider_name, settings.wrap};
}

absl::StatusOr<std::vector<int>> LayerIndices(const ParsedFlags& flags) {
  std::vector<int> indices;
  for (const std::string& value : flags.Values(kLayerFlag.name)) {
    int index = 0;
    if (!absl::SimpleAtoi(value, &index)) {
      return UsageError(absl::StrCat("--layer \"", Printable(value), "\" is not a layer index"));
    }
    indices.push_back(index);
  }
  return indices;
}

absl::Status Encrypt(const ParsedFlags& flags, const CommandStreams& streams) {
  absl::StatusOr<ImageCommandInput> input = ReadInput(flags);
  if (!input.ok()) return input.status();
  absl::StatusOr<LayerWrapping> wrapping = WrappingFrom(flags, input->settings);
  if (!wrapping.ok()) return wrapping.status();
  absl::StatusOr<std::vector<int>> layers = LayerIndices(flags);
  if (!layers.ok()) return layers.status();
  Warnings warnings;
  const EncryptOptions options{*std::move(wrapping), *std::move(layers)};
  return Finished(EncryptImage(input->layouts[0], input->layouts[1], options, warnings), streams,
                  warnings);
}

absl::Status Decrypt(const ParsedFlags& flags, const CommandStreams& streams) {
  absl::StatusOr<ImageCommandInput> input = ReadInput(flags);
  if (!input.ok()) return input.status();
  Warnings warnings;
  return Finished(
      DecryptImage(input->layouts[0], input->layouts[1], input->settings.unwrap, warnings), streams,
      warnings);
}

absl::Status Verify(const ParsedFlags& flags, const CommandStreams& streams) {
  absl::StatusOr<ImageCommandInput> input = ReadInput(flags);
  if (!input.ok()) return input.status();
  Warnings warnings;
  absl::StatusOr<std::vector<VerifiedImage>> images = VerifyImage(
      input->layouts[0], input->settings.unwrap, flags.Has(kRequireEncryptedFlag.name), warnings);
  if (!images.ok()) return images.status();
  return Finished(
      WriteOutput(streams.out, flags.Has(kJsonFlag.name) ? FormatVerificationJson(*images)
                                                         : FormatVerificationText(*images)),
      streams, warnings);
}

absl::Status Rewrap(const ParsedFlags& flags, const CommandStreams& streams) {
  absl::StatusOr<ImageCommandInput> input = ReadInput(flags);
  if (!input.ok()) return input.status();
  absl::StatusOr<LayerWrapping> wrapping = WrappingFrom(flags, input->settings);
  if (!wrapping.ok()) return wrapping.status();
  Warnings warnings;
  return Finished(RewrapImage(input->layouts[0], input->layouts[1], input->settings.unwrap,
                              *wrapping, warnings),
                  streams, warnings);
}

constexpr absl::string_view kEncryptDescription =
    "Encrypts an image's layers as ocicrypt does (AES_256_CTR_HMAC_SHA256, a fresh key and nonce\n"
    "per layer from BoringSSL's RAND_bytes), and wraps each layer's secret with keywrap's own\n"
    "code for PARAMS into org.opencontainers.image.enc.keys.provider.<NAME>. Layers already\n"
    "encrypted stay as they are; the config is copied unchanged.\n"
    "\n"
    "SRC and DST are OCI image layouts, as `skopeo copy ... oci:DIR:TAG` writes them (a leading\n"
    "oci: is fine; TAG picks or sets the index.json entry's org.opencontainers.image.ref.name). "
    "An\n"
    "image index is handled manifest by manifest. DST is created, or the image is added to it\n"
    "(replacing one with the same tag); each blob is renamed into place once checked, and\n"
    "index.json is written last, so an interrupted run leaves no image that looks complete. The\n"
    "same holds for decrypt and rewrap.\n";
constexpr absl::string_view kDecryptDescription =
    "Decrypts every encrypted layer, opening its packet with keyunwrap's key sources "
    "(--keys-file,\n"
    "--kbc, AA_KBC_PARAMS, the sample key), and checks its HMAC. What it writes is what skopeo\n"
    "1.18's decryption writes (with --all for an image index), byte for byte, manifest included.\n"
    "A plaintext whose digest is not the one its secret records is a warning: containers/image\n"
    "records a layer's digest from before it compresses it. SRC and DST as for encrypt.\n";
constexpr absl::string_view kVerifyDescription =
    "Checks what decrypt checks, writing nothing: every encrypted layer must open with the keys\n"
    "given and match its HMAC. Prints each layer (kid, wrap type, whether the recorded digest is\n"
    "the plaintext's) and what stays in plaintext: the config's ENV and label names, its history,\n"
    "the diff_ids.\n";
constexpr absl::string_view kRewrapDescription =
    "Rotates the KEK: unwraps each encrypted layer's secret with the old key (the KBC flags) and\n"
    "wraps it for PARAMS instead, replacing the keyprovider annotations. Layer blobs are copied\n"
    "byte for byte, so a registry has nothing to upload again; the layer keys stay, so whoever\n"
    "opened a layer before still can. SRC and DST as for encrypt.\n";

}  // namespace

const Command kEncryptCommand = {"encrypt",
                                 "encrypt an image's layers, without skopeo",
                                 kEncryptDescription,
                                 kEncryptFlags,
                                 kSourceAndDestination,
                                 Encrypt};
const Command kDecryptCommand = {"decrypt",
                                 "decrypt an image, as skopeo would",
                                 kDecryptDescription,
                                 kDecryptFlags,
                                 kSourceAndDestination,
                                 Decrypt};
const Command kVerifyCommand = {"verify",
                                "check that every encrypted layer opens and matches",
                                kVerifyDescription,
                                kVerifyFlags,
                                kSource,
                                Verify};
const Command kRewrapCommand = {
    "rewrap",
    "wrap every layer key for a new KEK, leaving the layers as they are",
    kRewrapDescription,
    kRewrapFlags,
    kSourceAndDestination,
    Rewrap};

}  // namespace coco
