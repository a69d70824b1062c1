#include "src/oci/layout_writer.h"

#include <sys/stat.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/oci/digest.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::FileMode;
using test_support::FolderEntries;
using test_support::FreshFolder;
using test_support::ReadFile;

constexpr char kManifestType[] = "application/vnd.oci.image.manifest.v1+json";

GoDescriptor ManifestEntry(absl::string_view digest, int64_t size) {
  GoDescriptor entry;
  entry.media_type = kManifestType;
  entry.digest = std::string(digest);
  entry.size = size;
  return entry;
}

TEST(LayoutWriterTest, WritesBlobsThenTheLayoutFilesAsSkopeoDoes) {
  const std::string dir = absl::StrCat(FreshFolder("new"), "/image");
  absl::StatusOr<LayoutWriter> writer = LayoutWriter::Open(dir);
  ASSERT_TRUE(writer.ok()) << writer.status();
  absl::StatusOr<Digest> digest = writer->PutBlob("{\"schemaVersion\":2}");
  ASSERT_TRUE(digest.ok()) << digest.status();
  const std::string blob = absl::StrCat(dir, "/blobs/sha256/", digest->hex());
  EXPECT_EQ(ReadFile(blob), "{\"schemaVersion\":2}");
  EXPECT_EQ(FileMode(blob), 0644u);
  ASSERT_TRUE(writer->Commit(ManifestEntry(digest->ToString(), 19), "latest").ok());
  EXPECT_EQ(ReadFile(absl::StrCat(dir, "/oci-layout")), "{\"imageLayoutVersion\":\"1.0.0\"}");
  EXPECT_EQ(ReadFile(absl::StrCat(dir, "/index.json")),
            absl::StrCat("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"", kManifestType,
                         "\",\"digest\":\"", digest->ToString(),
                         "\",\"size\":19,\"annotations\":{\"org.opencontainers.image.ref.name\":"
                         "\"latest\"}}]}"));
  EXPECT_EQ(FileMode(absl::StrCat(dir, "/index.json")), 0644u);
  EXPECT_EQ(FolderEntries(dir), (std::vector<std::string>{"blobs", "index.json", "oci-layout"}));
}

TEST(LayoutWriterTest, ATagMovesToTheNewImageAndAnUntaggedTwinIsReplaced) {
  const std::string dir = FreshFolder("existing");
  const std::string a = Sha256Digest("a");
  const std::string b = Sha256Digest("b");
  {
    absl::StatusOr<LayoutWriter> writer = LayoutWriter::Open(dir);
    ASSERT_TRUE(writer->Commit(ManifestEntry(a, 1), "v1").ok());
  }
  {
    absl::StatusOr<LayoutWriter> writer = LayoutWriter::Open(dir);
    ASSERT_TRUE(writer.ok()) << writer.status();
    ASSERT_TRUE(writer->Commit(ManifestEntry(b, 1), "v1").ok());
  }
  {
    // `a` lost its tag, so an untagged `a` replaces it rather than adding a third entry.
    absl::StatusOr<LayoutWriter> writer = LayoutWriter::Open(dir);
    GoDescriptor again = ManifestEntry(a, 1);
    again.annotations["ignored"] = "x";
    ASSERT_TRUE(writer->Commit(again, std::nullopt).ok());
  }
  EXPECT_EQ(ReadFile(absl::StrCat(dir, "/index.json")),
            absl::StrCat("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":\"", kManifestType,
                         "\",\"digest\":\"", a, "\",\"size\":1},{\"mediaType\":\"", kManifestType,
                         "\",\"digest\":\"", b,
                         "\",\"size\":1,\"annotations\":{\"org.opencontainers.image.ref.name\":"
                         "\"v1\"}}]}"));
}

TEST(LayoutWriterTest, ABlobNotCommittedLeavesNothing) {
  const std::string dir = FreshFolder("abandoned");
  absl::StatusOr<LayoutWriter> writer = LayoutWriter::Open(dir);
  ASSERT_TRUE(writer.ok());
  {
    absl::StatusOr<LayoutWriter::BlobFile> file = writer->NewBlob();
    ASSERT_TRUE(file.ok()) << file.status();
    ASSERT_TRUE(file->Write("half a layer").ok());
    EXPECT_EQ(FolderEntries(dir).size(), 2u);  // blobs/ and the temporary file.
  }
  EXPECT_EQ(FolderEntries(dir), std::vector<std::string>{"blobs"});
  EXPECT_TRUE(FolderEntries(absl::StrCat(dir, "/blobs")).empty());
}

TEST(LayoutWriterTest, ABlobBeingWrittenIsPrivateAndACommittedOneIsNot) {
  const std::string dir = FreshFolder("modes");
  absl::StatusOr<LayoutWriter> writer = LayoutWriter::Open(dir);
  absl::StatusOr<LayoutWriter::BlobFile> file = writer->NewBlob();
  ASSERT_TRUE(file.ok()) << file.status();
  ASSERT_TRUE(file->Write("plaintext not yet checked").ok());
  std::vector<std::string> entries = FolderEntries(dir);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(FileMode(absl::StrCat(dir, "/", entries[0])), 0600u);
  ASSERT_TRUE(file->Commit(*Digest::Parse(Sha256Digest("plaintext not yet checked"))).ok());
  EXPECT_EQ(FileMode(absl::StrCat(dir, "/blobs/sha256/",
                                  Sha256Digest("plaintext not yet checked").substr(7))),
            0644u);
}

TEST(LayoutWriterTest, OtherAlgorithmsGetTheirFolder) {
  const std::string dir = FreshFolder("sha512");
  absl::StatusOr<LayoutWriter> writer = LayoutWriter::Open(dir);
  const Digest digest = *Digest::Parse(absl::StrCat("sha512:", std::string(128, 'a')));
  absl::StatusOr<LayoutWriter::BlobFile> file = writer->NewBlob();
  ASSERT_TRUE(file->Write("x").ok());
  ASSERT_TRUE(file->Commit(digest).ok());
  EXPECT_EQ(ReadFile(absl::StrCat(dir, "/blobs/sha512/", digest.hex())), "x");
}

TEST(LayoutWriterTest, NothingIsWrittenThroughALink) {
  const std::string elsewhere = FreshFolder("elsewhere");
  for (const char* link : {"blobs", "blobs/sha256"}) {
    SCOPED_TRACE(link);
    const std::string dir = FreshFolder(absl::StrCat("linked-", link[5] == '/' ? "alg" : "blobs"));
    if (link[5] == '/') mkdir(absl::StrCat(dir, "/blobs").c_str(), 0755);
    ASSERT_EQ(symlink(elsewhere.c_str(), absl::StrCat(dir, "/", link).c_str()), 0);
    absl::StatusOr<LayoutWriter> writer = LayoutWriter::Open(dir);
    absl::Status put = writer.ok() ? writer->PutBlob("x").status() : writer.status();
    EXPECT_EQ(put.message(), absl::StrCat(dir, "/", link, ": a symbolic link, not a folder"));
  }
  EXPECT_TRUE(FolderEntries(elsewhere).empty());
}

TEST(LayoutWriterTest, AFailedRunRemovesOnlyTheBlobsItAdded) {
  const std::string dir = FreshFolder("failed");
  {
    absl::StatusOr<LayoutWriter> writer = LayoutWriter::Open(dir);
    ASSERT_TRUE(writer->PutBlob("there before").ok());
  }
  absl::StatusOr<LayoutWriter> writer = LayoutWriter::Open(dir);
  ASSERT_TRUE(writer->PutBlob("there before").ok());
  ASSERT_TRUE(writer->PutBlob("added").ok());
  writer->RemoveAddedBlobs();
  EXPECT_EQ(FolderEntries(absl::StrCat(dir, "/blobs/sha256")),
            std::vector<std::string>{Sha256Digest("there before").substr(7)});
}

TEST(LayoutWriterTest, AnUnreadableIndexIsAnError) {
  const std::string dir = FreshFolder("broken");
  test_support::WriteTempFile("broken/index.json", "{\"manifests\":{}}");
  absl::StatusOr<LayoutWriter> writer = LayoutWriter::Open(dir);
  ASSERT_FALSE(writer.ok());
  EXPECT_EQ(writer.status().message().substr(0, dir.size() + 12),
            absl::StrCat(dir, "/index.json:"));
}

TEST(LayoutWriterTest, TheDestinationMustBeOutsideTheSource) {
  const std::string source = FreshFolder("source");
  const std::string sibling = FreshFolder("sibling");
  EXPECT_FALSE(CheckDestinationOutside(source, source).ok());
  EXPECT_FALSE(CheckDestinationOutside(absl::StrCat(source, "/"), source).ok());
  EXPECT_FALSE(CheckDestinationOutside(absl::StrCat(source, "/a/b"), source).ok());
  EXPECT_FALSE(CheckDestinationOutside(absl::StrCat(sibling, "/../source/x"), source).ok());
  EXPECT_TRUE(CheckDestinationOutside(sibling, source).ok());
  EXPECT_TRUE(CheckDestinationOutside(absl::StrCat(source, "-2"), source).ok());
  absl::Status inside = CheckDestinationOutside(absl::StrCat(source, "/x"), source);
  EXPECT_EQ(inside.message(), absl::StrCat(source,
                                           "/x: the destination is the source layout or "
                                           "inside it; write elsewhere"));
}

}  // namespace
}  // namespace coco
