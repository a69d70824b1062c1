#ifndef COCO_KEYPROVIDER_KBS_CANONICAL_JSON_H_
#define COCO_KEYPROVIDER_KBS_CANONICAL_JSON_H_

#include <string>

#include "absl/status/statusor.h"
#include "rapidjson/document.h"

namespace coco {

// `value` in the JSON Canonicalization Scheme of RFC 8785, which the KBS hashes to bind the
// attestation evidence to the session: members sorted by their UTF-16 code units, no whitespace,
// strings escaped as ECMAScript's JSON.stringify does. Numbers must be integers of at most 2^53 in
// magnitude (what the KBS messages hold); others are an error rather than a guess.
absl::StatusOr<std::string> CanonicalJson(const rapidjson::Value& value);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_KBS_CANONICAL_JSON_H_
