#include "src/common/child_process.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "src/common/file_descriptor.h"

namespace coco {
namespace {

// A clock that never jumps, for the deadline.
absl::Duration Monotonic() {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return absl::DurationFromTimespec(now);
}

std::vector<char*> CStrings(absl::Span<const std::string> strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (const std::string& s : strings) pointers.push_back(const_cast<char*>(s.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

// posix_spawn's file actions and attributes, destroyed on every path.
class SpawnSetup {
 public:
  SpawnSetup() {
    posix_spawn_file_actions_init(&actions_);
    posix_spawnattr_init(&attributes_);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&actions_);
    posix_spawnattr_destroy(&attributes_);
  }
  SpawnSetup(const SpawnSetup&) = delete;
  SpawnSetup& operator=(const SpawnSetup&) = delete;

  // Standard input /dev/null and both outputs into `output`; a process group of its own; SIGPIPE
  // and an empty signal mask as a fresh program expects them, whatever this process set.
  int Prepare(int output) {
    sigset_t defaults, empty;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigemptyset(&empty);
    int error = 0;
    for (int step : {
             posix_spawn_file_actions_addopen(&actions_, 0, "/dev/null", O_RDONLY, 0),
             posix_spawn_file_actions_adddup2(&actions_, output, 1),
             posix_spawn_file_actions_adddup2(&actions_, output, 2),
             posix_spawnattr_setflags(&attributes_, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
                                                        POSIX_SPAWN_SETSIGMASK),
             posix_spawnattr_setpgroup(&attributes_, 0),
             posix_spawnattr_setsigdefault(&attributes_, &defaults),
             posix_spawnattr_setsigmask(&attributes_, &empty),
         }) {
      if (error == 0) error = step;
    }
    return error;
  }

  const posix_spawn_file_actions_t* actions() const { return &actions_; }
  const posix_spawnattr_t* attributes() const { return &attributes_; }

 private:
  posix_spawn_file_actions_t actions_;
  posix_spawnattr_t attributes_;
};

// A started child: unless it was reaped, its whole group is killed and it is reaped when this
// goes, so no return path leaves a process behind. The group is only ever signalled while the
// child is unreaped, when its id cannot belong to another group.
class Child {
 public:
  explicit Child(pid_t pid) : pid_(pid) {}
  ~Child() {
    if (!reaped_) {
      KillGroup();
      Wait(0);
    }
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  void KillGroup() { kill(-pid_, SIGKILL); }

  // Reaps the child if it has ended (`flags` 0: waits for it). True once reaped.
  bool Wait(int flags) {
    int status = 0;
    pid_t done;
    do {
      done = waitpid(pid_, &status, flags);
    } while (done < 0 && errno == EINTR);
    if (done == 0) return false;
    reaped_ = true;
    if (done == pid_ && WIFEXITED(status)) exit_code_ = WEXITSTATUS(status);
    return true;
  }

  int exit_code() const { return exit_code_; }

 private:
  pid_t pid_;
  bool reaped_ = false;
  int exit_code_ = -1;
};

// Reads `from` until end of file, the deadline or the bound.
absl::Status ReadOutput(int from, absl::Duration deadline, std::size_t max_output,
                        ChildOutput& result) {
  char buffer[4096];
  while (true) {
    const absl::Duration left = deadline - Monotonic();
    if (left <= absl::ZeroDuration()) {
      result.timed_out = true;
      return absl::OkStatus();
    }
    pollfd readable = {from, POLLIN, 0};
    const int ready = poll(&readable, 1, static_cast<int>(absl::ToInt64Milliseconds(left)) + 1);
    if (ready < 0 && errno != EINTR) {
      return absl::InternalError(absl::StrCat("poll: ", std::strerror(errno)));
    }
    if (ready <= 0) continue;
    const ssize_t n = read(from, buffer, sizeof(buffer));
    if (n < 0 && errno != EINTR && errno != EAGAIN) {
      return absl::InternalError(absl::StrCat("read: ", std::strerror(errno)));
    }
    if (n == 0) return absl::OkStatus();
    if (n < 0) continue;
    const std::size_t room = max_output - result.output.size();
    result.output.append(buffer, std::min(room, static_cast<std::size_t>(n)));
    if (static_cast<std::size_t>(n) > room) {
      result.truncated = true;
      return absl::OkStatus();
    }
  }
}

}  // namespace

absl::StatusOr<ChildOutput> RunChild(absl::Span<const std::string> argv,
                                     absl::Span<const std::string> environment,
                                     absl::Duration timeout, std::size_t max_output) {
  if (argv.empty()) return absl::InvalidArgumentError("no program to run");
  const absl::Duration deadline = Monotonic() + timeout;
  int ends[2];
  if (pipe2(ends, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe: ", std::strerror(errno)));
  }
  FileDescriptor read_end(ends[0]);
  FileDescriptor write_end(ends[1]);
  SpawnSetup setup;
  if (int error = setup.Prepare(write_end.get()); error != 0) {
    return absl::InternalError(absl::StrCat("posix_spawn setup: ", std::strerror(error)));
  }
  std::vector<char*> args = CStrings(argv);
  std::vector<char*> env = CStrings(environment);
  pid_t pid = 0;
  // glibc reports a failed exec (missing, not executable) as posix_spawn's own error.
  if (int error =
          posix_spawn(&pid, args[0], setup.actions(), setup.attributes(), args.data(), env.data());
      error != 0) {
    return absl::ErrnoToStatus(error, absl::StrCat("cannot run ", argv[0]));
  }
  Child child(pid);
  write_end = FileDescriptor();  // Only the child writes: end of file comes when it is done.
  ChildOutput result;
  if (absl::Status read = ReadOutput(read_end.get(), deadline, max_output, result); !read.ok()) {
    return read;
  }
  // It may have closed its output and still run: wait no longer than the deadline for it either.
  while (!result.timed_out && !result.truncated && !child.Wait(WNOHANG)) {
    if (Monotonic() >= deadline) {
      result.timed_out = true;
    } else {
      usleep(2000);
    }
  }
  if (result.timed_out || result.truncated) {
    child.KillGroup();
    child.Wait(0);
  }
  result.exit_code = child.exit_code();
  return result;
}

}  // namespace coco
