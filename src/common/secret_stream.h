#ifndef COCO_KEYPROVIDER_COMMON_SECRET_STREAM_H_
#define COCO_KEYPROVIDER_COMMON_SECRET_STREAM_H_

#include <utility>

#include "src/common/secret_bytes.h"

namespace coco {

// A RapidJSON output stream writing into wiped memory, for JSON that holds secrets (an unwrap
// reply, a keys file): rapidjson::StringBuffer would free its buffers unwiped.
class SecretStream {
 public:
  using Ch = char;
  SecretStream() = default;
  // Room for `expected_size` bytes up front: growing copies the output (wiping each old buffer).
  explicit SecretStream(std::size_t expected_size) { out_.reserve(expected_size); }

  void Put(char c) { out_.push_back(c); }
  void Flush() {}
  SecretBytes Take() { return std::move(out_); }

 private:
  SecretBytes out_;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_SECRET_STREAM_H_
