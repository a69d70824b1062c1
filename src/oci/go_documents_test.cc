#include "src/oci/go_documents.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/oci/documents.h"

namespace coco {
namespace {

// Written by skopeo 1.18: `skopeo copy --dest-compress-format zstd oci:... oci:...`, and the
// index.json of that layout.
constexpr char kSkopeoManifest[] =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
    R"("config":{"mediaType":"application/vnd.oci.image.config.v1+json",)"
    R"("digest":"sha256:e7869a38948d2ead4e2874c3951a13863151cce8f48274772d999cfb354bfbfc",)"
    R"("size":570},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd",)"
    R"("digest":"sha256:a9920bbf5c8fff366a68a647376d3e27dfeec8093afab6a9d9c38fd7ce999363",)"
    R"("size":249},{"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd",)"
    R"("digest":"sha256:197ae5f5ae4189bb49f520efb2631b31b5a40df2b1e5500da422d81e2ecc328a",)"
    R"("size":1573440},{"mediaType":"application/vnd.oci.image.layer.v1.tar+zstd",)"
    R"("digest":"sha256:db6b9a17b42daeb42ea1423472e2f137a233a2c3f75d6a9ef7d998a9d8e0f6dc",)"
    R"("size":136}]})";
constexpr char kSkopeoIndex[] =
    R"({"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
    R"("digest":"sha256:f4c2ab0a1baf1457858618a8515826c7b012afec955adf79b9a1b4a93a1592b0",)"
    R"("size":713,"annotations":{"org.opencontainers.image.ref.name":"v1"}}]})";
// An encrypted layer as skopeo writes it through ocicrypt: annotations sorted, base64 unescaped.
constexpr char kEncryptedManifest[] =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
    R"("config":{"mediaType":"application/vnd.oci.image.config.v1+json",)"
    R"("digest":"sha256:e7869a38948d2ead4e2874c3951a13863151cce8f48274772d999cfb354bfbfc",)"
    R"("size":570},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip+encrypted",)"
    R"("digest":"sha256:0c6e34fbd3610330d8bb48a9807884477148b146090d73e44729616762361d6a",)"
    R"("size":261,"annotations":{)"
    R"("org.opencontainers.image.enc.keys.provider.attestation-agent":"eyJraWQiOiJrYnM6Ly8vZGVmYXVsdC9rZXkva2V5X2lkMSJ9",)"
    R"("org.opencontainers.image.enc.pubopts":"eyJjaXBoZXIiOiJBRVNfMjU2X0NUUl9ITUFDX1NIQTI1NiIsImhtYWMiOiJhYmMvKz0ifQ=="}}]})";

constexpr char kZeroDescriptor[] = R"({"mediaType":"","digest":"","size":0})";

std::string Remarshalled(absl::string_view json) {
  absl::StatusOr<GoManifest> manifest = ParseGoManifest(json);
  if (!manifest.ok()) return "error: " + std::string(manifest.status().message());
  return MarshalGoManifest(*manifest);
}

std::string RemarshalledIndex(absl::string_view json) {
  absl::StatusOr<GoIndex> index = ParseGoIndex(json);
  if (!index.ok()) return "error: " + std::string(index.status().message());
  return MarshalGoIndex(*index);
}

TEST(GoDocumentsTest, WhatSkopeoWroteComesBackByteForByte) {
  EXPECT_EQ(Remarshalled(kSkopeoManifest), kSkopeoManifest);
  EXPECT_EQ(Remarshalled(kEncryptedManifest), kEncryptedManifest);
  EXPECT_EQ(RemarshalledIndex(kSkopeoIndex), kSkopeoIndex);
}

TEST(GoDocumentsTest, ReadsTheFields) {
  absl::StatusOr<GoManifest> manifest = ParseGoManifest(kEncryptedManifest);
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(manifest->schema_version, 2);
  EXPECT_EQ(manifest->config.size, 570);
  ASSERT_TRUE(manifest->layers.has_value());
  ASSERT_EQ(manifest->layers->size(), 1u);
  const GoDescriptor& layer = manifest->layers->front();
  EXPECT_EQ(layer.media_type, "application/vnd.oci.image.layer.v1.tar+gzip+encrypted");
  EXPECT_EQ(layer.digest,
            "sha256:0c6e34fbd3610330d8bb48a9807884477148b146090d73e44729616762361d6a");
  EXPECT_EQ(layer.size, 261);
  EXPECT_EQ(layer.annotations.size(), 2u);
  EXPECT_FALSE(layer.platform.has_value());
  EXPECT_FALSE(manifest->subject.has_value());
}

// What a user's editor or another tool may leave: indented, members in another order, members
// image-spec does not know, and empty lists and maps, all of which Go drops.
TEST(GoDocumentsTest, AnyLayoutBecomesGosCompactForm) {
  constexpr char kEdited[] = R"({
    "layers": [
      {
        "size": 32,
        "urls": [],
        "annotations": {},
        "digest": "sha256:aa",
        "mediaType": "application/vnd.oci.image.layer.v1.tar",
        "comment": {"nested": [1, 2, {"x": null}]}
      },
      {
        "annotations": {"z": "1", "a": "<&>"},
        "mediaType": "m",
        "platform": null,
        "data": "",
        "urls": ["https://example.com/a?b=1&c=2"],
        "digest": "sha256:bb",
        "size": 0,
        "artifactType": "application/x"
      }
    ],
    "x-unknown": true,
    "annotations": {},
    "mediaType": "application/vnd.oci.image.manifest.v1+json",
    "config": {"digest": "sha256:cc", "mediaType": "application/vnd.oci.image.config.v1+json",
               "size": 7, "annotations": null},
    "schemaVersion": 2,
    "subject": null
  }
)";
  EXPECT_EQ(
      Remarshalled(kEdited),
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
      R"("config":{"mediaType":"application/vnd.oci.image.config.v1+json",)"
      R"("digest":"sha256:cc","size":7},)"
      R"("layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar",)"
      R"("digest":"sha256:aa","size":32},)"
      R"({"mediaType":"m","digest":"sha256:bb","size":0,)"
      R"("urls":["https://example.com/a?b=1\u0026c=2"],)"
      R"("annotations":{"a":"\u003c\u0026\u003e","z":"1"},"artifactType":"application/x"}]})");
}

TEST(GoDocumentsTest, NilAndEmptyLayersStayApart) {
  EXPECT_EQ(Remarshalled(R"({"schemaVersion":2})"),
            absl::StrCat(R"({"schemaVersion":2,"config":)", kZeroDescriptor, R"(,"layers":null})"));
  EXPECT_EQ(Remarshalled(R"({"schemaVersion":2,"layers":null})"),
            absl::StrCat(R"({"schemaVersion":2,"config":)", kZeroDescriptor, R"(,"layers":null})"));
  EXPECT_EQ(Remarshalled(R"({"schemaVersion":2,"layers":[]})"),
            absl::StrCat(R"({"schemaVersion":2,"config":)", kZeroDescriptor, R"(,"layers":[]})"));
  EXPECT_EQ(RemarshalledIndex(R"({"schemaVersion":2})"), R"({"schemaVersion":2,"manifests":null})");
  EXPECT_EQ(RemarshalledIndex(R"({"schemaVersion":2,"manifests":[]})"),
            R"({"schemaVersion":2,"manifests":[]})");
}

TEST(GoDocumentsTest, NullLeavesTheZeroValue) {
  EXPECT_EQ(Remarshalled(R"({"schemaVersion":null,"mediaType":null,"artifactType":null,)"
                         R"("config":null,"layers":null,"subject":null,"annotations":null})"),
            absl::StrCat(R"({"schemaVersion":0,"config":)", kZeroDescriptor, R"(,"layers":null})"));
  EXPECT_EQ(
      Remarshalled(R"({"layers":[{"mediaType":null,"digest":null,"size":null,"urls":null,)"
                   R"("annotations":null,"data":null,"platform":null,"artifactType":null}]})"),
      absl::StrCat(R"({"schemaVersion":0,"config":)", kZeroDescriptor, R"(,"layers":[)",
                   kZeroDescriptor, "]}"));
}

TEST(GoDocumentsTest, AnAbsentConfigIsWrittenAsZero) {
  absl::StatusOr<GoManifest> manifest = ParseGoManifest(R"({"schemaVersion":2,"layers":[]})");
  ASSERT_TRUE(manifest.ok()) << manifest.status();
  EXPECT_EQ(manifest->config.media_type, "");
  EXPECT_EQ(MarshalGoManifest(*manifest),
            absl::StrCat(R"({"schemaVersion":2,"config":)", kZeroDescriptor, R"(,"layers":[]})"));
}

// Pointers in Go: present and not null makes one, even from {}.
TEST(GoDocumentsTest, EmptyObjectsMakeZeroSubjectsAndPlatforms) {
  EXPECT_EQ(RemarshalledIndex(R"({"schemaVersion":2,"manifests":[{"platform":{}}],"subject":{}})"),
            R"({"schemaVersion":2,"manifests":[{"mediaType":"","digest":"","size":0,)"
            R"("platform":{"architecture":"","os":""}}],)"
            R"("subject":{"mediaType":"","digest":"","size":0}})");
}

TEST(GoDocumentsTest, PlatformsWithOsFeatures) {
  constexpr char kIndex[] =
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",)"
      R"("manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
      R"("digest":"sha256:11","size":500,"platform":{"architecture":"amd64","os":"windows",)"
      R"("os.version":"10.0.17763.1879","os.features":["win32k","x"]}},)"
      R"({"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:22",)"
      R"("size":501,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}}]})";
  EXPECT_EQ(RemarshalledIndex(kIndex), kIndex);
  absl::StatusOr<GoIndex> index = ParseGoIndex(kIndex);
  ASSERT_TRUE(index.ok()) << index.status();
  const GoPlatform& windows = *(*index->manifests)[0].platform;
  EXPECT_EQ(windows.os_version, "10.0.17763.1879");
  EXPECT_EQ(windows.os_features, (std::vector<std::string>{"win32k", "x"}));
  EXPECT_EQ((*index->manifests)[1].platform->variant, "v8");
  // Go's field order, and empty optional members dropped.
  EXPECT_EQ(RemarshalledIndex(R"({"manifests":[{"platform":{"variant":"","os.features":[],)"
                              R"("os":"linux","os.version":"","architecture":"amd64"}}]})"),
            R"({"schemaVersion":0,"manifests":[{"mediaType":"","digest":"","size":0,)"
            R"("platform":{"architecture":"amd64","os":"linux"}}]})");
}

TEST(GoDocumentsTest, DataIsDecodedAndWrittenBackTheSame) {
  const std::string manifest =
      R"({"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.empty.v1+json",)"
      R"("digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",)"
      R"("size":2,"data":"e30="},"layers":[{"mediaType":"m","digest":"d","size":3,)"
      R"("data":"AP/+"}]})";
  absl::StatusOr<GoManifest> parsed = ParseGoManifest(manifest);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->config.data, "{}");
  EXPECT_EQ((*parsed->layers)[0].data, std::string("\x00\xff\xfe", 3));
  EXPECT_EQ(MarshalGoManifest(*parsed), manifest);
  // Empty bytes are omitted, as Go omits an empty []byte.
  EXPECT_EQ(Remarshalled(R"({"schemaVersion":2,"config":{"data":""},"layers":[]})"),
            absl::StrCat(R"({"schemaVersion":2,"config":)", kZeroDescriptor, R"(,"layers":[]})"));
}

TEST(GoDocumentsTest, DataThatIsNotCanonicalBase64IsRefused) {
  for (const char* data : {"e30", "e31=", "e3==", "e30=e30=", "e3 0=", "e30=\\n",
                           "e\\r\\n30=", "e-_=", "e30.", "=e30", "!!!!"}) {
    EXPECT_EQ(Remarshalled(absl::StrCat(R"({"config":{"data":")", data, R"("}})")),
              "error: config: \"data\" is not canonical padded base64 (standard alphabet)")
        << data;
  }
  EXPECT_EQ(Remarshalled(R"({"config":{"data":[1,2]}})"),
            "error: config: \"data\" is not a string");
}

TEST(GoDocumentsTest, AMemberGivenTwiceIsRefused) {
  EXPECT_EQ(Remarshalled(R"({"schemaVersion":2,"schemaVersion":2})"),
            "error: \"schemaVersion\" is given twice");
  EXPECT_EQ(Remarshalled(R"({"layers":[],"layers":null})"), "error: \"layers\" is given twice");
  EXPECT_EQ(Remarshalled(R"({"layers":[{},{"digest":"a","size":1,"digest":"a"}]})"),
            "error: layers[1]: \"digest\" is given twice");
  EXPECT_EQ(Remarshalled(R"({"annotations":{"a":"1","a":"1"}})"),
            "error: annotation \"a\" is given twice");
  EXPECT_EQ(RemarshalledIndex(R"({"manifests":[{"platform":{"os":"linux","os":"linux"}}]})"),
            "error: manifests[0]: platform: \"os\" is given twice");
  // Members image-spec does not know are dropped, so their repetition changes nothing.
  EXPECT_EQ(Remarshalled(R"({"x":1,"x":2,"layers":[]})"),
            absl::StrCat(R"({"schemaVersion":0,"config":)", kZeroDescriptor, R"(,"layers":[]})"));
}

TEST(GoDocumentsTest, AMemberGoWouldMatchOnlyByFoldingCaseIsRefused) {
  EXPECT_EQ(Remarshalled(R"({"MediaType":"m"})"),
            "error: \"MediaType\" differs from \"mediaType\" only in case");
  EXPECT_EQ(Remarshalled(R"({"schemaversion":2})"),
            "error: \"schemaversion\" differs from \"schemaVersion\" only in case");
  EXPECT_EQ(Remarshalled(R"({"layers":[{"SIZE":1}]})"),
            "error: layers[0]: \"SIZE\" differs from \"size\" only in case");
  EXPECT_EQ(RemarshalledIndex(R"({"manifests":[{"platform":{"OS.Features":[]}}]})"),
            "error: manifests[0]: platform: \"OS.Features\" differs from \"os.features\" only in "
            "case");
  // Go folds U+017F (long s) to 's' as well.
  EXPECT_EQ(Remarshalled("{\"layers\":[{\"\xc5\xbfize\":1}]}"),
            "error: layers[0]: \"\\xc5\\xbfize\" differs from \"size\" only in case");
  // Names Go does not match either: ignored, like any other unknown member.
  for (const char* name : {"media_type", "mediaTypes", "Media Type", "d\xc4\xb1gest",
                           "d\xc4\xb0gest", "\xe2\x84\xaaize", "siz"}) {
    EXPECT_EQ(Remarshalled(absl::StrCat(R"({"layers":[{")", name, R"(":1}]})")),
              absl::StrCat(R"({"schemaVersion":0,"config":)", kZeroDescriptor, R"(,"layers":[)",
                           kZeroDescriptor, "]}"))
        << name;
  }
}

TEST(GoDocumentsTest, WrongTypesAreRefusedSayingWhere) {
  struct Case {
    std::string json;
    std::string error;
  };
  const std::string two_layers = R"({"layers":[{"size":1},{"size":2},)";
  for (const Case& c : {
           Case{two_layers + R"({"size":"12"}]})", "layers[2]: \"size\" is not an integer"},
           Case{two_layers + R"({"size":1.0}]})", "layers[2]: \"size\" is not an integer"},
           Case{two_layers + R"({"size":1e3}]})", "layers[2]: \"size\" is not an integer"},
           Case{two_layers + R"({"size":9223372036854775808}]})",
                "layers[2]: \"size\" is not an integer"},
           Case{two_layers + R"({"size":-9223372036854775809}]})",
                "layers[2]: \"size\" is not an integer"},
           Case{two_layers + R"({"size":true}]})", "layers[2]: \"size\" is not an integer"},
           Case{R"({"schemaVersion":"2"})", "\"schemaVersion\" is not an integer"},
           Case{R"({"mediaType":5})", "\"mediaType\" is not a string"},
           Case{R"({"artifactType":{}})", "\"artifactType\" is not a string"},
           Case{R"({"config":[]})", "config: not an object"},
           Case{R"({"config":{"digest":false}})", "config: \"digest\" is not a string"},
           Case{R"({"layers":{}})", "\"layers\" is not a list"},
           Case{R"({"layers":[7]})", "layers[0]: not an object"},
           Case{R"({"layers":[null]})", "layers[0]: not an object"},
           Case{R"({"layers":[{"urls":"u"}]})", "layers[0]: \"urls\" is not a list"},
           Case{R"({"layers":[{"urls":["u",null]}]})", "layers[0]: urls[1]: not a string"},
           Case{R"({"layers":[{"annotations":[]}]})",
                "layers[0]: \"annotations\" is not an object"},
           Case{R"({"layers":[{"annotations":{"a":1}}]})",
                "layers[0]: annotation \"a\" is not a string"},
           Case{R"({"annotations":{"a\n":null}})", "annotation \"a\\n\" is not a string"},
           Case{R"({"layers":[{"platform":"linux/amd64"}]})",
                "layers[0]: \"platform\" is not an object"},
           Case{R"({"layers":[{"platform":{"os.features":[true]}}]})",
                "layers[0]: platform: os.features[0]: not a string"},
           Case{R"({"layers":[{"platform":{"architecture":1}}]})",
                "layers[0]: platform: \"architecture\" is not a string"},
           Case{R"({"subject":"sha256:aa"})", "subject: not an object"},
           Case{R"({"subject":{"size":[]}})", "subject: \"size\" is not an integer"},
       }) {
    EXPECT_EQ(Remarshalled(c.json), "error: " + c.error) << c.json;
  }
  EXPECT_EQ(RemarshalledIndex(R"({"manifests":[{},{"mediaType":[]}]})"),
            "error: manifests[1]: \"mediaType\" is not a string");
  EXPECT_EQ(RemarshalledIndex(R"({"manifests":{}})"), "error: \"manifests\" is not a list");
}

TEST(GoDocumentsTest, IntegersAsGoReadsThem) {
  EXPECT_EQ(Remarshalled(R"({"schemaVersion":-0,"config":{"size":-1},"layers":[)"
                         R"({"size":9223372036854775807},{"size":-9223372036854775808}]})"),
            R"({"schemaVersion":0,"config":{"mediaType":"","digest":"","size":-1},"layers":[)"
            R"({"mediaType":"","digest":"","size":9223372036854775807},)"
            R"({"mediaType":"","digest":"","size":-9223372036854775808}]})");
}

TEST(GoDocumentsTest, StringsAreWrittenAsGoWritesThem) {
  EXPECT_EQ(
      Remarshalled(R"({"mediaType":"a\/b\u0041\u00e9\u2028<\t\u0008","layers":null,)"
                   R"("annotations":{"\u00e9":"","b":"","B":"","a":"\ud83d\ude00\u007f"}})"),
      "{\"schemaVersion\":0,\"mediaType\":\"a/bA\xc3\xa9\\u2028\\u003c\\t\\b\",\"config\":" +
          std::string(kZeroDescriptor) +
          ",\"layers\":null,\"annotations\":{\"B\":\"\",\"a\":\"\xf0\x9f\x98\x80\x7f\",\"b\":\"\","
          "\"\xc3\xa9\":\"\"}}");
}

TEST(GoDocumentsTest, AnIndexWithSubjectAndAnnotations) {
  constexpr char kIndex[] =
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",)"
      R"("artifactType":"application/vnd.example.sbom",)"
      R"("manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
      R"("digest":"sha256:33","size":7,"artifactType":"application/vnd.example.sbom"}],)"
      R"("subject":{"mediaType":"application/vnd.oci.image.index.v1+json","digest":"sha256:44",)"
      R"("size":9},"annotations":{"org.opencontainers.image.created":"2024-01-01T00:00:00Z",)"
      R"("org.opencontainers.image.ref.name":"v1"}})";
  EXPECT_EQ(RemarshalledIndex(kIndex), kIndex);
  absl::StatusOr<GoIndex> index = ParseGoIndex(kIndex);
  ASSERT_TRUE(index.ok()) << index.status();
  EXPECT_EQ(index->artifact_type, "application/vnd.example.sbom");
  ASSERT_TRUE(index->subject.has_value());
  EXPECT_EQ(index->subject->digest, "sha256:44");
  EXPECT_EQ(index->annotations.at("org.opencontainers.image.ref.name"), "v1");
  // An index read as a manifest loses its manifests, as in Go: telling them apart is for the
  // caller.
  EXPECT_EQ(Remarshalled(kSkopeoIndex),
            absl::StrCat(R"({"schemaVersion":2,"config":)", kZeroDescriptor, R"(,"layers":null})"));
}

TEST(GoDocumentsTest, ManifestWithSubjectAndAnnotations) {
  constexpr char kManifest[] =
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",)"
      R"("artifactType":"application/vnd.example+type",)"
      R"("config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"sha256:44",)"
      R"("size":2,"data":"e30="},"layers":[{"mediaType":"m","digest":"sha256:55","size":1,)"
      R"("urls":["https://a","https://b"]}],)"
      R"("subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:66",)"
      R"("size":3},"annotations":{"k":"v"}})";
  EXPECT_EQ(Remarshalled(kManifest), kManifest);
}

TEST(GoDocumentsTest, RefusesWhatGoWouldNotRead) {
  struct Case {
    std::string json;
    std::string error;
  };
  for (const Case& c : {
           Case{"", "not valid JSON"},
           Case{"[]", "not a JSON object"},
           Case{"null", "not a JSON object"},
           Case{"\"x\"", "not a JSON object"},
           Case{"\xef\xbb\xbf{}", "not valid JSON (a byte that is not ASCII at byte 0)"},
           Case{"\xbf{}", "not valid JSON (a byte that is not ASCII at byte 0)"},
           Case{"{\"mediaType\":\"\xff\"}", "not valid JSON"},
           Case{"{\"mediaType\":\"\xed\xa0\x80\"}", "not valid JSON"},
           Case{std::string("{}\0", 3), "not valid JSON (a NUL byte)"},
           Case{"{} {}", "not valid JSON"},
           Case{R"({"mediaType":"\udc00"})", "\"mediaType\" is not valid UTF-8"},
           Case{R"({"annotations":{"\udc00":""}})",
                "annotation \"\\xed\\xb0\\x80\" is not valid UTF-8"},
           Case{R"({"mediaType":"\ud800"})", "not valid JSON"},
           Case{std::string(kMaxDocumentSize + 1, ' '), "larger than"},
       }) {
    const std::string error = Remarshalled(c.json);
    EXPECT_NE(error.find("error: " + c.error), std::string::npos) << c.json << ": " << error;
    EXPECT_EQ(RemarshalledIndex(c.json).rfind("error: ", 0), 0u) << c.json;
  }
}

// Go refuses JSON nested deeper than 10000 levels, even in members it would ignore.
TEST(GoDocumentsTest, NestingAsDeepAsGoReads) {
  auto nested = [](int depth) {
    return absl::StrCat(R"({"layers":[],"x":)", std::string(depth - 1, '['), "\"[{\\\"\"",
                        std::string(depth - 1, ']'), "}");
  };
  EXPECT_EQ(Remarshalled(nested(10000)).rfind("error", 0), std::string::npos);
  EXPECT_EQ(Remarshalled(nested(10001)), "error: nested deeper than 10000 levels");
  EXPECT_EQ(Remarshalled(absl::StrCat("{\"x\":", std::string(300000, '[')))
                .rfind("error: not valid JSON", 0),
            0u);
}

// A list of descriptors costs hundreds of bytes each once read: no more than an image may hold.
TEST(GoDocumentsTest, ListsOfMoreDescriptorsThanAnImageMayHoldAreRefused) {
  auto layers = [](std::size_t count) {
    std::string json = "{\"layers\":[";
    for (std::size_t i = 0; i < count; ++i) absl::StrAppend(&json, i == 0 ? "" : ",", "{}");
    return absl::StrCat(json, "]}");
  };
  EXPECT_EQ(Remarshalled(layers(kMaxDescriptors)).rfind("error", 0), std::string::npos);
  EXPECT_EQ(Remarshalled(layers(kMaxDescriptors + 1)),
            "error: \"layers\" is a list of more than 10000 descriptors");
}

}  // namespace
}  // namespace coco
