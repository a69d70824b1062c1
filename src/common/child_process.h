#ifndef COCO_KEYPROVIDER_COMMON_CHILD_PROCESS_H_
#define COCO_KEYPROVIDER_COMMON_CHILD_PROCESS_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace coco {

// What a child printed and how it ended.
struct ChildOutput {
  int exit_code = -1;      // -1 when it did not exit by itself (killed, or a signal).
  int signal = 0;          // The signal that ended it (WTERMSIG), 0 when it exited; SIGKILL when
                           // it was killed at the deadline or the bound.
  bool timed_out = false;  // It, or something it started, still ran or held the output at the
                           // deadline; it was killed.
  bool truncated = false;  // It printed more than the bound; it was killed there.
  std::string output;      // Standard output and standard error as they came, at most the bound.
};

// Runs `argv` (argv[0] a path, not looked up in PATH) with exactly `environment` ("NAME=value"
// entries), standard input /dev/null and both outputs into one pipe, for programs that are not
// ours and whose output is not trusted: it never waits past `timeout` and never keeps more than
// `max_output` bytes, and the child gets none of this process's other file descriptors. The child
// runs in a process group of its own, all of which is killed when it ends, at the deadline or at
// the bound, so neither a grandchild that holds the pipe nor one left in the background outlives
// the call. An ignored SIGCHLD is set to the default for the call (not thread-safe: one thread).
// Errors: a program that cannot be started (missing, not executable), or a failed pipe or spawn.
absl::StatusOr<ChildOutput> RunChild(absl::Span<const std::string> argv,
                                     absl::Span<const std::string> environment,
                                     absl::Duration timeout, std::size_t max_output);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_CHILD_PROCESS_H_
