#ifndef COCO_KEYPROVIDER_COMMON_FILE_DESCRIPTOR_H_
#define COCO_KEYPROVIDER_COMMON_FILE_DESCRIPTOR_H_

#include <unistd.h>

#include <utility>

namespace coco {

// Owns an open file descriptor and closes it; -1 holds none.
class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  FileDescriptor(FileDescriptor&& other) : fd_(std::exchange(other.fd_, -1)) {}
  FileDescriptor& operator=(FileDescriptor&& other) {
    if (this != &other) {
      if (fd_ >= 0) close(fd_);
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Gives up ownership: for a caller that closes it itself and must see the result.
  int Release() { return std::exchange(fd_, -1); }

 private:
  int fd_ = -1;
};

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_FILE_DESCRIPTOR_H_
