#include "src/common/secret_bytes.h"

#include <openssl/mem.h>

namespace coco {

SecretBytes SecretBytes::TakeFrom(std::string& source) {
  SecretBytes secret(source);
  WipeString(source);
  return secret;
}

void WipeString(std::string& secret) {
  secret.resize(secret.capacity());
  OPENSSL_cleanse(secret.data(), secret.size());
  secret.clear();
}

}  // namespace coco
