// Tests of `coco-keyprovider inspect` on an OCI image layout built here, whose encrypted layer
// carries an annotation made by a real keywrap through the binary.
#include <openssl/sha.h>
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "src/common/json_input.h"
#include "src/testing/binary_under_test.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace {

using test_support::AnnotationOf;
using test_support::ExpectOneLineFailure;
using test_support::KeyUnwrapRequest;
using test_support::KeyWrapRequest;
using test_support::ProcessResult;
using test_support::RunBinary;
using test_support::TempPath;
using test_support::WriteTempFile;

constexpr char kManifestType[] = "application/vnd.oci.image.manifest.v1+json";
constexpr char kIndexType[] = "application/vnd.oci.image.index.v1+json";
constexpr char kEncryptedLayerType[] = "application/vnd.oci.image.layer.v1.tar+gzip+encrypted";
constexpr char kPlainLayerType[] = "application/vnd.oci.image.layer.v1.tar+gzip";
constexpr char kHmacMarker[] = "HMAC-MARKER-0123456789";
constexpr char kOptsData[] =
    R"({"symkey":"bGF5ZXIga2V5IGJ5dGVz","digest":"sha256:00","cipheroptions":{}})";

std::string B64(absl::string_view s) { return absl::Base64Escape(s); }

std::string Sha256Hex(absl::string_view bytes) {
  uint8_t hash[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), hash);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(hash), sizeof(hash)));
}

// An encrypted image as skopeo writes it with --encryption-key provider:attestation-agent:...
struct Image {
  std::string dir;
  std::string keys_file;
  std::string annotation;  // The packet the binary wrote.
  std::string manifest;
  std::string manifest_digest;
};

void WriteFile(const std::string& path, absl::string_view contents) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << contents;
}

// Stores `contents` under its sha256 and returns its descriptor.
std::string Blob(const std::string& dir, absl::string_view media_type, absl::string_view contents,
                 absl::string_view extra = "") {
  const std::string hex = Sha256Hex(contents);
  WriteFile(absl::StrCat(dir, "/blobs/sha256/", hex), contents);
  return absl::StrCat(R"({"mediaType":")", media_type, R"(","digest":"sha256:)", hex,
                      R"(","size":)", contents.size(), extra, "}");
}

Image BuildImage(absl::string_view name) {
  Image image;
  image.dir = TempPath(name);
  mkdir(image.dir.c_str(), 0700);
  mkdir((image.dir + "/blobs").c_str(), 0700);
  mkdir((image.dir + "/blobs/sha256").c_str(), 0700);
  WriteFile(image.dir + "/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");

  image.keys_file = TempPath(absl::StrCat(name, "-keys.json"));
  EXPECT_EQ(RunBinary("", {"keys", "generate", "--out", image.keys_file}).exit_code, 0);
  ProcessResult wrap = RunBinary(
      KeyWrapRequest("keyid=kbs:///default/key/key_id2::keyfile=" + image.keys_file, kOptsData));
  EXPECT_EQ(wrap.exit_code, 0) << wrap.err;
  image.annotation = AnnotationOf(wrap.out);

  const std::string pubopts = absl::StrCat(R"({"cipher":"AES_256_CTR_HMAC_SHA256","hmac":")",
                                           B64(kHmacMarker), R"(","cipheroptions":{}})");
  const std::string annotations = absl::StrCat(
      R"(,"annotations":{"org.opencontainers.image.enc.keys.provider.attestation-agent":")",
      B64(image.annotation), R"(","org.opencontainers.image.enc.keys.jwe":")",
      B64(R"({"protected":"x"})"), R"(","org.opencontainers.image.enc.pubopts":")", B64(pubopts),
      R"("})");
  image.manifest = absl::StrCat(
      R"({"schemaVersion":2,"mediaType":")", kManifestType, R"(","config":)",
      Blob(image.dir, "application/vnd.oci.image.config.v1+json", "{}"), R"(,"layers":[)",
      Blob(image.dir, kEncryptedLayerType, "encrypted layer bytes", annotations), ",",
      Blob(image.dir, kPlainLayerType, "plain layer bytes"), "]}");
  image.manifest_digest = "sha256:" + Sha256Hex(image.manifest);
  WriteFile(image.dir + "/index.json",
            absl::StrCat(R"({"schemaVersion":2,"manifests":[)",
                         Blob(image.dir, kManifestType, image.manifest,
                              R"(,"annotations":{"org.opencontainers.image.ref.name":"latest"})"),
                         "]}"));
  return image;
}

// What inspect must never print: the wrapped key, its IV, the layer HMAC, the KEKs.
void ExpectNoKeyMaterial(const ProcessResult& result, const Image& image) {
  rapidjson::Document packet;
  ASSERT_TRUE(ParseJson(image.annotation, image.annotation.size(), packet).ok());
  ASSERT_TRUE(packet.IsObject());
  std::vector<std::string> forms = {packet["wrapped_data"].GetString(), packet["iv"].GetString(),
                                    kHmacMarker, B64(kHmacMarker)};
  std::ifstream keys(image.keys_file);
  const std::string keys_json((std::istreambuf_iterator<char>(keys)), {});
  rapidjson::Document keys_document;
  ASSERT_TRUE(ParseJson(keys_json, keys_json.size(), keys_document).ok());
  for (const auto& member : keys_document.GetObject()) forms.push_back(member.value.GetString());
  for (const std::string& form : forms) {
    EXPECT_EQ(result.out.find(form), std::string::npos) << form;
    EXPECT_EQ(result.err.find(form), std::string::npos) << form;
  }
}

TEST(InspectBinaryTest, ShowsEachLayersEncryption) {
  const Image image = BuildImage("inspect-text");
  ProcessResult inspected = RunBinary("", {"inspect", image.dir + ":latest"});
  EXPECT_EQ(inspected.exit_code, 0) << inspected.err;
  EXPECT_EQ(inspected.err, "");
  const size_t wrapped_length = std::string(kOptsData).size() + 16;
  EXPECT_EQ(
      inspected.out,
      absl::StrCat("image ", image.manifest_digest, "\n", "  manifest type: ", kManifestType, "\n",
                   "  layer 1/2: sha256:", Sha256Hex("encrypted layer bytes"), ", 21 bytes\n",
                   "    media type: ", kEncryptedLayerType, "\n", "    encrypted: yes\n",
                   "    cipher: AES_256_CTR_HMAC_SHA256\n",
                   "    provider attestation-agent: kid kbs:///default/key/key_id2, wrap_type "
                   "A256GCM, iv 12 bytes, wrapped data ",
                   wrapped_length, " bytes\n", "    jwe: present\n",
                   "  layer 2/2: sha256:", Sha256Hex("plain layer bytes"), ", 17 bytes\n",
                   "    media type: ", kPlainLayerType, "\n", "    encrypted: no\n"));
  ExpectNoKeyMaterial(inspected, image);
}

TEST(InspectBinaryTest, JsonForScripts) {
  const Image image = BuildImage("inspect-json");
  ProcessResult inspected = RunBinary("", {"inspect", "--json", "oci:" + image.dir});
  ASSERT_EQ(inspected.exit_code, 0) << inspected.err;
  rapidjson::Document document;
  ASSERT_TRUE(ParseJson(inspected.out, inspected.out.size(), document, Utf8::kRequired).ok())
      << inspected.out;
  ASSERT_EQ(document["images"].Size(), 1u);
  const rapidjson::Value& image_json = document["images"][0];
  EXPECT_EQ(image_json["digest"].GetString(), image.manifest_digest);
  const rapidjson::Value& layer = image_json["layers"][0];
  EXPECT_TRUE(layer["encrypted"].GetBool());
  EXPECT_STREQ(layer["cipher"].GetString(), "AES_256_CTR_HMAC_SHA256");
  const rapidjson::Value& key = layer["provider_keys"][0];
  EXPECT_STREQ(key["provider"].GetString(), "attestation-agent");
  EXPECT_STREQ(key["kid"].GetString(), "kbs:///default/key/key_id2");
  EXPECT_STREQ(key["wrap_type"].GetString(), "A256GCM");
  EXPECT_EQ(key["iv_length"].GetUint64(), 12u);
  EXPECT_EQ(key["wrapped_data_length"].GetUint64(), std::string(kOptsData).size() + 16);
  EXPECT_STREQ(layer["other_recipients"][0].GetString(), "jwe");
  EXPECT_FALSE(image_json["layers"][1]["encrypted"].GetBool());
  ExpectNoKeyMaterial(inspected, image);
}

TEST(InspectBinaryTest, ALoneManifestFile) {
  const Image image = BuildImage("inspect-manifest");
  ProcessResult inspected = RunBinary(
      "",
      {"inspect", "--manifest", image.dir + "/blobs/sha256/" + image.manifest_digest.substr(7)});
  EXPECT_EQ(inspected.exit_code, 0) << inspected.err;
  EXPECT_EQ(inspected.out, RunBinary("", {"inspect", image.dir}).out);
}

// What inspect shows is what a guest decrypts: the same keys file unwraps the packet.
TEST(InspectBinaryTest, TheInspectedPacketUnwrapsWithTheKeysFile) {
  const Image image = BuildImage("inspect-unwrap");
  ProcessResult unwrap = RunBinary(KeyUnwrapRequest("offline_fs_kbc::null", image.annotation),
                                   {"--keys-file", image.keys_file});
  ASSERT_EQ(unwrap.exit_code, 0) << unwrap.err;
  EXPECT_EQ(AnnotationOf(unwrap.out), kOptsData);
}

TEST(InspectBinaryTest, RefusesAManifestThatDoesNotMatchItsDigest) {
  const Image image = BuildImage("inspect-tampered");
  // The same size with one character changed: only the digest tells.
  std::string tampered = image.manifest;
  tampered[tampered.rfind("application")] = 'A';
  WriteFile(image.dir + "/blobs/sha256/" + image.manifest_digest.substr(7), tampered);
  ExpectOneLineFailure(RunBinary("", {"inspect", image.dir}),
                       absl::StrCat("inspect: blob ", image.manifest_digest,
                                    " does not match its digest (altered?)"));
}

TEST(InspectBinaryTest, FailuresAndMisuse) {
  const Image image = BuildImage("inspect-errors");
  ExpectOneLineFailure(RunBinary("", {"inspect", image.dir + ":v2"}),
                       "no image tagged \"v2\" (tags: \"latest\")");
  ExpectOneLineFailure(RunBinary("", {"inspect", TempPath("")}),
                       "not an OCI image layout (no oci-layout file)");
  ExpectOneLineFailure(RunBinary("", {"inspect", "--manifest", image.dir + "/index.json"}),
                       "index.json: an image index, not an image manifest");
  ExpectOneLineFailure(RunBinary("", {"inspect"}),
                       "inspect: expects DIR[:TAG] or --manifest FILE, got 0 arguments (see "
                       "coco-keyprovider inspect --help)",
                       2);
  ExpectOneLineFailure(RunBinary("", {"inspect", "--manifest", "m.json", image.dir}),
                       "expects no DIR[:TAG] with --manifest", 2);
}

// A layout holding only what a case writes: oci-layout, index.json and the blobs it names.
struct HostileLayout {
  std::string dir;
  std::string blobs;
};

HostileLayout EmptyLayout(absl::string_view name) {
  HostileLayout layout{TempPath(name), ""};
  mkdir(layout.dir.c_str(), 0700);
  mkdir((layout.dir + "/blobs").c_str(), 0700);
  mkdir((layout.dir + "/blobs/sha256").c_str(), 0700);
  layout.blobs = layout.dir + "/blobs/sha256/";
  WriteFile(layout.dir + "/oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  return layout;
}

std::string IndexOf(const std::vector<std::string>& descriptors) {
  return absl::StrCat(R"({"schemaVersion":2,"manifests":[)", absl::StrJoin(descriptors, ","), "]}");
}

std::string Nested(absl::string_view open, absl::string_view close, int depth) {
  std::string json;
  for (int i = 0; i < depth; ++i) absl::StrAppend(&json, open);
  for (int i = 0; i < depth; ++i) absl::StrAppend(&json, close);
  return json;
}

std::string ManifestWithLayer(absl::string_view layer_descriptor) {
  return absl::StrCat(R"({"schemaVersion":2,"mediaType":")", kManifestType, R"(","layers":[)",
                      layer_descriptor, "]}");
}

std::string DescriptorOf(absl::string_view media_type, absl::string_view digest, size_t size) {
  return absl::StrCat(R"({"mediaType":")", media_type, R"(","digest":")", digest, R"(","size":)",
                      size, "}");
}

// Every way an image layout from a registry or a tarball can be hostile: exit 1, nothing on
// stdout, one line on stderr saying what is wrong; never a crash or a hang. The same from every
// command that reads a layout, and those that write one leave no index.json behind.
TEST(InspectBinaryTest, HostileLayoutsGetOneLineFromEveryImageCommand) {
  struct Case {
    std::string name;
    // Writes the case into the layout; returns what the error line must contain.
    std::string (*make)(const HostileLayout& layout);
  };
  const Case cases[] = {
      {"oci-layout nested 300000 deep",
       [](const HostileLayout& l) {
         WriteFile(l.dir + "/oci-layout", std::string(300000, '['));
         WriteFile(l.dir + "/index.json", IndexOf({}));
         return std::string("oci-layout: not {\"imageLayoutVersion\"");
       }},
      {"oci-layout with a NUL byte",
       [](const HostileLayout& l) {
         WriteFile(l.dir + "/oci-layout", std::string("{\"imageLayoutVersion\":\"1\"}\0", 27));
         return std::string("oci-layout: not {\"imageLayoutVersion\"");
       }},
      {"index.json nested 300000 deep",
       [](const HostileLayout& l) {
         WriteFile(l.dir + "/index.json", Nested("{\"a\":", "}", 300000));
         return std::string("index.json: not valid JSON");
       }},
      {"index.json with a NUL byte",
       [](const HostileLayout& l) {
         WriteFile(l.dir + "/index.json", IndexOf({}) + std::string(1, '\0'));
         return std::string("index.json: not valid JSON (a NUL byte)");
       }},
      {"a manifest nested 300000 deep",
       [](const HostileLayout& l) {
         WriteFile(l.dir + "/index.json",
                   IndexOf({Blob(l.dir, kManifestType, Nested("[", "]", 300000))}));
         return std::string(": not a JSON object");
       }},
      {"a manifest nested 300000 deep, unclosed",
       [](const HostileLayout& l) {
         WriteFile(l.dir + "/index.json",
                   IndexOf({Blob(l.dir, kManifestType, std::string(300000, '['))}));
         return std::string(": not valid JSON");
       }},
      {"a manifest that is not UTF-8",
       [](const HostileLayout& l) {
         WriteFile(l.dir + "/index.json",
                   IndexOf({Blob(l.dir, kManifestType,
                                 "{\"schemaVersion\":2,\"layers\":[],\"x\":\"\xff\"}")}));
         return std::string("Invalid encoding");
       }},
      {"a digest with ..",
       [](const HostileLayout& l) {
         WriteFile(l.dir + "/index.json",
                   IndexOf({DescriptorOf(kManifestType, "sha256:../../../../etc/hostname", 9)}));
         return std::string("digest \"sha256:../../../../etc/hostname\" is not sha256:");
       }},
      {"a layer digest with a slash",
       [](const HostileLayout& l) {
         const std::string digest = "sha256:" + std::string(62, 'a') + "/x";
         WriteFile(l.dir + "/index.json",
                   IndexOf({Blob(l.dir, kManifestType,
                                 ManifestWithLayer(DescriptorOf(kPlainLayerType, digest, 1)))}));
         return std::string("layers[0]: digest");
       }},
      {"a digest of the wrong length",
       [](const HostileLayout& l) {
         WriteFile(l.dir + "/index.json",
                   IndexOf({DescriptorOf(kManifestType, "sha256:" + std::string(63, 'a'), 9)}));
         return std::string("is not sha256: and 64 lowercase hex digits");
       }},
      {"a digest in upper case",
       [](const HostileLayout& l) {
         WriteFile(l.dir + "/index.json",
                   IndexOf({DescriptorOf(kManifestType, "sha256:" + std::string(64, 'A'), 9)}));
         return std::string("is not sha256: and 64 lowercase hex digits");
       }},
      {"a blob that is a FIFO",
       [](const HostileLayout& l) {
         const std::string hex = Sha256Hex("fifo");
         EXPECT_EQ(mkfifo((l.blobs + hex).c_str(), 0600), 0);
         WriteFile(l.dir + "/index.json",
                   IndexOf({DescriptorOf(kManifestType, "sha256:" + hex, 4)}));
         return hex + ": not a regular file";
       }},
      {"a blob that links out of blobs/",
       [](const HostileLayout& l) {
         const std::string hex = Sha256Hex("link");
         EXPECT_EQ(symlink("/etc/hostname", (l.blobs + hex).c_str()), 0);
         WriteFile(l.dir + "/index.json",
                   IndexOf({DescriptorOf(kManifestType, "sha256:" + hex, 4)}));
         return hex + ": leads out of " + l.dir;
       }},
      {"a blob that is a device, through a link",
       [](const HostileLayout& l) {
         const std::string hex = Sha256Hex("device");
         EXPECT_EQ(symlink("/dev/zero", (l.blobs + hex).c_str()), 0);
         WriteFile(l.dir + "/index.json",
                   IndexOf({DescriptorOf(kManifestType, "sha256:" + hex, 4)}));
         return hex + ": leads out of " + l.dir;
       }},
      {"a blob of another size than its descriptor",
       [](const HostileLayout& l) {
         const std::string manifest = ManifestWithLayer("");
         const std::string hex = Sha256Hex(manifest);
         WriteFile(l.blobs + hex, manifest);
         WriteFile(l.dir + "/index.json",
                   IndexOf({DescriptorOf(kManifestType, "sha256:" + hex, manifest.size() + 1)}));
         return absl::StrCat("is ", manifest.size(), " bytes, its descriptor says ",
                             manifest.size() + 1);
       }},
      {"a chain of nested indexes",
       [](const HostileLayout& l) {
         std::string descriptor = Blob(l.dir, kManifestType, ManifestWithLayer(""));
         for (int i = 0; i < 50; ++i) descriptor = Blob(l.dir, kIndexType, IndexOf({descriptor}));
         WriteFile(l.dir + "/index.json", IndexOf({descriptor}));
         return std::string("image indexes nested more than 3 deep");
       }},
      {"a manifest of more layers than the descriptor bound",
       [](const HostileLayout& l) {
         const std::string layer =
             DescriptorOf(kPlainLayerType, "sha256:" + std::string(64, 'a'), 1);
         std::vector<std::string> layers(10001, layer);
         WriteFile(
             l.dir + "/index.json",
             IndexOf({Blob(l.dir, kManifestType, ManifestWithLayer(absl::StrJoin(layers, ",")))}));
         return std::string("lead to more than 10000 descriptors");
       }},
  };
  int number = 0;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const HostileLayout layout = EmptyLayout(absl::StrCat("hostile-", ++number));
    const std::string expected = c.make(layout);
    const std::string out = TempPath(absl::StrCat("hostile-out-", number));
    const std::vector<std::vector<std::string>> commands = {
        {"inspect", layout.dir},
        {"verify", layout.dir},
        {"decrypt", layout.dir, out},
        {"encrypt", "--key", "sample=true", layout.dir, out},
        {"rewrap", "--key", "sample=true", layout.dir, out},
    };
    for (const std::vector<std::string>& command : commands) {
      SCOPED_TRACE(command.front());
      ExpectOneLineFailure(RunBinary("", command), expected);
      EXPECT_NE(access((out + "/index.json").c_str(), F_OK), 0);
    }
  }
}

}  // namespace
}  // namespace coco
