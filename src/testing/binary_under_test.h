#ifndef COCO_KEYPROVIDER_TESTING_BINARY_UNDER_TEST_H_
#define COCO_KEYPROVIDER_TESTING_BINARY_UNDER_TEST_H_

#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "src/testing/subprocess.h"

namespace coco {
namespace test_support {

// The built program, where a test that lists //src:coco-keyprovider in its data finds it.
inline constexpr char kBinary[] = "src/coco-keyprovider";

// Runs the binary with `args`, `input` on standard input and only `environment`.
ProcessResult RunBinary(absl::string_view input, std::vector<std::string> args = {},
                        std::vector<std::string> environment = {});

// The request skopeo sends for --encryption-key provider:attestation-agent:<params>.
std::string KeyWrapRequest(absl::string_view params,
                           absl::string_view optsdata = "{\"symkey\":\"k\"}");

// The request skopeo sends for --decryption-key provider:attestation-agent:<kbc_parameter>;
// `extra_parameters` are more members of Parameters, starting with ','.
std::string KeyUnwrapRequest(absl::string_view kbc_parameter, absl::string_view annotation,
                             absl::string_view extra_parameters = "");

// The annotation bytes of a keywrap reply.
std::string AnnotationOf(const std::string& reply);

// The decoded entries of a keys file's JSON, by id (a test failure if it is not one).
std::map<std::string, std::string> KeysIn(const std::string& json);

// What every failure must look like: `exit_code`, nothing on stdout, one line on stderr starting
// "coco-keyprovider: " and containing `expected`.
void ExpectOneLineFailure(const ProcessResult& result, absl::string_view expected,
                          int exit_code = 1);

}  // namespace test_support
}  // namespace coco

#endif  // COCO_KEYPROVIDER_TESTING_BINARY_UNDER_TEST_H_
