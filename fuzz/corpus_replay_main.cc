// Replays every file of the seed corpus folders given as arguments (and any regression inputs)
// through a fuzz target's LLVMFuzzerTestOneInput, so `bazel test` (plain and under sanitizers)
// checks them without libFuzzer.
#include <dirent.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

int ReplayFolder(const std::string& folder) {
  DIR* dir = opendir(folder.c_str());
  if (dir == nullptr) {
    std::fprintf(stderr, "cannot open %s\n", folder.c_str());
    return -1;
  }
  int replayed = 0;
  for (dirent* entry = readdir(dir); entry != nullptr; entry = readdir(dir)) {
    if (entry->d_name[0] == '.') continue;
    std::ifstream file(folder + "/" + entry->d_name, std::ios::binary);
    std::stringstream contents;
    contents << file.rdbuf();
    const std::string input = contents.str();
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
    ++replayed;
  }
  closedir(dir);
  return replayed;
}

}  // namespace

int main(int argc, char** argv) {
  int total = 0;
  for (int i = 1; i < argc; ++i) {
    const int replayed = ReplayFolder(argv[i]);
    if (replayed <= 0) {
      std::fprintf(stderr, "no inputs in %s\n", argv[i]);
      return 1;
    }
    total += replayed;
  }
  std::printf("replayed %d inputs\n", total);
  return 0;
}
