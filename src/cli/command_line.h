#ifndef COCO_KEYPROVIDER_CLI_COMMAND_LINE_H_
#define COCO_KEYPROVIDER_CLI_COMMAND_LINE_H_

#include "src/cli/program.h"

namespace coco {

inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// The whole program over its arguments; returns the exit status. Only here do errors become
// exit codes and the one line on stderr.
int RunCommandLine(int argc, const char* const* argv);

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_COMMAND_LINE_H_
