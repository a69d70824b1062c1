#include "src/image_crypt/image_transform.h"

#include <map>
#include <memory>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "src/common/base64.h"
#include "src/common/printable.h"
#include "src/common/status_context.h"
#include "src/image_crypt/layer_options.h"
#include "src/image_crypt/layer_stream.h"
#include "src/oci/blob_store.h"
#include "src/oci/encryption_annotations.h"
#include "src/oci/go_documents.h"
#include "src/oci/layout_writer.h"
#include "src/wrapping/annotation_packet.h"
#include "src/wrapping/wrap_type.h"

namespace coco {
namespace {

// What containers/image adds to an index instance one of whose layers it copied as zstd.
constexpr absl::string_view kZstdInstanceAnnotation = "io.github.containers.compression.zstd";
// What containers/image (and imgcrypt) will encrypt, each with any +gzip / +zstd suffix.
constexpr absl::string_view kEncryptableLayerTypes[] = {
    "application/vnd.oci.image.layer.v1.tar",
    "application/vnd.oci.image.layer.nondistributable.v1.tar",
};

bool IsEncryptable(absl::string_view media_type) {
  for (absl::string_view type : kEncryptableLayerTypes) {
    if (media_type == type || media_type == absl::StrCat(type, "+gzip") ||
        media_type == absl::StrCat(type, "+zstd")) {
      return true;
    }
  }
  return false;
}

// One layer as the walk meets it.
struct LayerInput {
  const Descriptor& layer;      // Checked: its digest names a blob.
  const GoDescriptor& as_read;  // What re-serialising keeps.
  std::size_t index = 0;
  std::size_t count = 0;
};

struct LayerOutcome {
  GoDescriptor descriptor;  // In the new manifest.
  VerifiedLayer verified;
  // Went through in plaintext as zstd (containers/image then marks the image's index instance).
  bool zstd = false;
};

// How a new manifest lists a layer it rewrote: containers/image keeps only these members.
GoDescriptor ListedLayer(absl::string_view media_type, absl::string_view digest, int64_t size,
                         std::map<std::string, std::string> annotations) {
  GoDescriptor listed;
  listed.media_type = std::string(media_type);
  listed.digest = std::string(digest);
  listed.size = size;
  listed.annotations = std::move(annotations);
  return listed;
}

// What the report says of a layer that was not opened: what its descriptor says.
VerifiedLayer AsListed(const LayerInput& input) {
  VerifiedLayer verified;
  verified.digest = input.layer.digest;
  verified.media_type = input.layer.media_type;
  verified.encrypted = IsEncryptedMediaType(input.layer.media_type);
  return verified;
}

// A layer passed through: as containers/image lists a layer it copies, without its urls.
LayerOutcome PassThroughLayer(const LayerInput& input) {
  LayerOutcome outcome;
  outcome.descriptor = ListedLayer(input.layer.media_type, input.layer.digest, input.layer.size,
                                   input.as_read.annotations);
  outcome.verified = AsListed(input);
  outcome.zstd = absl::EndsWith(input.layer.media_type, "+zstd");
  return outcome;
}

// A foreign layer (one with urls): skopeo's oci: transport takes it as it is, without its blob.
LayerOutcome ForeignLayer(const LayerInput& input) {
  LayerOutcome outcome;
  outcome.descriptor = input.as_read;
  outcome.verified = AsListed(input);
  outcome.verified.foreign = true;
  return outcome;
}

// The digest of what was written.
const Digest& DigestOf(const Digest& digest) { return digest; }
const Digest& DigestOf(const EncryptedLayer& layer) { return layer.ciphertext.digest; }
const Digest& DigestOf(const BlobSummary& blob) { return blob.digest; }

// What `produce` writes, into a new blob of `destination` that is kept only if `produce` succeeds;
// without a destination, `produce` writes nowhere. Returns what `produce` returned.
template <typename Result, typename Produce>
absl::StatusOr<Result> WriteBlob(LayoutWriter* destination, Produce produce) {
  if (destination == nullptr) {
    return produce([](absl::string_view) { return absl::OkStatus(); });
  }
  absl::StatusOr<LayoutWriter::BlobFile> file = destination->NewBlob();
  if (!file.ok()) return file.status();
  absl::StatusOr<Result> result =
      produce([&](absl::string_view bytes) { return file->Write(bytes); });
  if (!result.ok()) return result.status();
  if (absl::Status committed = file->Commit(DigestOf(*result)); !committed.ok()) return committed;
  return result;
}

// A blob unchanged, checked against its digest, into `destination` (or only checked).
absl::Status CopyBlobInto(const BlobStore& source, const Descriptor& descriptor,
                          LayoutWriter* destination) {
  absl::StatusOr<BlobStore::Reader> reader = source.OpenBlob(descriptor);
  if (!reader.ok()) return reader.status();
  return WriteBlob<Digest>(destination,
                           [&](ChunkWriter write) -> absl::StatusOr<Digest> {
                             if (absl::Status copied = CopyBlob(*reader, write); !copied.ok())
                               return copied;
                             return Digest::Parse(descriptor.digest);
                           })
      .status();
}

// What one operation does to each layer, reading from `source` and writing to `destination`
// (nullptr when only verifying).
class LayerStep {
 public:
  LayerStep(const BlobStore& source, LayoutWriter* destination)
      : source_(source), destination_(destination) {}
  virtual ~LayerStep() = default;

  // Before the layers of a manifest of `layer_count` layers.
  virtual absl::Status BeginManifest(std::size_t layer_count) { return absl::OkStatus(); }
  virtual absl::StatusOr<LayerOutcome> Apply(const LayerInput& input) = 0;
  // A foreign layer (one with urls), whose blob the layout does not hold: kept as it is.
  virtual absl::StatusOr<LayerOutcome> Foreign(const LayerInput& input) {
    return ForeignLayer(input);
  }
  // Two layers with the same key get the same outcome, so a layer listed many times costs once.
  virtual std::string MemoKey(const LayerInput& input) const;

 protected:
  // The blob unchanged, checked against its digest, into the destination.
  absl::Status CopyLayerBlob(const Descriptor& layer) const;

  const BlobStore& source_;
  LayoutWriter* destination_;
};

std::string LayerStep::MemoKey(const LayerInput& input) const {
  std::string key = absl::StrCat(input.layer.digest, "\n", input.layer.media_type);
  for (const auto& [name, value] : input.as_read.annotations) {
    absl::StrAppend(&key, "\n", name, "\n", value);
  }
  return key;
}

absl::Status LayerStep::CopyLayerBlob(const Descriptor& layer) const {
  return CopyBlobInto(source_, layer, destination_);
}

// The layer's secret, from the first keyprovider packet a key source opens.
struct OpenedSecret {
  SecretBytes optsdata;
  std::string kid;
  WrapType wrap_type = WrapType::kA256Gcm;
};

// The schemes other than keyproviders holding the layer key: "jwe", ...
std::vector<std::string> OtherRecipients(const Descriptor& layer) {
  std::vector<std::string> schemes;
  for (const auto& [name, value] : layer.annotations) {
    if (absl::StartsWith(name, kKeysAnnotationPrefix) &&
        !absl::StartsWith(name, kKeyProviderAnnotationPrefix)) {
      schemes.push_back(Printable(absl::string_view(name).substr(kKeysAnnotationPrefix.size())));
    }
  }
  return schemes;
}

// Why no packet of `layer` could be opened, when there is none to try.
absl::Status NoPacketError(const Descriptor& layer) {
  const std::vector<std::string> schemes = OtherRecipients(layer);
  if (schemes.empty()) {
    return absl::FailedPreconditionError(
        "encrypted, but no org.opencontainers.image.enc.keys.* annotation holds its key");
  }
  return absl::FailedPreconditionError(
      absl::StrCat("its key is wrapped only for ", absl::StrJoin(schemes, ", "),
                   ", not for a keyprovider (org.opencontainers.image.enc.keys.provider.<NAME>)"));
}

absl::StatusOr<OpenedSecret> UnwrapLayerSecret(const Descriptor& layer,
                                               const UnwrapSettings& unwrap, Warnings& warnings) {
  absl::Status first_error = absl::OkStatus();
  std::size_t tried = 0;
  for (const auto& [name, value] : layer.annotations) {
    if (!absl::StartsWith(name, kKeyProviderAnnotationPrefix)) continue;
    for (absl::StatusOr<AnnotationPacket>& packet : DecodeAnnotationPackets(value)) {
      if (tried++ == kMaxUnwrapAttempts) {
        return WithContext(
            absl::StrCat("only the first ", kMaxUnwrapAttempts, " packets were tried"),
            first_error);
      }
      absl::StatusOr<SecretBytes> optsdata = packet.ok()
                                                 ? UnwrapWithDefaultKbc(*packet, unwrap, warnings)
                                                 : absl::StatusOr<SecretBytes>(packet.status());
      if (optsdata.ok()) return OpenedSecret{*std::move(optsdata), packet->kid, packet->wrap_type};
      if (first_error.ok()) first_error = WithContext(name, optsdata.status());
    }
  }
  if (first_error.ok()) return NoPacketError(layer);
  return first_error;
}

absl::StatusOr<PublicOptions> ReadPublicOptions(const Descriptor& layer) {
  auto annotation = layer.annotations.find(std::string(kPublicOptionsAnnotation));
  if (annotation == layer.annotations.end()) {
    return absl::FailedPreconditionError(
        absl::StrCat("encrypted, but has no ", kPublicOptionsAnnotation, " annotation"));
  }
  absl::StatusOr<SecretBytes> json = DecodeBase64(annotation->second);
  if (!json.ok()) return WithContext(kPublicOptionsAnnotation, json.status());
  absl::StatusOr<PublicOptions> options = ParsePublicOptions(json->view());
  if (!options.ok()) return WithContext(kPublicOptionsAnnotation, options.status());
  return options;
}

// The annotations whose names do not start with `prefix`.
std::map<std::string, std::string> WithoutAnnotationsPrefixed(
    const std::map<std::string, std::string>& annotations, absl::string_view prefix) {
  std::map<std::string, std::string> kept;
  for (const auto& [name, value] : annotations) {
    if (!absl::StartsWith(name, prefix)) kept.emplace(name, value);
  }
  return kept;
}

// decrypt, and verify without a destination.
class DecryptStep : public LayerStep {
 public:
  DecryptStep(const BlobStore& source, LayoutWriter* destination, const UnwrapSettings& unwrap,
              bool require_encrypted, Warnings& warnings)
      : LayerStep(source, destination),
        unwrap_(unwrap),
        require_encrypted_(require_encrypted),
        warnings_(warnings) {}

  absl::StatusOr<LayerOutcome> Foreign(const LayerInput& input) override {
    if (absl::Status required = RequireEncrypted(input); !required.ok()) return required;
    return ForeignLayer(input);
  }

  absl::StatusOr<LayerOutcome> Apply(const LayerInput& input) override {
    if (!IsEncryptedMediaType(input.layer.media_type)) {
      if (absl::Status required = RequireEncrypted(input); !required.ok()) return required;
      if (absl::Status copied = CopyLayerBlob(input.layer); !copied.ok()) return copied;
      return PassThroughLayer(input);
    }
    absl::StatusOr<PublicOptions> options = ReadPublicOptions(input.layer);
    if (!options.ok()) return options.status();
    absl::StatusOr<OpenedSecret> opened = UnwrapLayerSecret(input.layer, unwrap_, warnings_);
    if (!opened.ok()) return opened.status();
    absl::StatusOr<LayerSecret> secret = ParseLayerSecret(std::move(opened->optsdata));
    if (!secret.ok()) return WithContext("the unwrapped layer secret", secret.status());
    // The HMAC in the checked manifest pins the blob as firmly as its digest: hashing it again
    // would only cost a third of the time.
    absl::StatusOr<BlobStore::Reader> reader = source_.OpenBlob(input.layer, BlobCheck::kSizeOnly);
    if (!reader.ok()) return reader.status();
    absl::StatusOr<BlobSummary> plaintext = WriteBlob<BlobSummary>(
        destination_,
        [&](ChunkWriter write) { return DecryptLayer(*reader, *secret, options->hmac, write); });
    if (!plaintext.ok()) return plaintext.status();
    LayerOutcome outcome;
    // Encryption annotations removed, as containers/image removes them from a layer it decrypts.
    outcome.descriptor = ListedLayer(
        absl::StripSuffix(input.layer.media_type, kEncryptedMediaTypeSuffix),
        plaintext->digest.ToString(), plaintext->size,
        WithoutAnnotationsPrefixed(input.as_read.annotations, kEncryptionAnnotationPrefix));
    outcome.verified = VerifiedLayer{input.layer.digest, input.layer.media_type, true, opened->kid,
                                     std::string(WrapTypeName(opened->wrap_type))};
    outcome.verified.recorded_digest = secret->digest;
    outcome.verified.digest_matches = secret->digest == plaintext->digest.ToString();
    return outcome;
  }

 private:
  const UnwrapSettings& unwrap_;
  // With --require-encrypted, a layer that is not encrypted is an error.
  absl::Status RequireEncrypted(const LayerInput& input) const {
    if (!require_encrypted_ || IsEncryptedMediaType(input.layer.media_type)) {
      return absl::OkStatus();
    }
    return absl::FailedPreconditionError(absl::StrCat(
        "not encrypted (", Printable(input.layer.media_type), ") and --require-encrypted"));
  }

  bool require_encrypted_;
  Warnings& warnings_;
};

// The annotation a layer's wrapped secret goes under, and its value.
absl::StatusOr<std::pair<std::string, std::string>> WrapLayerSecret(const LayerWrapping& wrapping,
                                                                    absl::string_view optsdata,
                                                                    Warnings& warnings) {
  absl::StatusOr<std::string> packet =
      KeyWrap(std::vector<std::string>{wrapping.params}, wrapping.provider_name, optsdata,
              wrapping.settings, warnings);
  if (!packet.ok()) return packet.status();
  return std::make_pair(absl::StrCat(kKeyProviderAnnotationPrefix, wrapping.provider_name),
                        EncodeBase64(*packet));
}

// The layer indices `requested` selects among `count`, as containers/image reads
// --encrypt-layer; all of them when none are requested.
absl::StatusOr<std::vector<bool>> SelectedLayers(const std::vector<int>& requested,
                                                 std::size_t count) {
  std::vector<bool> selected(count, requested.empty());
  const int total = static_cast<int>(count);
  for (int index : requested) {
    const int resolved = index < 0 ? index + total : index;
    if (resolved < 0 || resolved >= total) {
      return absl::InvalidArgumentError(
          absl::StrCat("--layer ", index, " is out of range: the image has ", count, " layers"));
    }
    selected[static_cast<std::size_t>(resolved)] = true;
  }
  return selected;
}

class EncryptStep : public LayerStep {
 public:
  EncryptStep(const BlobStore& source, LayoutWriter& destination, const EncryptOptions& options,
              Warnings& warnings)
      : LayerStep(source, &destination), options_(options), warnings_(warnings) {}

  absl::Status BeginManifest(std::size_t layer_count) override {
    absl::StatusOr<std::vector<bool>> selected = SelectedLayers(options_.layers, layer_count);
    if (!selected.ok()) return selected.status();
    selected_ = *std::move(selected);
    return absl::OkStatus();
  }

  std::string MemoKey(const LayerInput& input) const override {
    return absl::StrCat(selected_[input.index] ? "+" : "-", LayerStep::MemoKey(input));
  }

  absl::StatusOr<LayerOutcome> Apply(const LayerInput& input) override {
    if (!selected_[input.index] || IsEncryptedMediaType(input.layer.media_type)) {
      if (absl::Status copied = CopyLayerBlob(input.layer); !copied.ok()) return copied;
      return PassThroughLayer(input);
    }
    if (!IsEncryptable(input.layer.media_type)) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot encrypt a layer of media type \"", Printable(input.layer.media_type),
                       "\" (ocicrypt encrypts OCI tar layers, plain, +gzip or +zstd)"));
    }
    // Wrapped before the blob is read, so that a key that cannot be used costs no encryption.
    const LayerSecret secret = NewLayerSecret(input.layer.digest);
    absl::StatusOr<std::pair<std::string, std::string>> wrapped =
        WrapLayerSecret(options_.wrapping, FormatLayerSecret(secret).view(), warnings_);
    if (!wrapped.ok()) return wrapped.status();
    absl::StatusOr<BlobStore::Reader> reader = source_.OpenBlob(input.layer);
    if (!reader.ok()) return reader.status();
    absl::StatusOr<EncryptedLayer> encrypted = WriteBlob<EncryptedLayer>(
        destination_, [&](ChunkWriter write) { return EncryptLayer(*reader, secret, write); });
    if (!encrypted.ok()) return encrypted.status();
    std::map<std::string, std::string> annotations = input.as_read.annotations;
    annotations[wrapped->first] = wrapped->second;
    annotations[std::string(kPublicOptionsAnnotation)] =
        EncodeBase64(FormatPublicOptions(encrypted->hmac));
    LayerOutcome outcome;
    const std::string media_type = absl::StrCat(input.layer.media_type, kEncryptedMediaTypeSuffix);
    outcome.descriptor = ListedLayer(media_type, encrypted->ciphertext.digest.ToString(),
                                     encrypted->ciphertext.size, std::move(annotations));
    outcome.verified = VerifiedLayer{outcome.descriptor.digest, media_type, true};
    // containers/image detects the compression before it encrypts.
    outcome.zstd = absl::EndsWith(input.layer.media_type, "+zstd");
    return outcome;
  }

 private:
  const EncryptOptions& options_;
  Warnings& warnings_;
  std::vector<bool> selected_;
};

class RewrapStep : public LayerStep {
 public:
  RewrapStep(const BlobStore& source, LayoutWriter& destination, const UnwrapSettings& unwrap,
             const LayerWrapping& wrapping, Warnings& warnings)
      : LayerStep(source, &destination),
        unwrap_(unwrap),
        wrapping_(wrapping),
        warnings_(warnings) {}

  absl::StatusOr<LayerOutcome> Apply(const LayerInput& input) override {
    if (!IsEncryptedMediaType(input.layer.media_type)) {
      if (absl::Status copied = CopyLayerBlob(input.layer); !copied.ok()) return copied;
      return PassThroughLayer(input);
    }
    absl::StatusOr<OpenedSecret> opened = UnwrapLayerSecret(input.layer, unwrap_, warnings_);
    if (!opened.ok()) return opened.status();
    // Only what ocicrypt can decrypt with is worth wrapping again.
    absl::StatusOr<LayerSecret> secret = ParseLayerSecret(SecretBytes(opened->optsdata.view()));
    if (!secret.ok()) return WithContext("the unwrapped layer secret", secret.status());
    absl::StatusOr<std::pair<std::string, std::string>> wrapped =
        WrapLayerSecret(wrapping_, opened->optsdata.view(), warnings_);
    if (!wrapped.ok()) return wrapped.status();
    if (absl::Status copied = CopyLayerBlob(input.layer); !copied.ok()) return copied;
    if (const std::vector<std::string> others = OtherRecipients(input.layer); !others.empty()) {
      warnings_.Add(absl::StrCat("rewrap: the layer keys stay wrapped for ",
                                 absl::StrJoin(others, ", "), " too"));
    }
    // The old keyprovider packets go: they would still open the layer with the old key.
    std::map<std::string, std::string> annotations =
        WithoutAnnotationsPrefixed(input.as_read.annotations, kKeyProviderAnnotationPrefix);
    annotations[wrapped->first] = wrapped->second;
    LayerOutcome outcome = PassThroughLayer(input);
    outcome.descriptor.annotations = std::move(annotations);
    return outcome;
  }

 private:
  const UnwrapSettings& unwrap_;
  const LayerWrapping& wrapping_;
  Warnings& warnings_;
};

// A document the walk wrote, and how its parent lists it.
struct WrittenDocument {
  GoDescriptor listed;
  bool zstd = false;  // A manifest with a layer that went through as zstd.
};

// Walks from an index.json entry down to every image manifest, applies the step to each layer,
// and writes the new documents bottom up. Each document and each distinct layer is handled once.
class ImageWalker {
 public:
  ImageWalker(const BlobStore& source, LayoutWriter* destination, LayerStep& step,
              Warnings& warnings)
      : source_(source), destination_(destination), step_(step), warnings_(warnings) {}

  absl::StatusOr<WrittenDocument> Walk(const Descriptor& entry, int depth);
  std::vector<VerifiedImage> TakeImages() { return std::move(images_); }

 private:
  absl::StatusOr<WrittenDocument> WalkManifest(const Descriptor& entry, absl::string_view json);
  absl::StatusOr<WrittenDocument> WalkIndex(const Descriptor& entry, absl::string_view json,
                                            int depth);
  absl::StatusOr<LayerOutcome> ApplyOnce(const Descriptor& manifest_entry, const LayerInput& input);
  absl::Status CopyConfig(const Descriptor& config, VerifiedImage& image);
  // The document as a blob of the destination, and how its parent lists it.
  absl::StatusOr<GoDescriptor> PutDocument(absl::string_view media_type, absl::string_view json);
  absl::Status Spend(std::size_t descriptors, int64_t bytes);

  const BlobStore& source_;
  LayoutWriter* destination_;
  LayerStep& step_;
  Warnings& warnings_;
  std::size_t descriptors_ = 0;
  int64_t document_bytes_ = 0;
  std::map<std::string, WrittenDocument> documents_done_;
  std::map<std::string, LayerOutcome> layers_done_;
  std::vector<VerifiedImage> images_;
};

absl::Status ImageWalker::Spend(std::size_t descriptors, int64_t bytes) {
  descriptors_ += descriptors;
  document_bytes_ += bytes;
  if (descriptors_ > kMaxDescriptors) {
    return absl::InvalidArgumentError(
        absl::StrCat("the image's documents lead to more than ", kMaxDescriptors, " descriptors"));
  }
  if (document_bytes_ > kMaxDocumentBytesRead) {
    return absl::InvalidArgumentError(absl::StrCat("the image's documents lead to more than ",
                                                   kMaxDocumentBytesRead, " bytes of documents"));
  }
  return absl::OkStatus();
}

absl::StatusOr<WrittenDocument> ImageWalker::Walk(const Descriptor& entry, int depth) {
  if (auto done = documents_done_.find(entry.digest); done != documents_done_.end()) {
    return done->second;
  }
  if (absl::Status spent = Spend(1, entry.size); !spent.ok()) return spent;
  absl::StatusOr<DocumentKind> kind = DocumentKindOf(entry.media_type);
  if (!kind.ok()) return WithContext(entry.digest, kind.status());
  absl::StatusOr<std::string> json = source_.ReadDocument(entry);
  if (!json.ok()) return json.status();
  absl::StatusOr<WrittenDocument> written;
  if (*kind == DocumentKind::kManifest) {
    written = WalkManifest(entry, *json);
  } else if (depth >= kMaxIndexDepth) {
    return absl::InvalidArgumentError(
        absl::StrCat("image indexes nested more than ", kMaxIndexDepth, " deep"));
  } else {
    written = WalkIndex(entry, *json, depth);
  }
  if (written.ok()) documents_done_.emplace(entry.digest, *written);
  return written;
}

absl::StatusOr<GoDescriptor> ImageWalker::PutDocument(absl::string_view media_type,
                                                      absl::string_view json) {
  GoDescriptor listed;
  listed.media_type = std::string(media_type);
  listed.size = static_cast<int64_t>(json.size());
  if (destination_ == nullptr) {
    listed.digest = Sha256Digest(json);
    return listed;
  }
  // The digest PutBlob computed to name the blob.
  absl::StatusOr<Digest> put = destination_->PutBlob(json);
  if (!put.ok()) return put.status();
  listed.digest = put->ToString();
  return listed;
}

absl::Status ImageWalker::CopyConfig(const Descriptor& config, VerifiedImage& image) {
  image.config_digest = config.digest;
  if (destination_ != nullptr) return CopyBlobInto(source_, config, destination_);
  absl::StatusOr<std::string> json = source_.ReadDocument(config);
  if (!json.ok()) return json.status();
  absl::StatusOr<ImageConfig> parsed = ParseImageConfig(*json);
  if (!parsed.ok()) return WithContext(absl::StrCat("config ", config.digest), parsed.status());
  image.config = *std::move(parsed);
  return absl::OkStatus();
}

std::string LayerName(const Descriptor& manifest_entry, const LayerInput& input) {
  return absl::StrCat(
      manifest_entry.platform.empty() ? "" : absl::StrCat(manifest_entry.platform, " "), "layer ",
      input.index, " of ", input.count, " (", absl::string_view(input.layer.digest).substr(0, 19),
      "…)");
}

absl::StatusOr<LayerOutcome> ImageWalker::ApplyOnce(const Descriptor& manifest_entry,
                                                    const LayerInput& input) {
  if (!input.as_read.urls.empty()) {
    absl::StatusOr<LayerOutcome> kept = step_.Foreign(input);
    if (!kept.ok()) return WithContext(LayerName(manifest_entry, input), kept.status());
    return kept;
  }
  const std::string key = step_.MemoKey(input);
  if (auto done = layers_done_.find(key); done != layers_done_.end()) return done->second;
  absl::StatusOr<LayerOutcome> outcome = step_.Apply(input);
  if (!outcome.ok()) return WithContext(LayerName(manifest_entry, input), outcome.status());
  if (!outcome->verified.digest_matches) {
    warnings_.Add(absl::StrCat(
        LayerName(manifest_entry, input), ": decrypted to ", outcome->descriptor.digest,
        ", but its wrapped secret records \"", Printable(outcome->verified.recorded_digest, 80),
        "\" (containers/image records a layer's digest from before it compresses it)"));
  }
  return layers_done_.emplace(key, *std::move(outcome)).first->second;
}

// Whether the new manifest lists each layer as the old one did: containers/image then writes the
// original bytes.
bool LayersUnchanged(const std::vector<GoDescriptor>& before,
                     const std::vector<GoDescriptor>& after) {
  for (std::size_t i = 0; i < before.size(); ++i) {
    if (before[i].digest != after[i].digest || before[i].media_type != after[i].media_type ||
        before[i].annotations != after[i].annotations) {
      return false;
    }
  }
  return true;
}

// As containers/image names a document's type: its own mediaType, else an OCI manifest when its
// config is an OCI config, else what its parent listed it as.
std::string DocumentType(absl::string_view own, const ImageManifest& manifest,
                         absl::string_view listed_as) {
  if (!own.empty()) return std::string(own);
  if (manifest.config.has_value() && manifest.config->media_type == kOciConfigType) {
    return std::string(kOciManifestType);
  }
  return std::string(listed_as);
}

absl::StatusOr<WrittenDocument> ImageWalker::WalkManifest(const Descriptor& entry,
                                                          absl::string_view json) {
  const std::string where = absl::StrCat("manifest ", entry.digest);
  absl::StatusOr<ImageManifest> manifest = ParseImageManifest(json);
  if (!manifest.ok()) return WithContext(where, manifest.status());
  if (manifest->media_type != kOciManifestType && !manifest->media_type.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        where, ": a ", Printable(manifest->media_type),
        " manifest; ocicrypt encrypts OCI images (convert it: skopeo copy --format oci)"));
  }
  if (absl::Status spent = Spend(manifest->layers.size(), 0); !spent.ok()) return spent;
  absl::StatusOr<GoManifest> rewritten = ParseGoManifest(json);
  if (!rewritten.ok()) return WithContext(where, rewritten.status());
  if (!manifest->config.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": no config"));
  }
  if (!rewritten->layers.has_value() || rewritten->layers->size() != manifest->layers.size()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": its layers cannot be read"));
  }
  if (absl::Status begun = step_.BeginManifest(manifest->layers.size()); !begun.ok()) {
    return WithContext(where, begun);
  }
  VerifiedImage image{entry.digest, entry.platform};
  if (absl::Status copied = CopyConfig(*manifest->config, image); !copied.ok()) return copied;
  std::vector<GoDescriptor> layers;
  bool zstd = false;
  for (std::size_t i = 0; i < manifest->layers.size(); ++i) {
    const LayerInput input{manifest->layers[i], (*rewritten->layers)[i], i,
                           manifest->layers.size()};
    absl::StatusOr<LayerOutcome> outcome = ApplyOnce(entry, input);
    if (!outcome.ok()) return outcome.status();
    layers.push_back(outcome->descriptor);
    image.layers.push_back(outcome->verified);
    zstd = zstd || outcome->zstd;
  }
  images_.push_back(std::move(image));
  const std::string type = DocumentType(rewritten->media_type, *manifest, entry.media_type);
  const bool unchanged = LayersUnchanged(*rewritten->layers, layers);
  rewritten->layers = std::move(layers);
  absl::StatusOr<GoDescriptor> listed =
      PutDocument(type, unchanged ? std::string(json) : MarshalGoManifest(*rewritten));
  if (!listed.ok()) return listed.status();
  return WrittenDocument{*std::move(listed), zstd};
}

absl::StatusOr<WrittenDocument> ImageWalker::WalkIndex(const Descriptor& entry,
                                                       absl::string_view json, int depth) {
  const std::string where = absl::StrCat("index ", entry.digest);
  absl::StatusOr<ImageIndex> index = ParseImageIndex(json);
  if (!index.ok()) return WithContext(where, index.status());
  absl::StatusOr<GoIndex> rewritten = ParseGoIndex(json);
  if (!rewritten.ok()) return WithContext(where, rewritten.status());
  if (!rewritten->manifests.has_value() ||
      rewritten->manifests->size() != index->manifests.size()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": its manifests cannot be read"));
  }
  // containers/image reads an index into a struct that already holds its type.
  if (rewritten->media_type.empty()) rewritten->media_type = std::string(kOciIndexType);
  const std::string original = MarshalGoIndex(*rewritten);
  for (std::size_t i = 0; i < index->manifests.size(); ++i) {
    absl::StatusOr<WrittenDocument> written = Walk(index->manifests[i], depth + 1);
    if (!written.ok()) return written.status();
    GoDescriptor& listed = (*rewritten->manifests)[i];
    listed.media_type = written->listed.media_type;
    listed.digest = written->listed.digest;
    listed.size = written->listed.size;
    if (written->zstd) listed.annotations[std::string(kZstdInstanceAnnotation)] = "true";
  }
  const std::string updated = MarshalGoIndex(*rewritten);
  absl::StatusOr<GoDescriptor> listed =
      PutDocument(rewritten->media_type, updated == original ? std::string(json) : updated);
  if (!listed.ok()) return listed.status();
  return WrittenDocument{*std::move(listed)};
}

// Reads `source`, applies the step `make_step` makes for the opened source and destination to
// every layer, and commits the new image into `destination`; on a failure the blobs it added are
// removed again.
template <typename MakeStep>
absl::Status TransformImage(const LayoutReference& source, const LayoutReference& destination,
                            Warnings& warnings, MakeStep make_step) {
  if (absl::Status outside = CheckDestinationOutside(destination.dir, source.dir); !outside.ok()) {
    return outside;
  }
  absl::StatusOr<LayoutImage> image = OpenLayoutImage(source);
  if (!image.ok()) return image.status();
  absl::StatusOr<LayoutWriter> writer = LayoutWriter::Open(destination.dir);
  if (!writer.ok()) return writer.status();
  std::unique_ptr<LayerStep> step = make_step(image->layout, *writer);
  ImageWalker walker(image->layout, &*writer, *step, warnings);
  absl::StatusOr<WrittenDocument> written = walker.Walk(image->entry, 0);
  absl::Status committed =
      written.ok() ? writer->Commit(written->listed, destination.tag) : written.status();
  if (!committed.ok()) writer->RemoveAddedBlobs();
  return committed;
}

}  // namespace

absl::Status EncryptImage(const LayoutReference& source, const LayoutReference& destination,
                          const EncryptOptions& options, Warnings& warnings) {
  return TransformImage(source, destination, warnings,
                        [&](const BlobStore& layout, LayoutWriter& writer) {
                          return std::make_unique<EncryptStep>(layout, writer, options, warnings);
                        });
}

absl::Status DecryptImage(const LayoutReference& source, const LayoutReference& destination,
                          const UnwrapSettings& unwrap, Warnings& warnings) {
  return TransformImage(
      source, destination, warnings, [&](const BlobStore& layout, LayoutWriter& writer) {
        return std::make_unique<DecryptStep>(layout, &writer, unwrap,
                                             /*require_encrypted=*/false, warnings);
      });
}

absl::Status RewrapImage(const LayoutReference& source, const LayoutReference& destination,
                         const UnwrapSettings& unwrap, const LayerWrapping& wrapping,
                         Warnings& warnings) {
  return TransformImage(
      source, destination, warnings, [&](const BlobStore& layout, LayoutWriter& writer) {
        return std::make_unique<RewrapStep>(layout, writer, unwrap, wrapping, warnings);
      });
}

absl::StatusOr<std::vector<VerifiedImage>> VerifyImage(const LayoutReference& source,
                                                       const UnwrapSettings& unwrap,
                                                       bool require_encrypted, Warnings& warnings) {
  absl::StatusOr<LayoutImage> image = OpenLayoutImage(source);
  if (!image.ok()) return image.status();
  DecryptStep step(image->layout, nullptr, unwrap, require_encrypted, warnings);
  ImageWalker walker(image->layout, nullptr, step, warnings);
  if (absl::StatusOr<WrittenDocument> walked = walker.Walk(image->entry, 0); !walked.ok()) {
    return walked.status();
  }
  return walker.TakeImages();
}

}  // namespace coco
