#include "src/inspect/oci_documents.h"

#include <string>

#include "gtest/gtest.h"

namespace coco {
namespace {

constexpr char kDigest[] =
    "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string Layer(const std::string& extra = "") {
  return std::string(R"({"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":")") +
         kDigest + R"(","size":32)" + extra + "}";
}

TEST(ParseImageManifestTest, ReadsLayersAndAnnotations) {
  auto manifest = ParseImageManifest(
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
      R"("config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"x","size":1},)"
      R"("layers":[)" +
      Layer() + "," + Layer(R"(,"annotations":{"a":"1","b":"2"})") + "]}");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(manifest->media_type, "application/vnd.oci.image.manifest.v1+json");
  ASSERT_EQ(manifest->layers.size(), 2u);
  EXPECT_EQ(manifest->layers[0].media_type, "application/vnd.oci.image.layer.v1.tar+gzip");
  EXPECT_EQ(manifest->layers[0].digest, kDigest);
  EXPECT_EQ(manifest->layers[0].size, 32);
  EXPECT_TRUE(manifest->layers[0].annotations.empty());
  EXPECT_EQ(manifest->layers[1].annotations,
            (std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}}));
}

TEST(ParseImageManifestTest, MediaTypeIsOptionalAndDockerIsAccepted) {
  EXPECT_TRUE(ParseImageManifest(R"({"schemaVersion":2,"layers":[]})").ok());
  auto docker = ParseImageManifest(
      R"({"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",)"
      R"("layers":[]})");
  ASSERT_TRUE(docker.ok()) << docker.status();
  EXPECT_EQ(docker->media_type, "application/vnd.docker.distribution.manifest.v2+json");
}

TEST(ParseImageManifestTest, RefusesWhatItCannotTrust) {
  struct Case {
    std::string json;
    std::string error;
  };
  for (const Case& c : {
           Case{"", "not valid JSON"},
           Case{std::string("{\"schemaVersion\":2,\"layers\":[]}\0x", 33), "a NUL byte"},
           Case{"{\"schemaVersion\":2,\"layers\":[],\"x\":\"\xff\"}", "not valid JSON"},
           Case{"[]", "not a JSON object"},
           Case{R"({"layers":[]})", "\"schemaVersion\" is not 2"},
           Case{R"({"schemaVersion":1,"layers":[]})", "\"schemaVersion\" is not 2"},
           Case{R"({"schemaVersion":2})", "no \"layers\" list"},
           Case{R"({"schemaVersion":2,"layers":[],"layers":[]})", "\"layers\" is given twice"},
           Case{R"({"schemaVersion":2,"manifests":[]})", "an image index, not an image manifest"},
           Case{R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",)"
                R"("layers":[]})",
                "an image index, not an image manifest"},
           Case{R"({"schemaVersion":2,"mediaType":"text/plain","layers":[]})",
                "media type \"text/plain\" is neither"},
           Case{R"({"schemaVersion":2,"layers":[)" + Layer() + R"(,7]})",
                "layers[1]: not an object"},
           Case{R"({"schemaVersion":2,"layers":[{"digest":"d","size":1}]})",
                "layers[0]: no \"mediaType\""},
           Case{R"({"schemaVersion":2,"layers":[{"mediaType":"m","size":1}]})",
                "layers[0]: no \"digest\""},
           Case{R"({"schemaVersion":2,"layers":[{"mediaType":"m","digest":"d"}]})",
                "layers[0]: no \"size\" that is a whole number"},
           Case{R"({"schemaVersion":2,"layers":[{"mediaType":"m","digest":"d","size":-1}]})",
                "no \"size\" that is a whole number"},
           Case{R"({"schemaVersion":2,"layers":[{"mediaType":"m","digest":"d","digest":"e",)"
                R"("size":1}]})",
                "layers[0]: \"digest\" is given twice"},
           Case{R"({"schemaVersion":2,"layers":[)" + Layer(R"(,"annotations":{"a":1})") + "]}",
                "layers[0]: annotation \"a\" is not a string"},
           Case{R"({"schemaVersion":2,"layers":[)" + Layer(R"(,"annotations":{"a":"1","a":"2"})") +
                    "]}",
                "layers[0]: annotation \"a\" is given twice"},
       }) {
    auto manifest = ParseImageManifest(c.json);
    ASSERT_FALSE(manifest.ok()) << c.json;
    EXPECT_NE(manifest.status().message().find(c.error), absl::string_view::npos)
        << manifest.status().message();
  }
}

TEST(ParseImageIndexTest, ReadsManifestsWithPlatforms) {
  auto index = ParseImageIndex(
      R"({"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
      R"("digest":"d1","size":10,"annotations":{"org.opencontainers.image.ref.name":"latest"},)"
      R"("platform":{"architecture":"arm64","os":"linux","variant":"v8"}},)"
      R"({"mediaType":"application/vnd.oci.image.index.v1+json","digest":"d2","size":5}]})");
  ASSERT_TRUE(index.ok()) << index.status();
  ASSERT_EQ(index->manifests.size(), 2u);
  EXPECT_EQ(index->manifests[0].platform, "linux/arm64/v8");
  EXPECT_EQ(index->manifests[0].annotations.at("org.opencontainers.image.ref.name"), "latest");
  EXPECT_EQ(index->manifests[1].platform, "");
  EXPECT_EQ(ParseImageIndex(R"({"schemaVersion":2,"layers":[]})").status().message(),
            "no \"manifests\" list");
  EXPECT_EQ(ParseImageIndex(R"({"schemaVersion":2,"mediaType":)"
                            R"("application/vnd.oci.image.manifest.v1+json","manifests":[]})")
                .status()
                .message(),
            "an image manifest, not an image index");
}

TEST(DocumentKindOfTest, ManifestsAndIndexes) {
  EXPECT_EQ(*DocumentKindOf("application/vnd.oci.image.manifest.v1+json"), DocumentKind::kManifest);
  EXPECT_EQ(*DocumentKindOf("application/vnd.docker.distribution.manifest.v2+json"),
            DocumentKind::kManifest);
  EXPECT_EQ(*DocumentKindOf("application/vnd.oci.image.index.v1+json"), DocumentKind::kIndex);
  EXPECT_EQ(*DocumentKindOf("application/vnd.docker.distribution.manifest.list.v2+json"),
            DocumentKind::kIndex);
  EXPECT_FALSE(DocumentKindOf("application/vnd.oci.image.layer.v1.tar").ok());
}

}  // namespace
}  // namespace coco
