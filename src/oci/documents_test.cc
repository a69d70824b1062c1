#include "src/oci/documents.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace coco {
namespace {

constexpr char kDigest[] =
    "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

constexpr char kConfigDigest[] =
    "sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";

std::string Sha256Of(char hex) { return "sha256:" + std::string(64, hex); }

std::string Layer(const std::string& extra = "") {
  return std::string(R"({"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":")") +
         kDigest + R"(","size":32)" + extra + "}";
}

TEST(ParseImageManifestTest, ReadsLayersAndAnnotations) {
  auto manifest = ParseImageManifest(
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
      R"("config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":")" +
      std::string(kConfigDigest) +
      R"(","size":1},)"
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
      R"("digest":")" +
      Sha256Of('d') +
      R"(","size":10,"annotations":{"org.opencontainers.image.ref.name":"latest"},)"
      R"("platform":{"architecture":"arm64","os":"linux","variant":"v8"}},)"
      R"({"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha512:)" +
      std::string(128, 'e') + R"(","size":5}]})");
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

TEST(ParseImageManifestTest, ADigestThatIsNotCanonicalMakesTheDocumentInvalid) {
  for (const std::string& digest : {
           std::string("sha256:../../../../etc/hostname"),
           "sha256:" + std::string(63, 'a'),
           "sha256:" + std::string(65, 'a'),
           "sha256:" + std::string(64, 'A'),
           "sha512:" + std::string(64, 'a'),
           "md5:" + std::string(32, 'a'),
           "sha256:" + std::string(60, 'a') + "/../",
           std::string("sha256:"),
       }) {
    const std::string json =
        R"({"schemaVersion":2,"layers":[{"mediaType":"m","digest":")" + digest + R"(","size":1}]})";
    absl::StatusOr<ImageManifest> manifest = ParseImageManifest(json);
    ASSERT_FALSE(manifest.ok()) << digest;
    EXPECT_NE(manifest.status().message().find("layers[0]: digest \"" + digest.substr(0, 20)),
              absl::string_view::npos)
        << manifest.status();
    EXPECT_FALSE(ParseImageIndex(R"({"schemaVersion":2,"manifests":[{"mediaType":"m","digest":")" +
                                 digest + R"(","size":1}]})")
                     .ok())
        << digest;
  }
  const std::string sha512 = "sha512:" + std::string(128, 'f');
  EXPECT_TRUE(ParseImageManifest(R"({"schemaVersion":2,"layers":[{"mediaType":"m","digest":")" +
                                 sha512 + R"(","size":1}]})")
                  .ok());
}

TEST(ParseImageManifestTest, TheConfigDescriptorIsCheckedToo) {
  absl::StatusOr<ImageManifest> manifest =
      ParseImageManifest(R"({"schemaVersion":2,"config":{"mediaType":"c","digest":"sha256:x",)"
                         R"("size":2},"layers":[]})");
  EXPECT_NE(manifest.status().message().find("config: digest \"sha256:x\""),
            absl::string_view::npos)
      << manifest.status();
  absl::StatusOr<ImageManifest> without = ParseImageManifest(R"({"schemaVersion":2,"layers":[]})");
  ASSERT_TRUE(without.ok());
  EXPECT_FALSE(without->config.has_value());
}

TEST(OciDocumentsTest, DeepNestingAndNulBytesAreErrorsNotCrashes) {
  const std::string deep_arrays(300000, '[');
  const std::string deep_objects = [] {
    std::string json;
    for (int i = 0; i < 200000; ++i) json += "{\"a\":";
    return json;
  }();
  for (const std::string& json :
       {deep_arrays, deep_objects, R"({"schemaVersion":2,"layers":[)" + deep_arrays,
        std::string("{\"imageLayoutVersion\":\"1.0.0\"}\0", 31)}) {
    EXPECT_FALSE(ParseImageManifest(json).ok());
    EXPECT_FALSE(ParseImageIndex(json).ok());
    EXPECT_FALSE(ParseImageConfig(json).ok());
    EXPECT_FALSE(ParseLayoutMarker(json).ok());
  }
  EXPECT_EQ(ParseImageIndex(std::string(kMaxDocumentSize + 1, ' ')).status().message(),
            absl::StrCat("larger than ", kMaxDocumentSize, " bytes"));
}

TEST(ParseImageConfigTest, WhatStaysInPlaintext) {
  absl::StatusOr<ImageConfig> config = ParseImageConfig(
      R"({"architecture":"amd64","config":{"Env":["PATH=/bin","SECRET=1"],"Labels":{"a":"b"}},)"
      R"("rootfs":{"type":"layers","diff_ids":[")" +
      Sha256Of('a') + R"(",")" + Sha256Of('b') + R"("]},"history":[{},{}]})");
  ASSERT_TRUE(config.ok()) << config.status();
  EXPECT_EQ(config->diff_ids, (std::vector<std::string>{Sha256Of('a'), Sha256Of('b')}));
  EXPECT_EQ(config->env, (std::vector<std::string>{"PATH=/bin", "SECRET=1"}));
  EXPECT_EQ(config->labels.at("a"), "b");
  EXPECT_EQ(config->history_entries, 2u);
  EXPECT_TRUE(ParseImageConfig(R"({"config":null,"rootfs":null})").ok());
}

TEST(ParseImageConfigTest, RefusesWhatItCannotTrust) {
  struct Case {
    std::string json;
    std::string error;
  };
  for (const Case& c : {
           Case{"[]", "not a JSON object"},
           Case{R"({"rootfs":{"diff_ids":["sha256:../x"]}})", "rootfs: diff_ids[0]: digest"},
           Case{R"({"rootfs":{"diff_ids":[7]}})", "rootfs: diff_ids[0]: not a string"},
           Case{R"({"rootfs":[]})", "\"rootfs\" is not an object"},
           Case{R"({"config":{"Env":"PATH=/bin"}})", "config: \"Env\" is not a list"},
           Case{R"({"config":{"Labels":{"a":1}}})", "config: label \"a\" is not a string"},
           Case{R"({"config":{"Labels":{"a":"1","a":"2"}}})", "label \"a\" is given twice"},
           Case{R"({"history":{}})", "\"history\" is not a list"},
           Case{R"({"config":{},"config":{}})", "\"config\" is given twice"},
       }) {
    absl::StatusOr<ImageConfig> config = ParseImageConfig(c.json);
    ASSERT_FALSE(config.ok()) << c.json;
    EXPECT_NE(config.status().message().find(c.error), absl::string_view::npos) << config.status();
  }
}

TEST(ParseLayoutMarkerTest, OnlyAVersionString) {
  EXPECT_EQ(*ParseLayoutMarker(R"({"imageLayoutVersion":"1.0.0"})"), "1.0.0");
  for (absl::string_view bad : {"", "[]", "{}", R"({"imageLayoutVersion":1})", "{\"a\":"}) {
    EXPECT_EQ(ParseLayoutMarker(bad).status().message(),
              "not {\"imageLayoutVersion\": \"<version>\"}")
        << bad;
  }
}

}  // namespace
}  // namespace coco
