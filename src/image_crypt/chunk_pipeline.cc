#include "src/image_crypt/chunk_pipeline.h"

#include <pthread.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <utility>
#include <vector>

namespace coco {
namespace {

struct Chunk {
  std::size_t slot;
  std::size_t size;
};

// What the two threads share: free slots one way, filled chunks the other.
class Handover {
 public:
  explicit Handover(std::size_t slots) {
    for (std::size_t slot = 0; slot < slots; ++slot) free_.push_back(slot);
  }

  // The producer's side. False once the consumer has stopped.
  bool TakeFree(std::size_t& slot) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return stopped_ || !free_.empty(); });
    if (stopped_) return false;
    slot = free_.front();
    free_.pop_front();
    return true;
  }
  void Put(Chunk chunk) {
    std::lock_guard<std::mutex> lock(mutex_);
    filled_.push_back(chunk);
    changed_.notify_all();
  }
  void Finish(absl::Status status) {
    std::lock_guard<std::mutex> lock(mutex_);
    produced_ = std::move(status);
    finished_ = true;
    changed_.notify_all();
  }

  // The consumer's side. False at the end of the stream, or when the producer failed.
  bool TakeFilled(Chunk& chunk) {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return finished_ || !filled_.empty(); });
    if (filled_.empty() || !produced_.ok()) return false;
    chunk = filled_.front();
    filled_.pop_front();
    return true;
  }
  void Release(std::size_t slot) {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(slot);
    changed_.notify_all();
  }
  void Stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
    changed_.notify_all();
  }
  absl::Status produced() {
    std::lock_guard<std::mutex> lock(mutex_);
    return produced_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::size_t> free_;
  std::deque<Chunk> filled_;
  bool stopped_ = false;
  bool finished_ = false;
  absl::Status produced_;
};

// Both stages in turn on this thread, through one of the slots, for when no second thread can be
// started.
absl::Status RunInline(absl::Span<char> buffer, const Producer& produce, const Consumer& consume) {
  while (true) {
    absl::StatusOr<std::size_t> size = produce(buffer);
    if (!size.ok() || *size == 0) return size.status();
    if (absl::Status consumed = consume(buffer.subspan(0, *size)); !consumed.ok()) {
      return consumed;
    }
  }
}

// What the producing thread runs.
struct ProducerRun {
  const Producer& produce;
  std::vector<std::vector<char>>& slots;
  Handover& handover;
};

void* ProduceAll(void* argument) {
  ProducerRun& run = *static_cast<ProducerRun*>(argument);
  std::size_t slot;
  while (run.handover.TakeFree(slot)) {
    absl::StatusOr<std::size_t> size = run.produce(absl::MakeSpan(run.slots[slot]));
    if (!size.ok() || *size == 0) {
      run.handover.Finish(size.status());
      return nullptr;
    }
    run.handover.Put(Chunk{slot, *size});
  }
  run.handover.Finish(absl::OkStatus());
  return nullptr;
}

}  // namespace

absl::Status RunChunkPipeline(std::size_t chunk_size, Producer produce, Consumer consume) {
  std::vector<std::vector<char>> slots(kPipelineSlots, std::vector<char>(chunk_size));
  Handover handover(slots.size());
  ProducerRun run{produce, slots, handover};
  // pthread_create, unlike std::thread, reports a failure as a value.
  pthread_t producer;
  if (pthread_create(&producer, nullptr, &ProduceAll, &run) != 0) {
    return RunInline(absl::MakeSpan(slots[0]), produce, consume);
  }
  absl::Status consumed = absl::OkStatus();
  Chunk chunk;
  while (handover.TakeFilled(chunk)) {
    consumed = consume(absl::MakeSpan(slots[chunk.slot].data(), chunk.size));
    // Stopped with the slot still held, so the producer makes no chunk after a failure.
    if (!consumed.ok()) break;
    handover.Release(chunk.slot);
  }
  handover.Stop();
  pthread_join(producer, nullptr);
  if (!consumed.ok()) return consumed;
  return handover.produced();
}

}  // namespace coco
