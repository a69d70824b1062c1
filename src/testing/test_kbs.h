#ifndef COCO_KEYPROVIDER_TESTING_TEST_KBS_H_
#define COCO_KEYPROVIDER_TESTING_TEST_KBS_H_

#include <sys/types.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace coco {
namespace test_support {

// How to start tests/kbs/test_kbs.py, the test double of Trustee's KBS: its flags.
struct TestKbsOptions {
  std::string mode = "v0.21";        // Or "v0.13": protocol 0.2.0, no role claim needed.
  std::string policy = "allow-all";  // Or "deny-sample".
  bool https = false;                // With a self-signed certificate for certificate_names.
  std::vector<std::string> certificate_names = {"127.0.0.1", "localhost"};
  std::string fault = "none";
  std::string fault_on = "all";
  std::optional<std::string> issuer;
  std::optional<std::string> audience;
  std::vector<std::pair<std::string, std::string>> resources;  // Resource path, bytes.
};

// An Ed25519 admin key pair in TEST_TMPDIR: the PKCS#8 PEM private key (mode 0600) and its public
// key, as `openssl genpkey -algorithm ed25519` and `openssl pkey -pubout` write them.
struct AdminKeyFiles {
  std::string private_key;
  std::string public_key;
};
AdminKeyFiles MakeAdminKey(const std::string& name);

// http://127.0.0.1:<port> where nothing listens: a port bound and released again.
std::string UnansweredUrl();

// A running test KBS on 127.0.0.1 and a free port, trusting the admin key `admin`; stopped when
// destroyed. The test fails if it cannot start.
class TestKbs {
 public:
  TestKbs(const AdminKeyFiles& admin, TestKbsOptions options = {});
  ~TestKbs();
  TestKbs(const TestKbs&) = delete;
  TestKbs& operator=(const TestKbs&) = delete;

  // http://127.0.0.1:<port>, or https://... for options.https.
  const std::string& url() const { return url_; }
  int port() const { return port_; }
  // The self-signed certificate of an https KBS.
  const std::string& certificate() const { return certificate_; }
  // What it did, one JSON object per line ({"endpoint": "auth", ...}).
  std::string Log() const;

 private:
  void Start(const AdminKeyFiles& admin, const TestKbsOptions& options);

  std::string folder_;
  std::string url_;
  std::string certificate_;
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace test_support
}  // namespace coco

#endif  // COCO_KEYPROVIDER_TESTING_TEST_KBS_H_
