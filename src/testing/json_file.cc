#include "src/testing/json_file.h"

#include <fstream>
#include <sstream>

#include "absl/strings/escaping.h"
#include "gtest/gtest.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"
#include "src/common/json_input.h"

namespace coco {
namespace test_support {

rapidjson::Document LoadJsonFile(const char* path) {
  std::ifstream file(path);
  std::stringstream contents;
  contents << file.rdbuf();
  const std::string text = contents.str();
  rapidjson::Document document;
  if (!file.good() || !ParseJson(text, text.size(), document).ok() || !document.IsObject()) {
    ADD_FAILURE() << "cannot read " << path;
    document.SetObject();
  }
  return document;
}

const rapidjson::Value& Member(const rapidjson::Value& object, const char* name) {
  static const rapidjson::Value kEmpty(rapidjson::kObjectType);
  if (!object.IsObject() || !object.HasMember(name)) {
    ADD_FAILURE() << "vectors: missing " << name;
    return kEmpty;
  }
  return object[name];
}

std::string String(const rapidjson::Value& object, const char* name) {
  const rapidjson::Value& value = Member(object, name);
  if (!value.IsString()) {
    ADD_FAILURE() << "vectors: " << name << " is not a string";
    return "";
  }
  return std::string(StringOf(value));
}

std::string Hex(const rapidjson::Value& object, const char* name) {
  return absl::HexStringToBytes(String(object, name));
}

int64_t Integer(const rapidjson::Value& object, const char* name) {
  const rapidjson::Value& value = Member(object, name);
  if (!value.IsInt64()) {
    ADD_FAILURE() << "vectors: " << name << " is not an integer";
    return 0;
  }
  return value.GetInt64();
}

std::string Compact(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace test_support
}  // namespace coco
