#include "src/image_crypt/image_transform.h"

#include <sys/stat.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "src/oci/digest.h"
#include "src/oci/go_documents.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::FolderEntries;
using test_support::FreshFolder;
using test_support::ReadFile;
using test_support::WriteTempFile;

constexpr char kLayerType[] = "application/vnd.oci.image.layer.v1.tar+gzip";
constexpr char kManifestType[] = "application/vnd.oci.image.manifest.v1+json";

// A layout written by hand: blobs under their digests, then a manifest of `layers` (in Go's form
// unless `indent`), then index.json.
class TestLayout {
 public:
  explicit TestLayout(absl::string_view name) : name_(name), dir_(FreshFolder(name)) {
    mkdir(absl::StrCat(dir_, "/blobs").c_str(), 0700);
    mkdir(absl::StrCat(dir_, "/blobs/sha256").c_str(), 0700);
    WriteTempFile(absl::StrCat(name_, "/oci-layout"), R"({"imageLayoutVersion":"1.0.0"})");
  }

  std::string Descriptor(absl::string_view media_type, absl::string_view blob) {
    const std::string digest = Sha256Digest(blob);
    WriteTempFile(absl::StrCat(name_, "/blobs/sha256/", digest.substr(7)), blob);
    return absl::StrCat(R"({"mediaType":")", media_type, R"(","digest":")", digest, R"(","size":)",
                        blob.size(), "}");
  }

  // A foreign layer's descriptor: its blob is elsewhere, at its urls.
  std::string ForeignDescriptor(absl::string_view blob) {
    std::string descriptor = Descriptor(kLayerType, blob);
    descriptor.insert(descriptor.size() - 1, R"(,"urls":["https://example.com/layer"])");
    return descriptor;
  }

  // Returns the manifest's digest.
  std::string Write(const std::vector<std::string>& layer_blobs, bool indent = false) {
    std::vector<std::string> layers;
    for (const std::string& blob : layer_blobs) layers.push_back(Descriptor(kLayerType, blob));
    return WriteDescriptors(layers, indent);
  }

  // The same with the layers' descriptors given.
  std::string WriteDescriptors(const std::vector<std::string>& layers, bool indent = false) {
    const std::string separator = indent ? ",\n  " : ",";
    const std::string manifest =
        absl::StrCat(R"({"schemaVersion":2,"mediaType":")", kManifestType, R"(",)",
                     indent ? "\n  " : "", R"("config":)",
                     Descriptor("application/vnd.oci.image.config.v1+json",
                                R"({"rootfs":{"type":"layers","diff_ids":[]}})"),
                     separator, R"("layers":[)", absl::StrJoin(layers, ","), "]}");
    const std::string entry = Descriptor(kManifestType, manifest);
    WriteTempFile(absl::StrCat(name_, "/index.json"),
                  absl::StrCat(R"({"schemaVersion":2,"manifests":[)", entry, "]}"));
    return Sha256Digest(manifest);
  }

  const std::string& dir() const { return dir_; }
  LayoutReference reference() const { return LayoutReference{dir_, std::nullopt}; }

 private:
  std::string name_;
  std::string dir_;
};

UnwrapSettings SampleKeys() {
  UnwrapSettings unwrap;
  unwrap.kbc = KbcParameter{"sample_kbc", "null"};
  unwrap.kbc_settings.keys_files.clear();
  return unwrap;
}

const LayerWrapping kSampleWrapping{"sample=true", "attestation-agent", {}};

LayoutReference Output(absl::string_view name) {
  return LayoutReference{absl::StrCat(FreshFolder(name), "/layout"), std::string("out")};
}

// The layers the manifest that `layout`'s index.json names lists.
std::vector<GoDescriptor> LayersOf(const LayoutReference& layout) {
  absl::StatusOr<GoIndex> index = ParseGoIndex(ReadFile(absl::StrCat(layout.dir, "/index.json")));
  EXPECT_TRUE(index.ok()) << index.status();
  const std::string digest = index->manifests->back().digest;
  absl::StatusOr<GoManifest> manifest =
      ParseGoManifest(ReadFile(absl::StrCat(layout.dir, "/blobs/sha256/", digest.substr(7))));
  EXPECT_TRUE(manifest.ok()) << manifest.status();
  return *manifest->layers;
}

std::string ManifestDigestOf(const LayoutReference& layout) {
  absl::StatusOr<GoIndex> index = ParseGoIndex(ReadFile(absl::StrCat(layout.dir, "/index.json")));
  return index->manifests->back().digest;
}

TEST(ImageTransformTest, DecryptingWhatWasEncryptedGivesBackTheOriginalManifest) {
  TestLayout original("original");
  const std::string digest = original.Write({"layer one", "layer two"});
  Warnings warnings;
  const LayoutReference encrypted = Output("encrypted");
  ASSERT_TRUE(EncryptImage(original.reference(), encrypted, {kSampleWrapping, {}}, warnings).ok());
  for (const GoDescriptor& layer : LayersOf(encrypted)) {
    EXPECT_EQ(layer.media_type, absl::StrCat(kLayerType, "+encrypted"));
    EXPECT_EQ(layer.annotations.count("org.opencontainers.image.enc.pubopts"), 1u);
  }
  absl::StatusOr<std::vector<VerifiedImage>> verified =
      VerifyImage(encrypted, SampleKeys(), /*require_encrypted=*/true, warnings);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->front().layers.size(), 2u);
  EXPECT_EQ(verified->front().layers[0].kid, "kbs:///default/test-key/1");
  const LayoutReference decrypted = Output("decrypted");
  ASSERT_TRUE(DecryptImage(encrypted, decrypted, SampleKeys(), warnings).ok());
  EXPECT_EQ(ManifestDigestOf(decrypted), digest);
  EXPECT_TRUE(warnings.lines().empty());
}

TEST(ImageTransformTest, ALayerListedTwiceIsEncryptedOnce) {
  TestLayout original("twice");
  original.Write({"the same layer", "the same layer", "another"});
  Warnings warnings;
  const LayoutReference encrypted = Output("twice-encrypted");
  ASSERT_TRUE(EncryptImage(original.reference(), encrypted, {kSampleWrapping, {}}, warnings).ok());
  const std::vector<GoDescriptor> layers = LayersOf(encrypted);
  EXPECT_EQ(layers[0].digest, layers[1].digest);
  EXPECT_NE(layers[0].digest, layers[2].digest);
}

TEST(ImageTransformTest, AManifestNothingChangedInKeepsItsBytes) {
  TestLayout original("indented");
  const std::string digest = original.Write({"plain"}, /*indent=*/true);
  Warnings warnings;
  const LayoutReference decrypted = Output("indented-decrypted");
  ASSERT_TRUE(DecryptImage(original.reference(), decrypted, SampleKeys(), warnings).ok());
  EXPECT_EQ(ManifestDigestOf(decrypted), digest);
}

TEST(ImageTransformTest, OnlyTheChosenLayersAreEncrypted) {
  TestLayout original("chosen");
  original.Write({"a", "b", "c"});
  Warnings warnings;
  const LayoutReference encrypted = Output("chosen-encrypted");
  ASSERT_TRUE(
      EncryptImage(original.reference(), encrypted, {kSampleWrapping, {-1}}, warnings).ok());
  const std::vector<GoDescriptor> layers = LayersOf(encrypted);
  EXPECT_EQ(layers[0].media_type, kLayerType);
  EXPECT_EQ(layers[2].media_type, absl::StrCat(kLayerType, "+encrypted"));
  absl::Status out_of_range =
      EncryptImage(original.reference(), Output("range"), {kSampleWrapping, {3}}, warnings);
  EXPECT_NE(out_of_range.message().find("--layer 3 is out of range: the image has 3 layers"),
            absl::string_view::npos)
      << out_of_range;
}

TEST(ImageTransformTest, RewrapChangesOnlyThePackets) {
  TestLayout original("rewrap");
  original.Write({"x", "y"});
  Warnings warnings;
  const LayoutReference encrypted = Output("rewrap-encrypted");
  ASSERT_TRUE(EncryptImage(original.reference(), encrypted, {kSampleWrapping, {}}, warnings).ok());
  const LayoutReference rewrapped = Output("rewrapped");
  ASSERT_TRUE(RewrapImage(encrypted, rewrapped, SampleKeys(), {"sample=true", "other-provider", {}},
                          warnings)
                  .ok());
  const std::vector<GoDescriptor> before = LayersOf(encrypted);
  const std::vector<GoDescriptor> after = LayersOf(rewrapped);
  for (std::size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(after[i].digest, before[i].digest);
    EXPECT_EQ(
        after[i].annotations.count("org.opencontainers.image.enc.keys.provider.attestation-agent"),
        0u);
    EXPECT_EQ(
        after[i].annotations.count("org.opencontainers.image.enc.keys.provider.other-provider"),
        1u);
  }
}

TEST(ImageTransformTest, AFailedDecryptLeavesNoBlobItAdded) {
  TestLayout original("failing");
  original.Write({"fine"});
  Warnings warnings;
  const LayoutReference encrypted = Output("failing-encrypted");
  ASSERT_TRUE(EncryptImage(original.reference(), encrypted, {kSampleWrapping, {}}, warnings).ok());
  // The config is written before the missing key stops the layer.
  UnwrapSettings no_keys;
  no_keys.kbc = KbcParameter{"offline_fs_kbc", "null"};
  no_keys.kbc_settings.keys_files.clear();
  const LayoutReference decrypted = Output("failing-decrypted");
  absl::Status failed = DecryptImage(encrypted, decrypted, no_keys, warnings);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.message().substr(0, 14), "layer 0 of 1 (");
  EXPECT_EQ(FolderEntries(absl::StrCat(decrypted.dir, "/blobs/sha256")),
            std::vector<std::string>{});
  EXPECT_EQ(FolderEntries(decrypted.dir), std::vector<std::string>{"blobs"});
}

TEST(ImageTransformTest, AForeignPlaintextLayerFailsRequireEncrypted) {
  TestLayout layout("foreign");
  layout.WriteDescriptors({layout.ForeignDescriptor("a foreign layer")});
  Warnings warnings;
  absl::StatusOr<std::vector<VerifiedImage>> verified =
      VerifyImage(layout.reference(), SampleKeys(), /*require_encrypted=*/false, warnings);
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_TRUE(verified->front().layers.front().foreign);
  absl::StatusOr<std::vector<VerifiedImage>> required =
      VerifyImage(layout.reference(), SampleKeys(), /*require_encrypted=*/true, warnings);
  EXPECT_EQ(required.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_TRUE(absl::StrContains(required.status().message(),
                                "not encrypted (application/vnd.oci.image.layer.v1.tar+gzip) and "
                                "--require-encrypted"))
      << required.status();
}

TEST(ImageTransformTest, TheDestinationMayNotBeTheSource) {
  TestLayout original("self");
  original.Write({"x"});
  Warnings warnings;
  absl::Status refused =
      DecryptImage(original.reference(), original.reference(), SampleKeys(), warnings);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace coco
