#!/usr/bin/env bash
# Bazel's --workspace_status_command (.bazelrc): what `coco-keyprovider --version` reports besides
# its version, as STABLE_ keys. Only //src/common:build_info reads them, so a new commit recompiles
# one file and relinks what holds the dispatcher (the binary, and the tests of it), nothing else.
#   STABLE_COMMIT          the commit built, with -dirty when tracked files differ from it
#   STABLE_SOURCE_<FOLDER> the Debian source package and version scripts/setup.sh fetched into
#                          third_party/src/<folder> (a newer revision than the lock's, if it fell
#                          back to one), then the identity of our patches on it, or none
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# safe.directory: the checkout may be another user's (sudo scripts/install.sh); --no-optional-locks:
# this runs on every build, beside whatever git command the developer runs.
repo_git() { git -c safe.directory="${PWD}" --no-optional-locks "$@"; }
commit="$(repo_git rev-parse HEAD 2>/dev/null || echo unknown)"
if [[ ${commit} != unknown ]] && ! repo_git diff --quiet HEAD -- 2>/dev/null; then
  commit+="-dirty"
fi
echo "STABLE_COMMIT ${commit}"

for fetched in third_party/src/*/.fetched; do
  [[ -f ${fetched} ]] || continue
  folder="$(basename "$(dirname "${fetched}")")"
  # The first line is the lock's entry; a "used:" line follows when setup took a newer revision.
  used="$(sed -n 's/^used: //p' "${fetched}")"
  [[ -n ${used} ]] || used="$(head -n1 "${fetched}" | cut -d' ' -f1-2)"
  # The identity of our patches on top (third_party/patches/<folder>), or none.
  patches="$(head -n1 "${fetched}" | sed -n 's/.* patches:\([0-9a-z]*\)$/\1/p')"
  echo "STABLE_SOURCE_${folder^^} ${used} ${patches:-none}"
done
