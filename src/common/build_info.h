#ifndef COCO_KEYPROVIDER_COMMON_BUILD_INFO_H_
#define COCO_KEYPROVIDER_COMMON_BUILD_INFO_H_

namespace coco {

// What --version prints after the version, one line each: the commit built and the Debian source
// package of every library linked in, as scripts/setup.sh fetched them, and the identity of our
// patches on it (third_party/patches/<folder>) if any:
//   commit 0123abcd...
//   libcurl 7.88.1-10+deb12u15 (Debian source package curl)
//   Abseil 20220623.1-1+deb12u2 (Debian source package abseil, with our patches cbf8b480af721a68)
// Written at build time from Bazel's workspace status (scripts/workspace_status.sh).
extern const char kBuildInfo[];

}  // namespace coco

#endif  // COCO_KEYPROVIDER_COMMON_BUILD_INFO_H_
