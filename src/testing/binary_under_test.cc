#include "src/testing/binary_under_test.h"

#include <algorithm>
#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "rapidjson/document.h"
#include "src/common/json_input.h"

namespace coco {
namespace test_support {

ProcessResult RunBinary(absl::string_view input, std::vector<std::string> args,
                        std::vector<std::string> environment) {
  args.insert(args.begin(), kBinary);
  return RunProcess(args, input, environment);
}

std::string KeyWrapRequest(absl::string_view params, absl::string_view optsdata) {
  return absl::StrCat(
      R"({"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"attestation-agent":[")",
      absl::Base64Escape(params), R"("]},"DecryptConfig":{"Parameters":{}}},"optsdata":")",
      absl::Base64Escape(optsdata), R"("},"keyunwrapparams":{"dc":null,"annotation":null}})");
}

std::string KeyUnwrapRequest(absl::string_view kbc_parameter, absl::string_view annotation,
                             absl::string_view extra_parameters) {
  return absl::StrCat(R"({"op":"keyunwrap","keywrapparams":{"ec":null,"optsdata":null},)",
                      R"("keyunwrapparams":{"dc":{"Parameters":{"attestation-agent":[")",
                      absl::Base64Escape(kbc_parameter), R"("])", extra_parameters,
                      R"(}},"annotation":")", absl::Base64Escape(annotation), R"("}})");
}

std::string AnnotationOf(const std::string& reply) {
  std::string bytes;
  absl::string_view list = reply;
  list = list.substr(list.find('[') + 1);
  list = list.substr(0, list.find(']'));
  for (absl::string_view number : absl::StrSplit(list, ',')) {
    bytes.push_back(static_cast<char>(std::atoi(std::string(number).c_str())));
  }
  return bytes;
}

void ExpectOneLineFailure(const ProcessResult& result, absl::string_view expected, int exit_code) {
  EXPECT_EQ(result.exit_code, exit_code) << result.err;
  EXPECT_EQ(result.out, "");
  EXPECT_TRUE(absl::StartsWith(result.err, "coco-keyprovider: ")) << result.err;
  EXPECT_TRUE(absl::EndsWith(result.err, "\n")) << result.err;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  EXPECT_TRUE(absl::StrContains(result.err, expected))
      << "expected \"" << expected << "\" in: " << result.err;
}

std::map<std::string, std::string> KeysIn(const std::string& json) {
  rapidjson::Document document;
  EXPECT_TRUE(ParseJson(json, json.size(), document).ok()) << json;
  EXPECT_TRUE(document.IsObject()) << json;
  std::map<std::string, std::string> keys;
  if (!document.IsObject()) return keys;
  for (const auto& member : document.GetObject()) {
    std::string key;
    EXPECT_TRUE(member.value.IsString() && absl::Base64Unescape(member.value.GetString(), &key));
    keys[member.name.GetString()] = key;
  }
  return keys;
}

}  // namespace test_support
}  // namespace coco
