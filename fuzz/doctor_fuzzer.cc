// What doctor reads that a user or a client controls: an ocicrypt.conf and the --key PARAMS it
// checks, a client's --version output, and a KBS's URL and its answer to the probe. The first byte
// picks the reader, the rest is the input. Both report formats must stay one safe document.
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "rapidjson/document.h"
#include "src/cli/doctor_checks.h"
#include "src/cli/doctor_clients.h"
#include "src/cli/doctor_result.h"
#include "src/common/json_input.h"
#include "src/kbs/http_client.h"
#include "src/kbs/kbs_protocol.h"

namespace {

// One file per process, rewritten for each input: the config CheckSetup reads.
const std::string& ConfigPath() {
  static const std::string* path = [] {
    char name[] = "/tmp/coco-doctor-fuzz-XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0) __builtin_trap();
    close(fd);
    return new std::string(name);
  }();
  return *path;
}

void WriteConfig(const std::string& contents) {
  const int fd = open(ConfigPath().c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0 ||
      write(fd, contents.data(), contents.size()) != static_cast<ssize_t>(contents.size())) {
    __builtin_trap();
  }
  close(fd);
}

// The text report is lines of printable text; the JSON report parses as strict JSON.
void CheckReports(const std::vector<coco::CheckResult>& results) {
  for (unsigned char c : coco::FormatText(results)) {
    if (c < 0x20 && c != '\n') __builtin_trap();
  }
  const std::string json = coco::FormatJson(results);
  rapidjson::Document document;
  if (!coco::ParseJson(json, json.size() + 1, document, coco::Utf8::kRequired).ok()) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0: {
      WriteConfig(input);
      coco::DoctorInput setup;
      setup.config_path = ConfigPath();
      setup.this_program = "/proc/self/exe";
      CheckReports(coco::CheckSetup(setup));
      break;
    }
    case 1: {
      coco::DoctorInput keys;
      keys.params = {input};
      CheckReports(coco::CheckSetup(keys));
      break;
    }
    case 2:
      (void)coco::ParseClientVersion(input);
      break;
    case 3:
      // The user's --kbs URL, and whether plain HTTP to it stays on this machine.
      if (absl::StatusOr<std::string> origin = coco::KbsOrigin(input); origin.ok()) {
        (void)coco::IsLoopbackOrigin(*origin);
      }
      (void)coco::IsLoopbackOrigin(input);
      (void)coco::IsTrusteeError(input);
      if (coco::RawErrorDetail(input).size() > 1024) __builtin_trap();
      break;
  }
  return 0;
}
