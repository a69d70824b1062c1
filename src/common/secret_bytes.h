#ifndef COCO_KEYPROVIDER_COMMON_SECRET_BYTES_H_
#define COCO_KEYPROVIDER_COMMON_SECRET_BYTES_H_

#include <openssl/mem.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace coco {

namespace secret_bytes_internal {
// Asks the kernel to back [p, p + size) with memory now, in one call, instead of one page fault
// per page as the buffer is first written. In a virtual machine every fault is an exit to the
// host, and a 70 KB keys file read page by page cost more than parsing it. Only a hint: on
// kernels without MADV_POPULATE_WRITE nothing changes.
void PopulatePages(void* p, std::size_t size);
inline constexpr std::size_t kPopulateFromSize = 16 << 10;
}  // namespace secret_bytes_internal

// Wipes every buffer it hands back, including the old ones a vector drops when it grows.
template <typename T>
struct CleansingAllocator {
  using value_type = T;

  CleansingAllocator() = default;
  template <typename U>
  explicit CleansingAllocator(const CleansingAllocator<U>&) {}

  // Every byte of a SecretBytes buffer is written soon after it is allocated (it is zeroed when it
  // grows), so populating it up front costs nothing extra.
  T* allocate(std::size_t n) {
    T* p = std::allocator<T>().allocate(n);
    if (n * sizeof(T) >= secret_bytes_internal::kPopulateFromSize) {
      secret_bytes_internal::PopulatePages(p, n * sizeof(T));
    }
    return p;
  }
  void deallocate(T* p, std::size_t n) {
    OPENSSL_cleanse(p, n * sizeof(T));
    std::allocator<T>().deallocate(p, n);
  }

  template <typename U>
  bool operator==(const CleansingAllocator<U>&) const {
    return true;
  }
  template <typename U>
  bool operator!=(const CleansingAllocator<U>&) const {
    return false;
  }
};

// Key material, ocicrypt's per-layer secret, and anything that may contain them (the request,
// keys files, the reply). Move-only, so copies are deliberate, and wiped when freed.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::size_t size) : bytes_(size) {}
  explicit SecretBytes(absl::string_view bytes) : bytes_(bytes.begin(), bytes.end()) {}

  SecretBytes(SecretBytes&&) = default;
  SecretBytes& operator=(SecretBytes&&) = default;
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;

  // Moves a std::string's contents in and wipes the string, for APIs that only write strings.
  static SecretBytes TakeFrom(std::string& source);

  uint8_t* data() { return bytes_.data(); }
  const uint8_t* data() const { return bytes_.data(); }
  std::size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  void resize(std::size_t size) { bytes_.resize(size); }
  void reserve(std::size_t capacity) { bytes_.reserve(capacity); }
  void push_back(char c) { bytes_.push_back(static_cast<uint8_t>(c)); }

  absl::string_view view() const {
    return absl::string_view(reinterpret_cast<const char*>(bytes_.data()), bytes_.size());
  }
  absl::Span<const uint8_t> span() const { return absl::MakeConstSpan(bytes_); }

 private:
  std::vector<uint8_t, CleansingAllocator<uint8_t>> bytes_;
};

// Wipes a std::string that held secret bytes, all of its capacity, and empties it.
void WipeString(std::string& secret);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_SECRET_BYTES_H_
