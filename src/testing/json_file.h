#ifndef COCO_KEYPROVIDER_TESTING_JSON_FILE_H_
#define COCO_KEYPROVIDER_TESTING_JSON_FILE_H_

#include <cstdint>
#include <string>

#include "rapidjson/document.h"

namespace coco {
namespace test_support {

// Reading the committed test vectors: each call that finds something missing fails the calling
// test (ADD_FAILURE) and returns an empty value, so one bad file gives clear failures, not crashes.

// The JSON object in the file at `path` (relative to the runfiles root).
rapidjson::Document LoadJsonFile(const char* path);

// Member `name` of `object`, or an empty object.
const rapidjson::Value& Member(const rapidjson::Value& object, const char* name);
std::string String(const rapidjson::Value& object, const char* name);
// A string member holding hex, as bytes.
std::string Hex(const rapidjson::Value& object, const char* name);
int64_t Integer(const rapidjson::Value& object, const char* name);
// A member, whatever it is, as compact JSON.
std::string Compact(const rapidjson::Value& value);

}  // namespace test_support
}  // namespace coco

#endif  // COCO_KEYPROVIDER_TESTING_JSON_FILE_H_
