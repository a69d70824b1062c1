#include "src/cli/provider_command.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "src/cli/provider_settings.h"
#include "src/cli/usage_error.h"
#include "src/common/file_reader.h"
#include "src/common/file_writer.h"
#include "src/common/printable.h"
#include "src/common/status_context.h"
#include "src/common/warnings.h"
#include "src/protocol/request.h"

namespace coco {
namespace {

absl::Status RunProvider(const ParsedFlags& flags, const CommandStreams& streams) {
  absl::StatusOr<ProviderSettings> settings =
      ProviderSettingsFrom(flags, ReadProviderEnvironment());
  if (!settings.ok()) return UsageError(settings.status().message());
  return ServeOneRequest(*settings, streams);
}

}  // namespace

const Command kProviderCommand = {
    "",
    "the keyprovider ocicrypt runs: one JSON request on standard input, one reply on output",
    "ocicrypt (skopeo, buildah, containerd's ctr-enc) runs it once per layer when ocicrypt.conf\n"
    "names it under \"cmd\": one JSON request on standard input, one JSON reply on standard "
    "output.\n",
    kProviderFlags,
    {},
    RunProvider};

absl::Status ServeOneRequest(const ProviderSettings& settings, const CommandStreams& streams) {
  absl::StatusOr<SecretBytes> request = ReadAll(streams.in, kMaxRequestSize);
  if (!request.ok()) {
    return WithContext("reading the request from standard input", request.status());
  }
  Warnings warnings;
  absl::StatusOr<SecretBytes> reply = HandleRequest(*std::move(request), settings, warnings);
  if (!reply.ok()) return reply.status();
  if (absl::Status written = WriteAll(streams.out, reply->view()); !written.ok()) {
    return WithContext("writing the reply to standard output", written);
  }
  WriteWarnings(streams.err, warnings);
  return absl::OkStatus();
}

}  // namespace coco
