// Times whole processes as ocicrypt runs them: spawn, feed stdin from a file, wait. Variants are
// run round-robin so that drift in the machine's speed hits all of them alike.
//
// Usage: spawn_timer RUNS NAME INPUT_FILE -- COMMAND [ARGS...] [;; NAME INPUT_FILE -- COMMAND ...]
// Prints, per variant: NAME median_us p10_us p90_us failures median_minor_faults
// (No memory figure: a spawned child's peak RSS starts from its parent's, so it is measured apart.)
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct Variant {
  std::string name;
  std::string input;
  std::vector<char*> argv;
  std::vector<double> micros;
  std::vector<double> minor_faults;  // The child's own, from wait4.
  int failures = 0;
};

double Now() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

void RunOnce(Variant& v) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, v.input.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  const double start = Now();
  pid_t pid;
  int status = 0;
  rusage usage = {};
  if (posix_spawn(&pid, v.argv[0], &actions, nullptr, v.argv.data(), environ) != 0 ||
      wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    ++v.failures;
  }
  v.micros.push_back(Now() - start);
  v.minor_faults.push_back(static_cast<double>(usage.ru_minflt));
  posix_spawn_file_actions_destroy(&actions);
}

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(p * (values.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr,
                 "usage: spawn_timer RUNS NAME INPUT -- COMMAND... [;; NAME INPUT -- ...]\n");
    return 2;
  }
  const int runs = std::atoi(argv[1]);
  std::vector<Variant> variants;
  for (int i = 2; i < argc;) {
    Variant v;
    v.name = argv[i++];
    v.input = argv[i++];
    if (i >= argc || std::strcmp(argv[i++], "--") != 0) return 2;
    while (i < argc && std::strcmp(argv[i], ";;") != 0) v.argv.push_back(argv[i++]);
    v.argv.push_back(nullptr);
    if (i < argc) ++i;
    variants.push_back(std::move(v));
  }
  for (Variant& v : variants) RunOnce(v);  // Warm the page cache.
  for (Variant& v : variants) {
    v.micros.clear();
    v.minor_faults.clear();
  }
  for (int run = 0; run < runs; ++run) {
    for (Variant& v : variants) RunOnce(v);
  }
  for (const Variant& v : variants) {
    std::printf("%s %.1f %.1f %.1f %d %.0f\n", v.name.c_str(), Percentile(v.micros, 0.5),
                Percentile(v.micros, 0.1), Percentile(v.micros, 0.9), v.failures,
                Percentile(v.minor_faults, 0.5));
  }
  return 0;
}
