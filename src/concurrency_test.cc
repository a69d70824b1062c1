// Many providers at once, as a client that wraps layers in parallel would run them: every wrap
// must unwrap again, and no two wraps may share an IV (a repeated GCM nonce under one key would
// expose the key stream and the authentication key).
#include <atomic>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "src/testing/binary_under_test.h"
#include "src/testing/temp_files.h"
#include "src/wrapping/annotation_packet.h"

namespace coco {
namespace {

using test_support::AnnotationOf;
using test_support::KeyUnwrapRequest;
using test_support::KeyWrapRequest;
using test_support::ProcessResult;
using test_support::RunBinary;
using test_support::WriteTempFile;

constexpr int kCalls = 512;
constexpr int kInFlight = 16;

std::string SecretFor(int call) { return absl::StrCat(R"({"symkey":"layer-)", call, R"("})"); }

// Runs `call(i)` for i in [0, kCalls) on kInFlight threads at once.
template <typename Call>
void InParallel(Call call) {
  std::atomic<int> next{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kInFlight; ++t) {
    threads.emplace_back([&] {
      for (int i = next++; i < kCalls; i = next++) call(i);
    });
  }
  for (std::thread& thread : threads) thread.join();
}

TEST(ConcurrencyTest, ParallelWrapsAllUnwrapAndNeverRepeatAnIv) {
  const std::string kek = std::string(32, '\x2a');
  const std::string keypath = WriteTempFile("kek", kek);
  const std::string keys = WriteTempFile(
      "keys.json", R"({"default/key/key_id1":"KioqKioqKioqKioqKioqKioqKioqKioqKioqKioqKio="})");
  for (const char* algorithm : {"A256GCM", "A256CTR"}) {
    SCOPED_TRACE(algorithm);
    std::vector<std::string> annotations(kCalls);
    std::vector<ProcessResult> wraps(kCalls);
    InParallel([&](int i) {
      wraps[i] = RunBinary(KeyWrapRequest(absl::StrCat("keyid=kbs:///default/key/key_id1::keypath=",
                                                       keypath, "::algorithm=", algorithm),
                                          SecretFor(i)));
    });
    std::set<std::string> ivs;
    for (int i = 0; i < kCalls; ++i) {
      ASSERT_EQ(wraps[i].exit_code, 0) << wraps[i].err;
      annotations[i] = AnnotationOf(wraps[i].out);
      absl::StatusOr<AnnotationPacket> packet = ParseAnnotationPacket(annotations[i]);
      ASSERT_TRUE(packet.ok()) << packet.status();
      ivs.insert(packet->iv);
    }
    EXPECT_EQ(ivs.size(), static_cast<size_t>(kCalls));

    std::vector<ProcessResult> unwraps(kCalls);
    InParallel([&](int i) {
      unwraps[i] = RunBinary(KeyUnwrapRequest("offline_fs_kbc::null", annotations[i]),
                             {"--keys-file", keys});
    });
    for (int i = 0; i < kCalls; ++i) {
      ASSERT_EQ(unwraps[i].exit_code, 0) << unwraps[i].err;
      EXPECT_EQ(AnnotationOf(unwraps[i].out), SecretFor(i));
    }
  }
}

}  // namespace
}  // namespace coco
