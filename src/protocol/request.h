#ifndef COCO_KEYPROVIDER_PROTOCOL_REQUEST_H_
#define COCO_KEYPROVIDER_PROTOCOL_REQUEST_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"

namespace coco {

enum class Operation { kKeyWrap, kKeyUnwrap };

// Real requests are about 1 KB; anything near this is not from ocicrypt.
inline constexpr std::size_t kMaxRequestSize = 1 << 20;

// What ocicrypt puts in Parameters for `provider:<name>` given without PARAMS.
inline constexpr absl::string_view kEnabledParameter = "Enabled";

// One ocicrypt keyprovider request, reduced to what this provider may read: its own entry of
// `Parameters` (other schemes' entries, private keys among them, are never decoded) and the bytes
// to wrap or unwrap.
struct Request {
  Operation operation;
  // The decoded list under our provider name: ec.Parameters for keywrap, dc.Parameters for
  // keyunwrap. nullopt when the name is absent; a null element is an empty entry, as in Go.
  std::optional<std::vector<std::string>> parameters;
  // keywrap: ocicrypt's per-layer secret (optsdata). keyunwrap: our annotation packet.
  SecretBytes payload;
};

// Parses the request as ocicrypt's Go structs read it: struct keys matched case-insensitively
// (ASCII; of duplicates the last wins), map keys exactly, `null` accepted for any member, list or
// element, unknown members ignored. `json` is consumed: parsed in place, so the secrets inside it
// stay in wiped memory.
absl::StatusOr<Request> ParseRequest(SecretBytes json, absl::string_view provider_name);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_PROTOCOL_REQUEST_H_
