#include "src/cli/provider_command.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "src/testing/temp_files.h"
#include "src/testing/vectors.h"

namespace coco {
namespace {

using test_support::ReadFile;
using test_support::TempPath;
using test_support::WriteTempFile;

// Serves `request` from a file and returns {status, stdout, stderr}.
struct Served {
  absl::Status status;
  std::string out;
  std::string err;
};

Served Serve(const std::string& request, const ProviderSettings& settings = {}) {
  int in = open(WriteTempFile("request", request).c_str(), O_RDONLY);
  int out = open(TempPath("out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int err = open(TempPath("err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  Served served{ServeOneRequest(settings, {in, out, err}), "", ""};
  close(in);
  close(out);
  close(err);
  served.out = ReadFile(TempPath("out"));
  served.err = ReadFile(TempPath("err"));
  return served;
}

TEST(ServeOneRequestTest, WritesTheReplyAndNothingElse) {
  test_support::ExchangeVectors v = test_support::LoadExchangeVectors();
  Served served = Serve(v.sample_wrap_request);
  ASSERT_TRUE(served.status.ok()) << served.status;
  EXPECT_EQ(served.out, v.sample_wrap_reply);
  EXPECT_EQ(served.err, "");
}

TEST(ServeOneRequestTest, WarningsGoToStderrAfterASuccess) {
  test_support::ExchangeVectors v = test_support::LoadExchangeVectors();
  ProviderSettings settings;
  settings.unwrap.kbc_settings.keys_files = {TempPath("absent.json"),
                                             WriteTempFile("keys.json", v.offline_fs_keys_file)};
  Served served = Serve(v.offline_fs_unwrap_request, settings);
  ASSERT_TRUE(served.status.ok()) << served.status;
  EXPECT_EQ(served.out, v.offline_fs_unwrap_reply);
  EXPECT_EQ(served.err, "coco-keyprovider: warning: offline_fs_kbc: keys file " +
                            TempPath("absent.json") + " does not exist, skipped\n");
}

TEST(ServeOneRequestTest, FailureWritesNothing) {
  Served served = Serve("{}");
  EXPECT_EQ(served.status.message(), "request: no \"op\"");
  EXPECT_EQ(served.out, "");
  EXPECT_EQ(served.err, "");
}

TEST(ServeOneRequestTest, AcceptsExactlyOneMebibyteAndRefusesMore) {
  test_support::ExchangeVectors v = test_support::LoadExchangeVectors();
  std::string request = v.sample_wrap_request;
  request.resize(1 << 20, ' ');
  EXPECT_TRUE(Serve(request).status.ok());
  request.push_back(' ');
  EXPECT_EQ(Serve(request).status.message(),
            "reading the request from standard input: larger than 1048576 bytes");
}

}  // namespace
}  // namespace coco
