#include "src/testing/subprocess.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "gtest/gtest.h"

namespace coco {
namespace test_support {
namespace {

std::string TempFile(absl::string_view name) {
  static std::atomic<int> counter{0};  // Tests may run processes from many threads.
  return std::string(std::getenv("TEST_TMPDIR")) + "/subprocess-" + std::to_string(getpid()) + "-" +
         std::to_string(counter++) + "-" + std::string(name);
}

std::string ReadAndRemove(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream contents;
  contents << file.rdbuf();
  unlink(path.c_str());
  return contents.str();
}

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  for (const std::string& s : strings) pointers.push_back(const_cast<char*>(s.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

ProcessResult RunProcess(const std::vector<std::string>& argv, absl::string_view input,
                         const std::vector<std::string>& environment) {
  // Files rather than pipes: no deadlock whatever the child reads or writes, and in order.
  const std::string in_path = TempFile("stdin");
  const std::string out_path = TempFile("stdout");
  const std::string err_path = TempFile("stderr");
  std::ofstream(in_path, std::ios::binary) << input;

  std::vector<char*> args = CStrings(argv);
  std::vector<char*> env = CStrings(environment);
  pid_t pid = fork();
  if (pid == 0) {
    int in = open(in_path.c_str(), O_RDONLY);
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
      _exit(127);
    }
    execve(args[0], args.data(), env.data());
    _exit(127);
  }
  ProcessResult result;
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, 0), pid);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  result.out = ReadAndRemove(out_path);
  result.err = ReadAndRemove(err_path);
  unlink(in_path.c_str());
  return result;
}

}  // namespace test_support
}  // namespace coco
