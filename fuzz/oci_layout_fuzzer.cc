// The layout reader, and the image commands (verify and decrypt with the sample key, encrypt and
// rewrap for it), over a folder built from the input, as a hostile registry or tarball could lay
// it out. The input is records separated by NUL bytes (which no JSON document may hold):
// the first is oci-layout, the second index.json, every later one a blob stored under its own
// sha256, so that seeds with the right digests reach deep; a record "!link HEX TARGET" makes
// blobs/sha256/HEX a symbolic link to TARGET and "!fifo HEX" a FIFO.
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "src/common/warnings.h"
#include "src/image_crypt/image_transform.h"
#include "src/inspect/image_report.h"
#include "src/oci/blob_store.h"
#include "src/oci/digest.h"
#include "src/oci/layout.h"

namespace {

// A new file only: never through a link or into a FIFO an earlier record made, so the fuzzer can
// neither write outside its folder nor block itself.
void WriteFile(const std::string& path, absl::string_view contents) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return;
  (void)!write(fd, contents.data(), contents.size());
  close(fd);
}

// Only names the fuzzer gives: one path segment of hex digits and letters.
bool IsPlainName(absl::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) return false;
  }
  return true;
}

void AddRecord(const std::string& blobs, absl::string_view record) {
  if (absl::ConsumePrefix(&record, "!fifo ")) {
    if (IsPlainName(record)) mkfifo((blobs + "/" + std::string(record)).c_str(), 0600);
    return;
  }
  if (absl::ConsumePrefix(&record, "!link ")) {
    const std::vector<std::string> parts = absl::StrSplit(record, absl::MaxSplits(' ', 1));
    if (parts.size() == 2 && IsPlainName(parts[0])) {
      (void)!symlink(parts[1].c_str(), (blobs + "/" + parts[0]).c_str());
    }
    return;
  }
  WriteFile(blobs + "/" + std::string(coco::Digest::Parse(coco::Sha256Digest(record))->hex()),
            record);
}

void ReadEverything(const std::string& dir) {
  for (const char* tag : {"", "latest"}) {
    coco::LayoutReference reference{dir, std::nullopt};
    if (*tag != '\0') reference.tag = tag;
    absl::StatusOr<std::vector<coco::LocatedManifest>> images =
        coco::ReadLayoutManifests(reference);
    if (!images.ok()) continue;
    absl::StatusOr<coco::BlobStore> store = coco::BlobStore::Open(dir);
    if (!store.ok()) __builtin_trap();
    for (const coco::LocatedManifest& image : *images) {
      (void)coco::DescribeImage(image);
      if (image.manifest.config.has_value()) {
        if (absl::StatusOr<std::string> config = store->ReadDocument(*image.manifest.config);
            config.ok()) {
          (void)coco::ParseImageConfig(*config);
        }
      }
      for (const coco::Descriptor& layer : image.manifest.layers) {
        absl::StatusOr<coco::BlobStore::Reader> reader = store->OpenBlob(layer);
        if (!reader.ok()) continue;
        int64_t total = 0;
        for (absl::StatusOr<absl::string_view> chunk = reader->Next();
             chunk.ok() && !chunk->empty(); chunk = reader->Next()) {
          total += static_cast<int64_t>(chunk->size());
        }
        if (total > layer.size) __builtin_trap();
      }
    }
  }
}

// Keys from the sample KBC only: nothing on the machine is read.
coco::UnwrapSettings SampleKeys() {
  coco::UnwrapSettings unwrap;
  unwrap.kbc = coco::KbcParameter{"sample_kbc", "null"};
  unwrap.kbc_settings.keys_files.clear();
  return unwrap;
}

// Each command that writes gets a fresh destination beside the input's folder.
void TransformEverything(const std::string& dir) {
  const coco::UnwrapSettings unwrap = SampleKeys();
  const coco::LayerWrapping wrapping{"sample=true", "attestation-agent", {}};
  const coco::LayoutReference source{dir, std::nullopt};
  coco::Warnings warnings;
  (void)coco::VerifyImage(source, unwrap, /*require_encrypted=*/false, warnings);
  std::error_code ignored;
  const auto destination = [&](const char* name) {
    return coco::LayoutReference{dir + "-" + name, std::string("out")};
  };
  (void)coco::DecryptImage(source, destination("decrypted"), unwrap, warnings);
  (void)coco::EncryptImage(source, destination("encrypted"),
                           coco::EncryptOptions{wrapping, {0, -1}}, warnings);
  (void)coco::RewrapImage(source, destination("rewrapped"), unwrap, wrapping, warnings);
  for (const char* name : {"decrypted", "encrypted", "rewrapped"}) {
    std::filesystem::remove_all(destination(name).dir, ignored);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const char* tmp = getenv("TEST_TMPDIR");
  if (tmp == nullptr) tmp = getenv("TMPDIR");
  std::string dir_template = std::string(tmp != nullptr ? tmp : "/tmp") + "/oci-layout-fuzz.XXXXXX";
  const char* dir = mkdtemp(dir_template.data());
  if (dir == nullptr) return 0;
  const std::string root(dir);
  const std::string blobs = root + "/blobs/sha256";
  std::filesystem::create_directories(blobs);
  const std::vector<absl::string_view> records =
      absl::StrSplit(absl::string_view(reinterpret_cast<const char*>(data), size), '\0');
  for (size_t i = 0; i < records.size(); ++i) {
    if (i == 0) {
      WriteFile(root + "/oci-layout", records[i]);
    } else if (i == 1) {
      WriteFile(root + "/index.json", records[i]);
    } else {
      AddRecord(blobs, records[i]);
    }
  }
  ReadEverything(root);
  TransformEverything(root);
  std::error_code ignored;
  std::filesystem::remove_all(root, ignored);
  return 0;
}
