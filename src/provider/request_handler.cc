#include "src/provider/request_handler.h"

#include <utility>

#include "src/protocol/reply.h"
#include "src/protocol/request.h"
#include "src/provider/keywrap.h"

namespace coco {

absl::StatusOr<SecretBytes> HandleRequest(SecretBytes request_json,
                                          const ProviderSettings& settings, Warnings& warnings) {
  absl::StatusOr<Request> request = ParseRequest(std::move(request_json), settings.provider_name);
  if (!request.ok()) return request.status();
  if (request->operation == Operation::kKeyWrap) {
    absl::StatusOr<std::string> annotation =
        KeyWrap(request->parameters, settings.provider_name, request->payload.view(), settings.wrap,
                warnings);
    if (!annotation.ok()) return annotation.status();
    return SerializeKeyWrapReply(*annotation);
  }
  absl::StatusOr<SecretBytes> optsdata =
      KeyUnwrap(request->parameters, request->payload.view(), settings.unwrap, warnings);
  if (!optsdata.ok()) return optsdata.status();
  return SerializeKeyUnwrapReply(optsdata->view());
}

}  // namespace coco
