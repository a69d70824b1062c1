#include "src/image_crypt/chunk_pipeline.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace coco {
namespace {

// Produces `total` bytes counting up, `chunk` at most per call.
class CountingSource {
 public:
  CountingSource(std::size_t total) : total_(total) {}
  absl::StatusOr<std::size_t> Fill(absl::Span<char> buffer) {
    std::size_t n = std::min(buffer.size(), total_ - produced_);
    for (std::size_t i = 0; i < n; ++i) buffer[i] = static_cast<char>((produced_ + i) % 251);
    produced_ += n;
    ++calls_;
    return n;
  }
  std::size_t calls() const { return calls_; }

 private:
  std::size_t total_;
  std::size_t produced_ = 0;
  std::size_t calls_ = 0;
};

TEST(ChunkPipelineTest, ConsumesEveryChunkInOrder) {
  for (std::size_t total :
       {std::size_t{0}, std::size_t{1}, std::size_t{4096}, std::size_t{100003}}) {
    CountingSource source(total);
    std::string consumed;
    absl::Status status = RunChunkPipeline(
        1000, [&](absl::Span<char> buffer) { return source.Fill(buffer); },
        [&](absl::Span<char> chunk) {
          consumed.append(chunk.data(), chunk.size());
          return absl::OkStatus();
        });
    ASSERT_TRUE(status.ok()) << status;
    ASSERT_EQ(consumed.size(), total);
    for (std::size_t i = 0; i < total; ++i) {
      ASSERT_EQ(consumed[i], static_cast<char>(i % 251)) << i;
    }
  }
}

TEST(ChunkPipelineTest, TheProducersErrorStopsTheConsumer) {
  int produced = 0;
  int consumed = 0;
  absl::Status status = RunChunkPipeline(
      16,
      [&](absl::Span<char>) -> absl::StatusOr<std::size_t> {
        if (++produced == 3) return absl::DataLossError("blob sha256:x: shorter than its size");
        return 16;
      },
      [&](absl::Span<char>) {
        ++consumed;
        return absl::OkStatus();
      });
  EXPECT_EQ(status, absl::DataLossError("blob sha256:x: shorter than its size"));
  EXPECT_LE(consumed, 2);
}

TEST(ChunkPipelineTest, TheConsumersErrorStopsTheProducer) {
  std::size_t produced = 0;
  absl::Status status = RunChunkPipeline(
      16,
      [&](absl::Span<char>) -> absl::StatusOr<std::size_t> {
        ++produced;
        return 16;  // An endless stream: only the consumer's error can stop it.
      },
      [&](absl::Span<char>) { return absl::ResourceExhaustedError("No space left on device"); });
  EXPECT_EQ(status, absl::ResourceExhaustedError("No space left on device"));
  // It may have filled the free slots ahead, no more.
  EXPECT_LE(produced, kPipelineSlots);
}

}  // namespace
}  // namespace coco
