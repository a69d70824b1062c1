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
#include <cstdint>
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

  // Standard input /dev/null and both outputs into `output`, and no other descriptor of ours (a
  // key file, the KBS connection): the caller's may lack O_CLOEXEC. A process group of its own;
  // SIGPIPE, SIGCHLD and an empty signal mask as a fresh program expects them, whatever this
  // process set (an ignored SIGCHLD would stay ignored across exec and break a client's waits).
  int Prepare(int output) {
    sigset_t defaults, empty;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGCHLD);
    sigemptyset(&empty);
    int error = 0;
    for (int step : {
             posix_spawn_file_actions_addopen(&actions_, 0, "/dev/null", O_RDONLY, 0),
             posix_spawn_file_actions_adddup2(&actions_, output, 1),
             posix_spawn_file_actions_adddup2(&actions_, output, 2),
             posix_spawn_file_actions_addclosefrom_np(&actions_, 3),
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

// SIGCHLD as waitpid needs it while a child runs: an inherited SIG_IGN (or SA_NOCLDWAIT) makes
// the kernel reap children itself, so waitpid fails with ECHILD and the child's id may be reused
// before its group is killed. The caller's disposition is restored after; doctor runs one thread.
class ChildSignalDefault {
 public:
  ChildSignalDefault() {
    sigaction(SIGCHLD, nullptr, &saved_);
    changed_ = saved_.sa_handler == SIG_IGN || (saved_.sa_flags & SA_NOCLDWAIT) != 0;
    if (changed_) {
      struct sigaction defaults = {};
      defaults.sa_handler = SIG_DFL;
      sigemptyset(&defaults.sa_mask);
      sigaction(SIGCHLD, &defaults, nullptr);
    }
  }
  ~ChildSignalDefault() {
    if (changed_) sigaction(SIGCHLD, &saved_, nullptr);
  }
  ChildSignalDefault(const ChildSignalDefault&) = delete;
  ChildSignalDefault& operator=(const ChildSignalDefault&) = delete;

 private:
  struct sigaction saved_ = {};
  bool changed_ = false;
};

// A started child, reaped only after its whole group was killed: whatever it left running in the
// background dies with it, on every return path. Until it is reaped its id cannot belong to
// another group, so the group is only ever signalled then.
class Child {
 public:
  explicit Child(pid_t pid) : pid_(pid) {}
  ~Child() {
    if (!reaped_) KillAndReap();
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // Whether the child has ended, leaving it unreaped.
  bool Ended() {
    siginfo_t info = {};
    int done;
    do {
      done = waitid(P_PID, pid_, &info, WEXITED | WNOHANG | WNOWAIT);
    } while (done < 0 && errno == EINTR);
    // An error (there is no such child) is an end too: waiting on would never see another.
    return done < 0 || info.si_pid == pid_;
  }

  // Kills the group, the child's background processes with it, then reaps the child.
  void KillAndReap() {
    kill(-pid_, SIGKILL);
    int status = 0;
    pid_t done;
    do {
      done = waitpid(pid_, &status, 0);
    } while (done < 0 && errno == EINTR);
    reaped_ = true;
    if (done != pid_) return;
    if (WIFEXITED(status)) exit_code_ = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) signal_ = WTERMSIG(status);
  }

  int exit_code() const { return exit_code_; }
  int signal() const { return signal_; }

 private:
  pid_t pid_;
  bool reaped_ = false;
  int exit_code_ = -1;
  int signal_ = 0;
};

// poll's wait for `left`, in whole milliseconds rounded up, at most a minute: the loop polls again
// after that, and an int cannot hold every deadline.
int PollMilliseconds(absl::Duration left) {
  return static_cast<int>(std::min<int64_t>(absl::ToInt64Milliseconds(left), 60 * 1000)) + 1;
}

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
    const int ready = poll(&readable, 1, PollMilliseconds(left));
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
  ChildSignalDefault waitable;  // Before the spawn: the child must never be reaped behind us.
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
  while (!result.timed_out && !result.truncated && !child.Ended()) {
    if (Monotonic() >= deadline) {
      result.timed_out = true;
    } else {
      usleep(2000);
    }
  }
  child.KillAndReap();
  result.exit_code = child.exit_code();
  result.signal = child.signal();
  return result;
}

}  // namespace coco
