#include "src/oci/blob_store.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/oci/digest.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::FreshFolder;

// A layout folder with blobs/sha256 and blobs/sha512.
class LayoutFolder {
 public:
  explicit LayoutFolder(absl::string_view name) : dir_(FreshFolder(name)) {
    mkdir((dir_ + "/blobs").c_str(), 0700);
    mkdir((dir_ + "/blobs/sha256").c_str(), 0700);
    mkdir((dir_ + "/blobs/sha512").c_str(), 0700);
  }
  const std::string& dir() const { return dir_; }
  void Write(absl::string_view name, absl::string_view contents) const {
    std::ofstream(absl::StrCat(dir_, "/", name), std::ios::binary | std::ios::trunc) << contents;
  }
  // Stores `contents` as a sha256 blob; returns its descriptor.
  Descriptor Blob(absl::string_view contents) const {
    const std::string digest = Sha256Digest(contents);
    Write(absl::StrCat("blobs/sha256/", digest.substr(7)), contents);
    return Descriptor{"application/octet-stream", digest, static_cast<int64_t>(contents.size())};
  }
  std::string BlobPath(const Descriptor& descriptor) const {
    return absl::StrCat(dir_, "/blobs/sha256/", descriptor.digest.substr(7));
  }

 private:
  std::string dir_;
};

BlobStore OpenStore(const LayoutFolder& folder) {
  absl::StatusOr<BlobStore> store = BlobStore::Open(folder.dir());
  EXPECT_TRUE(store.ok()) << store.status();
  return *std::move(store);
}

// Reads a whole blob through the chunked reader.
absl::StatusOr<std::string> Stream(const BlobStore& store, const Descriptor& descriptor,
                                   BlobCheck check = BlobCheck::kDigest) {
  absl::StatusOr<BlobStore::Reader> reader = store.OpenBlob(descriptor, check);
  if (!reader.ok()) return reader.status();
  std::string all;
  while (true) {
    absl::StatusOr<absl::string_view> chunk = reader->Next();
    if (!chunk.ok()) return chunk.status();
    if (chunk->empty()) return all;
    all.append(chunk->data(), chunk->size());
  }
}

TEST(BlobStoreTest, ReadsDocumentsAndStreamsBlobsCheckedAgainstTheirDescriptors) {
  LayoutFolder folder("blobs-good");
  const BlobStore store = OpenStore(folder);
  const Descriptor small = folder.Blob("{\"schemaVersion\":2}");
  EXPECT_EQ(*store.ReadDocument(small), "{\"schemaVersion\":2}");
  // Larger than one chunk, and not a multiple of it.
  std::string large(1 << 20, 'x');
  large += "tail";
  const Descriptor big = folder.Blob(large);
  absl::StatusOr<std::string> streamed = Stream(store, big);
  ASSERT_TRUE(streamed.ok()) << streamed.status();
  EXPECT_EQ(*streamed, large);
  EXPECT_EQ(*Stream(store, folder.Blob("")), "");
}

TEST(BlobStoreTest, Sha512Blobs) {
  LayoutFolder folder("blobs-sha512");
  DigestHasher hasher(Digest::Algorithm::kSha512);
  hasher.Update("sha512 blob");
  const Digest digest = hasher.Finish();
  folder.Write(absl::StrCat("blobs/sha512/", digest.hex()), "sha512 blob");
  const BlobStore store = OpenStore(folder);
  EXPECT_EQ(*store.ReadDocument({"m", digest.ToString(), 11}), "sha512 blob");
}

TEST(BlobStoreTest, RefusesBlobsThatAreNotWhatTheirDescriptorSays) {
  LayoutFolder folder("blobs-altered");
  const BlobStore store = OpenStore(folder);
  Descriptor descriptor = folder.Blob("original contents");
  folder.Write(absl::StrCat("blobs/sha256/", descriptor.digest.substr(7)), "altered contents!");
  for (const absl::Status& status :
       {store.ReadDocument(descriptor).status(), Stream(store, descriptor).status()}) {
    EXPECT_TRUE(absl::IsDataLoss(status)) << status;
    EXPECT_EQ(status.message(),
              absl::StrCat("blob ", descriptor.digest, " does not match its digest (altered?)"));
  }
  descriptor.size += 1;
  EXPECT_EQ(store.ReadDocument(descriptor).status().message(),
            absl::StrCat("blob ", descriptor.digest, " is 17 bytes, its descriptor says 18"));
  EXPECT_TRUE(absl::IsDataLoss(store.OpenBlob(descriptor).status()));
}

// For a caller that authenticates the bytes itself: the size is still the descriptor's.
TEST(BlobStoreTest, ASizeOnlyReadChecksTheSizeAlone) {
  LayoutFolder folder("blobs-size-only");
  const BlobStore store = OpenStore(folder);
  Descriptor descriptor = folder.Blob("original contents");
  folder.Write(absl::StrCat("blobs/sha256/", descriptor.digest.substr(7)), "altered contents!");
  EXPECT_EQ(*Stream(store, descriptor, BlobCheck::kSizeOnly), "altered contents!");
  folder.Write(absl::StrCat("blobs/sha256/", descriptor.digest.substr(7)), "shorter");
  EXPECT_TRUE(absl::IsDataLoss(Stream(store, descriptor, BlobCheck::kSizeOnly).status()));
}

TEST(BlobStoreTest, ABlobThatGrowsWhileItIsReadIsRefused) {
  LayoutFolder folder("blobs-growing");
  const BlobStore store = OpenStore(folder);
  const Descriptor descriptor = folder.Blob("grows");
  absl::StatusOr<BlobStore::Reader> reader = store.OpenBlob(descriptor);
  ASSERT_TRUE(reader.ok());
  std::ofstream(folder.BlobPath(descriptor), std::ios::app) << " more";
  ASSERT_EQ(*reader->Next(), "grows");
  EXPECT_TRUE(absl::IsDataLoss(reader->Next().status()));
}

TEST(BlobStoreTest, RefusesWhatIsNotARegularFileInsideTheLayout) {
  LayoutFolder folder("blobs-hostile");
  const BlobStore store = OpenStore(folder);
  const Descriptor fifo = {"m", Sha256Digest("fifo"), 4};
  ASSERT_EQ(mkfifo(folder.BlobPath(fifo).c_str(), 0600), 0);
  const Descriptor link_out = {"m", Sha256Digest("link out"), 8};
  ASSERT_EQ(symlink("/etc/hostname", folder.BlobPath(link_out).c_str()), 0);
  const Descriptor dots_out = {"m", Sha256Digest("dots out"), 8};
  ASSERT_EQ(symlink("../../../outside", folder.BlobPath(dots_out).c_str()), 0);
  const Descriptor folder_blob = {"m", Sha256Digest("a folder"), 8};
  ASSERT_EQ(mkdir(folder.BlobPath(folder_blob).c_str(), 0700), 0);
  const Descriptor missing = {"m", Sha256Digest("missing"), 7};
  struct Case {
    Descriptor descriptor;
    std::string error;
  };
  const std::string sha256_folder = folder.dir() + "/blobs/sha256";
  for (const Case& c : {
           Case{fifo, ": not a regular file"},
           Case{link_out, ": leads out of " + sha256_folder},
           Case{dots_out, ": leads out of " + sha256_folder},
           Case{folder_blob, ": not a regular file"},
           Case{missing, ": No such file or directory"},
           Case{{"m", "sha256:../../../../etc/hostname", 1}, "is not sha256: and 64 lowercase hex"},
           Case{{"m", "sha256:" + std::string(64, 'A'), 1}, "is not sha256: and 64 lowercase hex"},
       }) {
    for (const absl::Status& status :
         {store.ReadDocument(c.descriptor).status(), store.OpenBlob(c.descriptor).status()}) {
      EXPECT_NE(status.message().find(c.error), absl::string_view::npos)
          << c.descriptor.digest << ": " << status;
    }
  }
}

TEST(BlobStoreTest, LinksMayOnlyStayInsideTheirBlobFolder) {
  LayoutFolder folder("blobs-links");
  folder.Write("blobs/sha256/elsewhere", "target");
  folder.Write("elsewhere", "target");
  const Descriptor link_in = {"m", Sha256Digest("target"), 6};
  ASSERT_EQ(symlink("elsewhere", folder.BlobPath(link_in).c_str()), 0);
  EXPECT_EQ(*OpenStore(folder).ReadDocument(link_in), "target");
  // Out of blobs/sha256, even to a file of the layout.
  ASSERT_EQ(unlink(folder.BlobPath(link_in).c_str()), 0);
  ASSERT_EQ(symlink("../../elsewhere", folder.BlobPath(link_in).c_str()), 0);
  EXPECT_NE(OpenStore(folder).ReadDocument(link_in).status().message().find(": leads out of "),
            absl::string_view::npos);
}

TEST(BlobStoreTest, WithoutOpenat2NoLinkIsFollowed) {
  LayoutFolder folder("blobs-no-links");
  folder.Write("blobs/sha256/elsewhere", "target");
  const Descriptor link_in = {"m", Sha256Digest("target"), 6};
  ASSERT_EQ(symlink("elsewhere", folder.BlobPath(link_in).c_str()), 0);
  absl::StatusOr<BlobStore> store = BlobStore::Open(folder.dir(), BlobLinks::kNone);
  ASSERT_TRUE(store.ok());
  EXPECT_NE(store->ReadDocument(link_in).status().message().find(
                ": a link, which cannot be checked to stay in " + folder.dir() + "/blobs/sha256"),
            absl::string_view::npos)
      << store->ReadDocument(link_in).status();
  const Descriptor plain = folder.Blob("plain");
  EXPECT_EQ(*store->ReadDocument(plain), "plain");
}

TEST(BlobStoreTest, TheBlobFoldersMustBeFoldersNotLinks) {
  LayoutFolder folder("blobs-folder-link");
  const std::string elsewhere = FreshFolder("blobs-elsewhere");
  mkdir((elsewhere + "/sha256").c_str(), 0700);
  const std::string contents = "outside";
  const std::string digest = Sha256Digest(contents);
  std::ofstream(elsewhere + "/sha256/" + digest.substr(7)) << contents;
  ASSERT_EQ(rename((folder.dir() + "/blobs").c_str(), (folder.dir() + "/old-blobs").c_str()), 0);
  ASSERT_EQ(symlink(elsewhere.c_str(), (folder.dir() + "/blobs").c_str()), 0);
  const Descriptor descriptor = {"m", digest, static_cast<int64_t>(contents.size())};
  EXPECT_EQ(OpenStore(folder).ReadDocument(descriptor).status().message(),
            folder.dir() + "/blobs: not a folder (a link?)");
}

TEST(BlobStoreTest, AfterAnErrorTheReaderKeepsSayingSo) {
  LayoutFolder folder("blobs-sticky");
  const BlobStore store = OpenStore(folder);
  const Descriptor descriptor = folder.Blob("original");
  folder.Write(absl::StrCat("blobs/sha256/", descriptor.digest.substr(7)), "altered!");
  absl::StatusOr<BlobStore::Reader> reader = store.OpenBlob(descriptor);
  ASSERT_TRUE(reader.ok());
  ASSERT_EQ(*reader->Next(), "altered!");
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(absl::IsDataLoss(reader->Next().status())) << i;
}

TEST(BlobStoreTest, DevicesAreRefused) {
  LayoutFolder folder("blobs-device");
  const Descriptor device = {"m", Sha256Digest("device"), 0};
  if (mknod(folder.BlobPath(device).c_str(), S_IFCHR | 0600, makedev(1, 5)) != 0) {
    GTEST_SKIP() << "cannot make a device node here";
  }
  const BlobStore store = OpenStore(folder);
  EXPECT_NE(store.OpenBlob(device).status().message().find(": not a regular file"),
            absl::string_view::npos);
}

TEST(BlobStoreTest, LayoutFilesAreBoundedAndMustBeRegular) {
  LayoutFolder folder("blobs-layout-files");
  folder.Write("index.json", "{}");
  const BlobStore store = OpenStore(folder);
  EXPECT_EQ(*store.ReadLayoutFile("index.json", 10), "{}");
  EXPECT_TRUE(absl::IsNotFound(store.ReadLayoutFile("oci-layout", 10).status()));
  folder.Write("big", std::string(11, 'b'));
  EXPECT_EQ(store.ReadLayoutFile("big", 10).status().message(),
            folder.dir() + "/big: larger than 10 bytes");
  ASSERT_EQ(mkfifo((folder.dir() + "/fifo").c_str(), 0600), 0);
  EXPECT_EQ(store.ReadLayoutFile("fifo", 10).status().message(),
            folder.dir() + "/fifo: not a regular file");
  EXPECT_FALSE(BlobStore::Open(folder.dir() + "/index.json").ok());
}

}  // namespace
}  // namespace coco
