#ifndef COCO_KEYPROVIDER_PROTOCOL_REPLY_H_
#define COCO_KEYPROVIDER_PROTOCOL_REPLY_H_

#include "absl/strings/string_view.h"
#include "src/common/secret_bytes.h"

namespace coco {

// One compact JSON line. Bytes are written as a JSON array of integers, the form both Go
// ocicrypt and the Rust ocicrypt-rs of CoCo guests read.

// {"keywrapresults":{"annotation":[...]}}
SecretBytes SerializeKeyWrapReply(absl::string_view annotation);

// {"keyunwrapresults":{"optsdata":[...]}}
SecretBytes SerializeKeyUnwrapReply(absl::string_view optsdata);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_PROTOCOL_REPLY_H_
