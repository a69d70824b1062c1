#include "src/oci/layout.h"

#include <sys/stat.h>

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "src/oci/digest.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

constexpr char kManifestType[] = "application/vnd.oci.image.manifest.v1+json";
constexpr char kIndexType[] = "application/vnd.oci.image.index.v1+json";

// An OCI image layout under construction in the test's temporary folder.
class Layout {
 public:
  explicit Layout(absl::string_view name) : dir_(test_support::TempPath(name)) {
    mkdir(dir_.c_str(), 0700);
    mkdir((dir_ + "/blobs").c_str(), 0700);
    mkdir((dir_ + "/blobs/sha256").c_str(), 0700);
    Write("oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  }

  const std::string& dir() const { return dir_; }

  void Write(absl::string_view name, absl::string_view contents) const {
    std::ofstream(absl::StrCat(dir_, "/", name), std::ios::binary | std::ios::trunc) << contents;
  }

  // Stores `contents` as a blob and returns its descriptor JSON.
  std::string Blob(absl::string_view media_type, absl::string_view contents,
                   absl::string_view extra = "") const {
    const std::string digest = Sha256Digest(contents);
    Write(absl::StrCat("blobs/sha256/", digest.substr(7)), contents);
    return absl::StrCat(R"({"mediaType":")", media_type, R"(","digest":")", digest, R"(","size":)",
                        contents.size(), extra, "}");
  }

  void Index(const std::vector<std::string>& descriptors) const {
    Write("index.json", IndexJson(descriptors));
  }

  static std::string IndexJson(const std::vector<std::string>& descriptors) {
    return absl::StrCat(R"({"schemaVersion":2,"manifests":[)", absl::StrJoin(descriptors, ","),
                        "]}");
  }

 private:
  std::string dir_;
};

std::string ManifestJson(int layers) {
  std::vector<std::string> descriptors;
  for (int i = 0; i < layers; ++i) {
    descriptors.push_back(absl::StrCat(
        R"({"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:)",
        std::string(64, '0' + i), R"(","size":)", 100 + i, "}"));
  }
  return absl::StrCat(R"({"schemaVersion":2,"mediaType":")", kManifestType, R"(","layers":[)",
                      absl::StrJoin(descriptors, ","), "]}");
}

std::string Tagged(absl::string_view tag) {
  return absl::StrCat(R"(,"annotations":{"org.opencontainers.image.ref.name":")", tag, R"("})");
}

TEST(ParseLayoutReferenceTest, AsSkopeoReadsIt) {
  struct Case {
    absl::string_view reference;
    absl::string_view dir;
    std::optional<std::string> tag;
  };
  for (const Case& c : {
           Case{"busybox", "busybox", std::nullopt},
           Case{"busybox:latest", "busybox", "latest"},
           Case{"oci:/images/busybox:v1", "/images/busybox", "v1"},
           Case{"dir:docker.io/library/busybox:latest", "dir", "docker.io/library/busybox:latest"},
       }) {
    absl::StatusOr<LayoutReference> parsed = ParseLayoutReference(c.reference);
    ASSERT_TRUE(parsed.ok()) << c.reference;
    EXPECT_EQ(parsed->dir, c.dir);
    EXPECT_EQ(parsed->tag, c.tag);
  }
  EXPECT_EQ(ParseLayoutReference(":latest").status().message(),
            "DIR is empty (expected DIR[:TAG])");
  EXPECT_EQ(ParseLayoutReference("busybox:").status().message(),
            "TAG is empty after ':' (expected DIR[:TAG])");
}

TEST(ReadLayoutManifestsTest, TheOnlyImageOrTheTaggedOne) {
  Layout layout("layout-tags");
  const std::string one = ManifestJson(1);
  const std::string two = ManifestJson(2);
  layout.Index({layout.Blob(kManifestType, one, Tagged("v1"))});
  auto only = ReadLayoutManifests({layout.dir(), std::nullopt});
  ASSERT_TRUE(only.ok()) << only.status();
  ASSERT_EQ(only->size(), 1u);
  EXPECT_EQ((*only)[0].digest, Sha256Digest(one));
  EXPECT_EQ((*only)[0].manifest.layers.size(), 1u);

  layout.Index({layout.Blob(kManifestType, one, Tagged("v1")),
                layout.Blob(kManifestType, two, Tagged("v2"))});
  auto tagged = ReadLayoutManifests({layout.dir(), "v2"});
  ASSERT_TRUE(tagged.ok()) << tagged.status();
  EXPECT_EQ((*tagged)[0].manifest.layers.size(), 2u);
  EXPECT_EQ(
      ReadLayoutManifests({layout.dir(), std::nullopt}).status().message(),
      layout.dir() + ": index.json lists 2 images; name one as DIR:TAG (tags: \"v1\", \"v2\")");
  EXPECT_EQ(ReadLayoutManifests({layout.dir(), "v3"}).status().message(),
            layout.dir() + ": no image tagged \"v3\" (tags: \"v1\", \"v2\")");
}

TEST(ReadLayoutManifestsTest, FollowsANestedIndexKeepingPlatforms) {
  Layout layout("layout-nested");
  const std::string nested = Layout::IndexJson(
      {layout.Blob(kManifestType, ManifestJson(1),
                   R"(,"platform":{"os":"linux","architecture":"amd64"})"),
       layout.Blob(kManifestType, ManifestJson(3),
                   R"(,"platform":{"os":"linux","architecture":"arm64","variant":"v8"})")});
  layout.Index({layout.Blob(kIndexType, nested, Tagged("latest"))});
  auto manifests = ReadLayoutManifests({layout.dir(), "latest"});
  ASSERT_TRUE(manifests.ok()) << manifests.status();
  ASSERT_EQ(manifests->size(), 2u);
  EXPECT_EQ((*manifests)[0].platform, "linux/amd64");
  EXPECT_EQ((*manifests)[1].platform, "linux/arm64/v8");
  EXPECT_EQ((*manifests)[1].manifest.layers.size(), 3u);
}

TEST(ReadLayoutManifestsTest, IndexesNestedTooDeep) {
  Layout layout("layout-deep");
  std::string descriptor = layout.Blob(kManifestType, ManifestJson(1));
  for (int i = 0; i < 4; ++i) descriptor = layout.Blob(kIndexType, Layout::IndexJson({descriptor}));
  layout.Index({descriptor});
  EXPECT_EQ(ReadLayoutManifests({layout.dir(), std::nullopt}).status().message(),
            "image indexes nested more than 3 deep");
}

TEST(ReadLayoutManifestsTest, ADocumentListedManyTimesIsReadOnce) {
  Layout layout("layout-repeated");
  const std::string manifest = layout.Blob(kManifestType, ManifestJson(2));
  const std::string nested = layout.Blob(kIndexType, Layout::IndexJson({manifest, manifest}));
  layout.Index(
      {layout.Blob(kIndexType, Layout::IndexJson(std::vector<std::string>(5000, nested)))});
  auto manifests = ReadLayoutManifests({layout.dir(), std::nullopt});
  ASSERT_TRUE(manifests.ok()) << manifests.status();
  EXPECT_EQ(manifests->size(), 1u);
}

TEST(ReadLayoutManifestsTest, DistinctIndexesThatMultiplyStopAtTheDescriptorBound) {
  Layout layout("layout-multiply");
  std::vector<std::string> nested;
  for (int i = 0; i < 101; ++i) {
    std::vector<std::string> manifests;
    for (int j = 0; j < 100; ++j) {
      manifests.push_back(
          layout.Blob(kManifestType,
                      absl::StrCat(R"({"schemaVersion":2,"layers":[],"n":")", i, "-", j, R"("})")));
    }
    nested.push_back(layout.Blob(kIndexType, Layout::IndexJson(manifests)));
  }
  layout.Index({layout.Blob(kIndexType, Layout::IndexJson(nested))});
  EXPECT_EQ(ReadLayoutManifests({layout.dir(), std::nullopt}).status().message(),
            "image indexes lead to more than 10000 descriptors");
}

TEST(ReadLayoutManifestsTest, LargeDocumentsStopAtTheByteBound) {
  Layout layout("layout-bytes");
  std::vector<std::string> manifests;
  // Seventeen distinct documents of 4 MiB each: more than 64 MiB read in all.
  for (int i = 0; i < 17; ++i) {
    std::string json = absl::StrCat(R"({"schemaVersion":2,"layers":[],"n":)", i, "}");
    json.resize(kMaxDocumentSize, ' ');
    manifests.push_back(layout.Blob(kManifestType, json));
  }
  layout.Index({layout.Blob(kIndexType, Layout::IndexJson(manifests))});
  EXPECT_EQ(ReadLayoutManifests({layout.dir(), std::nullopt}).status().message(),
            absl::StrCat("image indexes lead to more than ", kMaxDocumentBytesRead,
                         " bytes of documents"));
}

TEST(ReadLayoutManifestsTest, ManyTagsGiveAShortLine) {
  Layout layout("layout-many-tags");
  const std::string manifest = ManifestJson(1);
  std::vector<std::string> entries;
  for (int i = 0; i < 5000; ++i) {
    entries.push_back(layout.Blob(kManifestType, manifest, Tagged(absl::StrCat("t", i))));
  }
  layout.Index(entries);
  const std::string message =
      std::string(ReadLayoutManifests({layout.dir(), std::nullopt}).status().message());
  EXPECT_LT(message.size(), 400u);
  EXPECT_NE(message.find("\"t9\", and 4990 more)"), std::string::npos) << message;
}

TEST(ReadLayoutManifestsTest, RefusesBlobsThatDoNotMatchTheirDescriptor) {
  Layout layout("layout-altered");
  const std::string manifest = ManifestJson(1);
  const std::string digest = Sha256Digest(manifest);
  layout.Index({layout.Blob(kManifestType, manifest)});
  std::string altered = manifest;
  altered[altered.size() - 3] = '9';  // Same size, other content: a size check alone misses it.
  layout.Write("blobs/sha256/" + digest.substr(7), altered);
  auto read = ReadLayoutManifests({layout.dir(), std::nullopt});
  EXPECT_TRUE(absl::IsDataLoss(read.status()));
  EXPECT_EQ(read.status().message(),
            absl::StrCat("blob ", digest, " does not match its digest (altered?)"));

  layout.Write("blobs/sha256/" + digest.substr(7), manifest + " ");
  EXPECT_EQ(ReadLayoutManifests({layout.dir(), std::nullopt}).status().message(),
            absl::StrCat("blob ", digest, " is ", manifest.size() + 1,
                         " bytes, its descriptor says ", manifest.size()));
}

TEST(ReadLayoutManifestsTest, LayoutErrors) {
  Layout layout("layout-errors");
  const std::string missing_digest = "sha256:" + std::string(64, 'a');
  struct Case {
    std::string index;
    std::string error;
  };
  for (const Case& c : {
           Case{"{", "index.json: not valid JSON"},
           Case{Layout::IndexJson({}), ": index.json lists no image"},
           Case{Layout::IndexJson(
                    {absl::StrCat(R"({"mediaType":")", kManifestType, R"(","digest":")",
                                  missing_digest, R"(","size":1})")}),
                "/blobs/sha256/" + std::string(64, 'a') + ": No such file or directory"},
           Case{Layout::IndexJson(
                    {absl::StrCat(R"({"mediaType":")", kManifestType,
                                  R"(","digest":"sha256:../../oci-layout","size":1})")}),
                "digest \"sha256:../../oci-layout\" is not sha256: and 64 lowercase hex digits"},
           Case{Layout::IndexJson({layout.Blob("application/vnd.oci.image.layer.v1.tar", "x")}),
                "media type \"application/vnd.oci.image.layer.v1.tar\" is neither"},
           Case{Layout::IndexJson({layout.Blob(kManifestType, "{}")}),
                ": \"schemaVersion\" is not 2"},
       }) {
    layout.Write("index.json", c.index);
    auto read = ReadLayoutManifests({layout.dir(), std::nullopt});
    ASSERT_FALSE(read.ok()) << c.index;
    EXPECT_NE(read.status().message().find(c.error), absl::string_view::npos)
        << read.status().message();
  }
  EXPECT_EQ(
      ReadLayoutManifests({test_support::TempPath("no-such-layout"), std::nullopt})
          .status()
          .message(),
      test_support::TempPath("no-such-layout") + ": not an OCI image layout (no oci-layout file)");
}

TEST(ReadManifestFileTest, ComputesTheDigest) {
  const std::string json = ManifestJson(2);
  auto manifest = ReadManifestFile(test_support::WriteTempFile("manifest.json", json));
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(manifest->digest, Sha256Digest(json));
  EXPECT_EQ(manifest->manifest.layers.size(), 2u);
  const std::string index = test_support::WriteTempFile("index.json", Layout::IndexJson({}));
  EXPECT_EQ(ReadManifestFile(index).status().message(),
            index + ": an image index, not an image manifest");
}

}  // namespace
}  // namespace coco
