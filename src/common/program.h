#ifndef COCO_KEYPROVIDER_COMMON_PROGRAM_H_
#define COCO_KEYPROVIDER_COMMON_PROGRAM_H_

namespace coco {

// How the program names itself in help and in every error line.
inline constexpr char kProgramName[] = "coco-keyprovider";
inline constexpr char kVersion[] = "0.1.0";

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_PROGRAM_H_
