#include "src/keys/k8s_secret.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace coco {
namespace {

using ::testing::HasSubstr;

TEST(OperatorSecretForTest, TheTypeNamesTheSecretAndTheTagItsDataKey) {
  absl::StatusOr<OperatorSecret> secret =
      OperatorSecretFor("default/key/key_id1", "key", kTrusteeOperatorNamespace);
  ASSERT_TRUE(secret.ok()) << secret.status();
  EXPECT_EQ(secret->name, "key");
  EXPECT_EQ(secret->data_key, "key_id1");
  EXPECT_EQ(secret->namespace_name, "trustee-operator-system");
}

TEST(OperatorSecretForTest, RefusesWhatTheOperatorCannotServe) {
  struct Case {
    const char* key_id;
    const char* secret_name;
    const char* namespace_name;
    const char* error;
  };
  const Case cases[] = {
      {"team/key/k1", "key", "ns", "not in repository default"},
      {"default/key/k1", "keys", "ns", "from the Secret \"key\" (its type), not \"keys\""},
      {"default/Key/k1", "Key", "ns", "the Secret name \"Key\" is not a DNS-1123 label"},
      {"default/image_kek/k1", "image_kek", "ns", "is not a DNS-1123 label"},
      {"default/-key/k1", "-key", "ns", "is not a DNS-1123 label"},
      {"default/key/.hidden", "key", "ns", "cannot be a Secret's data key"},
      {"default/key/k~1", "key", "ns", "cannot be a Secret's data key"},
      {"default/key/k1", "key", "Trustee", "the namespace \"Trustee\" is not a DNS-1123 label"},
      {"default/key", "key", "ns", "key id"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<OperatorSecret> secret =
        OperatorSecretFor(c.key_id, c.secret_name, c.namespace_name);
    ASSERT_FALSE(secret.ok()) << c.key_id;
    EXPECT_THAT(secret.status().message(), HasSubstr(c.error)) << c.key_id;
  }
}

TEST(OperatorSecretForTest, ALabelIsAtMost63Characters) {
  const std::string longest(63, 'k');
  EXPECT_TRUE(OperatorSecretFor("default/" + longest + "/t", longest, "ns").ok());
  const std::string too_long(64, 'k');
  EXPECT_FALSE(OperatorSecretFor("default/" + too_long + "/t", too_long, "ns").ok());
}

TEST(OperatorSecretManifestTest, IsAnOpaqueSecretWithTheKeyInBase64) {
  const SecretBytes kek(std::string(32, '\xff'));
  const SecretBytes manifest =
      OperatorSecretManifest(OperatorSecret{"key", "true", "trustee-operator-system"}, kek);
  EXPECT_EQ(manifest.view(),
            "# The KBS resource default/key/true, served by the trustee-operator when\n"
            "# its KbsConfig lists \"key\" in spec.kbsSecretResources.\n"
            "apiVersion: v1\n"
            "kind: Secret\n"
            "metadata:\n"
            "  name: \"key\"\n"
            "  namespace: \"trustee-operator-system\"\n"
            "type: Opaque\n"
            "data:\n"
            "  \"true\": //////////////////////////////////////////8=\n");
}

}  // namespace
}  // namespace coco
