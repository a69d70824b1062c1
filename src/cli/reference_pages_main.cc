// Writes the reference pages the package installs, from the program's own tables:
//   reference_pages man              coco-keyprovider(1), roff
//   reference_pages bash-completion  the bash completion script
#include <cstdio>
#include <cstring>
#include <string>

#include "src/cli/bash_completion.h"
#include "src/cli/manual_page.h"

int main(int argc, char** argv) {
  std::string page;
  if (argc == 2 && std::strcmp(argv[1], "man") == 0) {
    page = coco::ManualPage();
  } else if (argc == 2 && std::strcmp(argv[1], "bash-completion") == 0) {
    page = coco::BashCompletion();
  } else {
    std::fputs("usage: reference_pages man|bash-completion\n", stderr);
    return 2;
  }
  return std::fwrite(page.data(), 1, page.size(), stdout) == page.size() && std::fflush(stdout) == 0
             ? 0
             : 1;
}
