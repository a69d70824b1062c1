#include "src/testing/test_kbs.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "openssl/bio.h"
#include "openssl/evp.h"
#include "openssl/pem.h"
#include "src/testing/subprocess.h"
#include "src/testing/temp_files.h"

namespace coco {
namespace test_support {
namespace {

constexpr char kPython[] = "/usr/bin/python3";
constexpr char kScript[] = "tests/kbs/test_kbs.py";
// A test KBS left behind by a crashed test stops by itself.
constexpr char kLifetimeSeconds[] = "300";

std::string PemOf(int (*write)(BIO*, EVP_PKEY*), EVP_PKEY* key) {
  bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  EXPECT_EQ(write(bio.get(), key), 1);
  const uint8_t* data = nullptr;
  size_t size = 0;
  BIO_mem_contents(bio.get(), &data, &size);
  return std::string(reinterpret_cast<const char*>(data), size);
}

int WritePrivateKey(BIO* bio, EVP_PKEY* key) {
  return PEM_write_bio_PKCS8PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
}

int WritePublicKey(BIO* bio, EVP_PKEY* key) { return PEM_write_bio_PUBKEY(bio, key); }

std::string Slurp(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream contents;
  contents << file.rdbuf();
  return contents.str();
}

}  // namespace

AdminKeyFiles MakeAdminKey(const std::string& name) {
  bssl::UniquePtr<EVP_PKEY_CTX> context(EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr));
  EVP_PKEY* generated = nullptr;
  EXPECT_EQ(EVP_PKEY_keygen_init(context.get()), 1);
  EXPECT_EQ(EVP_PKEY_keygen(context.get(), &generated), 1);
  bssl::UniquePtr<EVP_PKEY> key(generated);
  return AdminKeyFiles{WriteTempFile(name + ".pem", PemOf(WritePrivateKey, key.get())),
                       WriteTempFile(name + ".pub.pem", PemOf(WritePublicKey, key.get()))};
}

std::string UnansweredUrl() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  EXPECT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  socklen_t size = sizeof(address);
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size), 0);
  close(fd);
  return absl::StrCat("http://127.0.0.1:", ntohs(address.sin_port));
}

TestKbs::TestKbs(const AdminKeyFiles& admin, TestKbsOptions options) { Start(admin, options); }

// Apart from the constructor, so that a failure can stop it (gtest's ASSERTs return).
void TestKbs::Start(const AdminKeyFiles& admin, const TestKbsOptions& options) {
  static std::atomic<int> counter{0};
  folder_ = FreshFolder(absl::StrCat("test-kbs-", getpid(), "-", counter++));
  std::vector<std::string> argv = {
      kPython,          kScript,       "--port-file",   folder_ + "/port", "--admin-public-key",
      admin.public_key, "--mode",      options.mode,    "--policy",        options.policy,
      "--fault",        options.fault, "--fault-on",    options.fault_on,  "--log",
      folder_ + "/log", "--lifetime",  kLifetimeSeconds};
  if (options.issuer.has_value()) argv.insert(argv.end(), {"--issuer", *options.issuer});
  if (options.audience.has_value()) argv.insert(argv.end(), {"--audience", *options.audience});
  for (const auto& [path, bytes] : options.resources) {
    const std::string file = folder_ + "/seed-" + std::to_string(argv.size());
    std::ofstream(file, std::ios::binary) << bytes;
    argv.insert(argv.end(), {"--resource", path + "=" + file});
  }
  if (options.https) {
    std::vector<std::string> make = {kPython, kScript, "--make-certificate", folder_};
    make.insert(make.end(), options.certificate_names.begin(), options.certificate_names.end());
    ProcessResult made = RunProcess(make, "");
    ASSERT_EQ(made.exit_code, 0) << made.err;
    certificate_ = folder_ + "/cert.pem";
    argv.insert(argv.end(), {"--https", certificate_, folder_ + "/key.pem"});
  }
  std::vector<char*> args;
  for (std::string& arg : argv) args.push_back(arg.data());
  args.push_back(nullptr);
  pid_ = fork();
  if (pid_ == 0) {
    execv(args[0], args.data());
    _exit(127);
  }
  ASSERT_GT(pid_, 0);
  for (int waited_ms = 0; waited_ms < 20000; waited_ms += 20) {
    if (absl::SimpleAtoi(Slurp(folder_ + "/port"), &port_)) break;
    // A KBS that died before it listened is reaped here, and says why, not after 20 s.
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      FAIL() << "the test KBS exited before it listened: " << Log();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_NE(port_, 0) << "the test KBS did not start";
  url_ = absl::StrCat(options.https ? "https" : "http", "://127.0.0.1:", port_);
}

TestKbs::~TestKbs() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
}

std::string TestKbs::Log() const { return Slurp(folder_ + "/log"); }

}  // namespace test_support
}  // namespace coco
