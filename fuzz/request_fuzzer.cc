// The whole request path, bytes to reply, as ocicrypt (or anyone who can edit an ocicrypt.conf'd
// client's input) drives it.
#include <cstddef>
#include <cstdint>

#include "src/provider/request_handler.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  coco::ProviderSettings settings;
  // Files the fuzzer cannot name: unwraps exercise every step up to the key lookup.
  settings.unwrap.kbc_settings.keys_files = {"/nonexistent/coco-keyprovider-fuzz-keys.json"};
  settings.unwrap.kbc_settings.sev_secret_path = "/nonexistent/coco-keyprovider-fuzz-sev";
  coco::Warnings warnings;
  (void)coco::HandleRequest(
      coco::SecretBytes(absl::string_view(reinterpret_cast<const char*>(data), size)), settings,
      warnings);
  return 0;
}
