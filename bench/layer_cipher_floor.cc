// The floor of decrypting a layer: one in-memory BoringSSL pass of AES-256-CTR, HMAC-SHA256 over
// the ciphertext and SHA-256 over the plaintext, on one core, over the bytes of FILE (read into
// memory first, not timed). Prints "<seconds> <MB/s>".
#include <openssl/cipher.h>
#include <openssl/digest.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <vector>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: layer_cipher_floor FILE\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<uint8_t> out(data.size());
  const uint8_t key[32] = {1};
  const uint8_t nonce[16] = {2};
  constexpr size_t kChunk = 1 << 20;

  const auto start = std::chrono::steady_clock::now();
  EVP_CIPHER_CTX* cipher = EVP_CIPHER_CTX_new();
  EVP_DecryptInit_ex(cipher, EVP_aes_256_ctr(), nullptr, key, nonce);
  HMAC_CTX* mac = HMAC_CTX_new();
  HMAC_Init_ex(mac, key, sizeof(key), EVP_sha256(), nullptr);
  SHA256_CTX sha;
  SHA256_Init(&sha);
  for (size_t at = 0; at < data.size(); at += kChunk) {
    const size_t n = std::min(kChunk, data.size() - at);
    HMAC_Update(mac, data.data() + at, n);
    int written = 0;
    EVP_DecryptUpdate(cipher, out.data() + at, &written, data.data() + at, static_cast<int>(n));
    SHA256_Update(&sha, out.data() + at, n);
  }
  uint8_t tag[32], digest[32];
  unsigned int tag_size = 0;
  HMAC_Final(mac, tag, &tag_size);
  SHA256_Final(digest, &sha);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EVP_CIPHER_CTX_free(cipher);
  HMAC_CTX_free(mac);
  std::printf("%.3f %.0f\n", seconds, static_cast<double>(data.size()) / 1e6 / seconds);
  // Printed so that no pass can be optimised away.
  std::fprintf(stderr, "%02x%02x\n", tag[0], digest[0]);
  return 0;
}
