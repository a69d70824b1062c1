#ifndef COCO_KEYPROVIDER_CLI_BASH_COMPLETION_H_
#define COCO_KEYPROVIDER_CLI_BASH_COMPLETION_H_

#include <string>

namespace coco {

// A bash completion script for coco-keyprovider, from the command and flag tables: command and
// group names, each command's flags, KBC names after --kbc, file names after flags that take a
// file and for arguments. It defines _coco_keyprovider and registers it with `complete`.
std::string BashCompletion();

}  // namespace coco

#endif  // COCO_KEYPROVIDER_CLI_BASH_COMPLETION_H_
