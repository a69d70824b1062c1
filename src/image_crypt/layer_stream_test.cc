#include "src/image_crypt/layer_stream.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/oci/blob_store.h"
#include "src/oci/digest.h"
#include "src/testing/layer_vectors.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::LayerVector;
using test_support::LoadLayerVectors;

// A layout folder holding `blob` under its own digest, and its descriptor.
struct StoredBlob {
  std::string dir;
  Descriptor descriptor;
};

StoredBlob Store(absl::string_view name, absl::string_view blob) {
  static int stored = 0;
  const std::string folder = absl::StrCat(name, "-", ++stored);
  const std::string dir = test_support::FreshFolder(folder);
  mkdir(absl::StrCat(dir, "/blobs").c_str(), 0700);
  mkdir(absl::StrCat(dir, "/blobs/sha256").c_str(), 0700);
  const std::string digest = Sha256Digest(blob);
  test_support::WriteTempFile(absl::StrCat(folder, "/blobs/sha256/", digest.substr(7)), blob);
  Descriptor descriptor;
  descriptor.media_type = "application/vnd.oci.image.layer.v1.tar+gzip";
  descriptor.digest = digest;
  descriptor.size = static_cast<int64_t>(blob.size());
  return {dir, descriptor};
}

LayerSecret SecretOf(const LayerVector& vector) {
  return LayerSecret{SecretBytes(vector.key), SecretBytes(vector.nonce), vector.plaintext_digest};
}

std::string Ciphertext(const LayerVector& vector) {
  // The long cases store only the ciphertext's digest: encrypt, and check that digest below.
  if (!vector.ciphertext.empty() || vector.plaintext.empty()) return vector.ciphertext;
  const StoredBlob stored = Store("plain", vector.plaintext);
  absl::StatusOr<BlobStore> store = BlobStore::Open(stored.dir);
  absl::StatusOr<BlobStore::Reader> reader = store->OpenBlob(stored.descriptor);
  std::string out;
  absl::StatusOr<EncryptedLayer> encrypted =
      EncryptLayer(*reader, SecretOf(vector), [&](absl::string_view bytes) {
        out.append(bytes.data(), bytes.size());
        return absl::OkStatus();
      });
  EXPECT_TRUE(encrypted.ok()) << encrypted.status();
  return out;
}

TEST(LayerStreamTest, EncryptsToTheIndependentVectors) {
  for (const LayerVector& vector : LoadLayerVectors()) {
    const StoredBlob stored = Store("encrypt", vector.plaintext);
    absl::StatusOr<BlobStore> store = BlobStore::Open(stored.dir);
    ASSERT_TRUE(store.ok()) << store.status();
    absl::StatusOr<BlobStore::Reader> reader = store->OpenBlob(stored.descriptor);
    ASSERT_TRUE(reader.ok()) << reader.status();
    std::string written;
    absl::StatusOr<EncryptedLayer> encrypted =
        EncryptLayer(*reader, SecretOf(vector), [&](absl::string_view bytes) {
          written.append(bytes.data(), bytes.size());
          return absl::OkStatus();
        });
    ASSERT_TRUE(encrypted.ok()) << vector.name << ": " << encrypted.status();
    EXPECT_EQ(encrypted->hmac, vector.hmac) << vector.name;
    EXPECT_EQ(encrypted->ciphertext.digest.ToString(), vector.ciphertext_digest) << vector.name;
    EXPECT_EQ(encrypted->ciphertext.size, static_cast<int64_t>(vector.plaintext.size()));
    EXPECT_EQ(Sha256Digest(written), vector.ciphertext_digest) << vector.name;
    if (!vector.ciphertext.empty()) EXPECT_EQ(written, vector.ciphertext) << vector.name;
  }
}

absl::StatusOr<BlobSummary> Decrypt(const std::string& ciphertext, const LayerSecret& secret,
                                    absl::string_view hmac, std::string& written) {
  const StoredBlob stored = Store("decrypt", ciphertext);
  absl::StatusOr<BlobStore> store = BlobStore::Open(stored.dir);
  if (!store.ok()) return store.status();
  absl::StatusOr<BlobStore::Reader> reader = store->OpenBlob(stored.descriptor);
  if (!reader.ok()) return reader.status();
  return DecryptLayer(*reader, secret, hmac, [&](absl::string_view bytes) {
    written.append(bytes.data(), bytes.size());
    return absl::OkStatus();
  });
}

TEST(LayerStreamTest, DecryptsTheIndependentVectors) {
  for (const LayerVector& vector : LoadLayerVectors()) {
    std::string written;
    absl::StatusOr<BlobSummary> plaintext =
        Decrypt(Ciphertext(vector), SecretOf(vector), vector.hmac, written);
    ASSERT_TRUE(plaintext.ok()) << vector.name << ": " << plaintext.status();
    EXPECT_EQ(plaintext->digest.ToString(), vector.plaintext_digest);
    EXPECT_EQ(written, vector.plaintext) << vector.name;
  }
}

TEST(LayerStreamTest, AFlippedByteAnywhereFailsTheHmac) {
  const LayerVector vector = LoadLayerVectors().back();
  std::string ciphertext = Ciphertext(vector);
  for (std::size_t at : {std::size_t{0}, ciphertext.size() / 2, ciphertext.size() - 1}) {
    std::string altered = ciphertext;
    altered[at] ^= 0x01;
    std::string written;
    absl::StatusOr<BlobSummary> plaintext =
        Decrypt(altered, SecretOf(vector), vector.hmac, written);
    ASSERT_FALSE(plaintext.ok()) << at;
    EXPECT_EQ(plaintext.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_EQ(plaintext.status().message().substr(0, 22), "HMAC does not match (t");
  }
}

// ocicrypt does not check the recorded digest, and containers/image records one from before it
// compresses: comparing is the caller's decision.
TEST(LayerStreamTest, ARecordedDigestThatDiffersStillDecrypts) {
  const LayerVector vector = LoadLayerVectors().front();
  LayerSecret secret = SecretOf(vector);
  secret.digest = Sha256Digest("another layer");
  std::string written;
  absl::StatusOr<BlobSummary> plaintext = Decrypt(vector.ciphertext, secret, vector.hmac, written);
  ASSERT_TRUE(plaintext.ok()) << plaintext.status();
  EXPECT_EQ(plaintext->digest.ToString(), vector.plaintext_digest);
  EXPECT_EQ(written, vector.plaintext);
}

TEST(LayerStreamTest, AWriteFailureStopsTheStream) {
  const LayerVector vector = LoadLayerVectors().back();
  const StoredBlob stored = Store("full", vector.plaintext);
  absl::StatusOr<BlobStore> store = BlobStore::Open(stored.dir);
  absl::StatusOr<BlobStore::Reader> reader = store->OpenBlob(stored.descriptor);
  ASSERT_TRUE(reader.ok());
  absl::StatusOr<EncryptedLayer> encrypted = EncryptLayer(
      *reader, SecretOf(vector),
      [](absl::string_view) { return absl::ResourceExhaustedError("No space left on device"); });
  EXPECT_EQ(encrypted.status(), absl::ResourceExhaustedError("No space left on device"));
}

TEST(LayerStreamTest, CopiesABlobAndChecksIt) {
  const StoredBlob stored = Store("copy", "layer bytes");
  absl::StatusOr<BlobStore> store = BlobStore::Open(stored.dir);
  absl::StatusOr<BlobStore::Reader> reader = store->OpenBlob(stored.descriptor);
  ASSERT_TRUE(reader.ok());
  std::string written;
  EXPECT_TRUE(CopyBlob(*reader, [&](absl::string_view bytes) {
                written.append(bytes.data(), bytes.size());
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(written, "layer bytes");
}

}  // namespace
}  // namespace coco
