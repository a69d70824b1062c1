#ifndef COCO_KEYPROVIDER_IMAGE_CRYPT_CHUNK_PIPELINE_H_
#define COCO_KEYPROVIDER_IMAGE_CRYPT_CHUNK_PIPELINE_H_

#include <cstddef>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace coco {

// Chunks in flight between the two stages: enough that neither waits on the other's jitter.
inline constexpr std::size_t kPipelineSlots = 4;

// Streams chunks through two stages on the machine's two cores: `produce` fills a buffer (and says
// how many bytes it put there, 0 at the end) on a second thread, while `consume` works on the
// chunks already produced, in order, on the calling thread. Memory stays kPipelineSlots *
// `chunk_size` however long the stream is. The first error of either stage stops both and is
// returned; `produce` is not called again after `consume` failed. Where a second thread cannot be
// started, the two run in turn on the calling one.
using Producer = absl::FunctionRef<absl::StatusOr<std::size_t>(absl::Span<char>)>;
using Consumer = absl::FunctionRef<absl::Status(absl::Span<char>)>;
absl::Status RunChunkPipeline(std::size_t chunk_size, Producer produce, Consumer consume);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_IMAGE_CRYPT_CHUNK_PIPELINE_H_
