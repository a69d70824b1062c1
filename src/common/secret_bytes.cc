#include "src/common/secret_bytes.h"

#include <openssl/mem.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>

namespace coco {
namespace secret_bytes_internal {

void PopulatePages(void* p, std::size_t size) {
#ifdef MADV_POPULATE_WRITE
  // madvise takes whole pages: only those that lie entirely inside the buffer.
  const std::uintptr_t page = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
  const std::uintptr_t begin = (reinterpret_cast<std::uintptr_t>(p) + page - 1) & ~(page - 1);
  const std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(p) + size) & ~(page - 1);
  // A kernel without it fails with EINVAL: a hint must not leave errno changed for the caller.
  const int saved_errno = errno;
  if (begin < end) madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
  errno = saved_errno;
#else
  (void)p;
  (void)size;
#endif
}

}  // namespace secret_bytes_internal

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
