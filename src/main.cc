#include "src/cli/command_line.h"

int main(int argc, char** argv) { return coco::RunCommandLine(argc, argv); }
