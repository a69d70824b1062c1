#include "src/cli/provider_command.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "src/common/file_reader.h"
#include "src/common/file_writer.h"
#include "src/common/status_context.h"

namespace coco {
namespace {

// Real requests are about 1 KB; anything near this is not from ocicrypt.
constexpr std::size_t kMaxRequestSize = 1 << 20;

}  // namespace

absl::Status ServeOneRequest(const ProviderSettings& settings, int in_fd, int out_fd, int err_fd) {
  absl::StatusOr<SecretBytes> request = ReadAll(in_fd, kMaxRequestSize);
  if (!request.ok()) {
    return WithContext("reading the request from standard input", request.status());
  }
  std::vector<std::string> warnings;
  absl::StatusOr<SecretBytes> reply = HandleRequest(*std::move(request), settings, warnings);
  if (!reply.ok()) return reply.status();
  if (absl::Status written = WriteAll(out_fd, reply->view()); !written.ok()) {
    return WithContext("writing the reply to standard output", written);
  }
  for (const std::string& warning : warnings) {
    // A lost warning is not worth failing a request that succeeded.
    (void)WriteAll(err_fd, absl::StrCat("coco-keyprovider: warning: ", warning, "\n"));
  }
  return absl::OkStatus();
}

}  // namespace coco
