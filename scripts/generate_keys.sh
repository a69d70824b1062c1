#!/usr/bin/env bash
# Upstream's tools/generate_keys.sh command line, for people following the CoCo guide, on top of
# coco-keyprovider: no jq, no garbage key for an unknown id, and a failure is a failure.
#
#   generate_keys.sh generate [REPO]                    print a keys file of 10 fresh keys
#                                                       REPO/key/key_id1..10 (REPO: default)
#   generate_keys.sh export KEYS.json KEY_ID OUT [--force]
#                                                       write the raw 32-byte key KEY_ID to OUT
#                                                       (mode 0600; an existing OUT needs --force)
#
# Exit status: 0 success, 1 failure, 2 misuse; errors are one line on standard error.
# The binary is bazel-bin/src/coco-keyprovider (built first if missing), or $COCO_KEYPROVIDER.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly ROOT
readonly USAGE="usage: generate_keys.sh generate [REPO] | export KEYS.json KEY_ID OUT [--force]"

fail() {
  printf 'generate_keys.sh: %s\n' "$1" >&2
  exit "${2:-1}"
}

# The binary to run; builds it when it is missing, keeping Bazel's output unless the build fails.
binary() {
  if [[ -n ${COCO_KEYPROVIDER:-} ]]; then
    [[ -x ${COCO_KEYPROVIDER} ]] || fail "COCO_KEYPROVIDER=${COCO_KEYPROVIDER} is not an executable"
    printf '%s\n' "${COCO_KEYPROVIDER}"
    return
  fi
  local built="${ROOT}/bazel-bin/src/coco-keyprovider"
  if [[ ! -x ${built} ]]; then
    local log
    log="$(mktemp)"
    if ! (cd "${ROOT}" && bazel build //src:coco-keyprovider) >"${log}" 2>&1; then
      tail -n 20 "${log}" >&2
      rm -f "${log}"
      fail "building //src:coco-keyprovider failed"
    fi
    rm -f "${log}"
  fi
  printf '%s\n' "${built}"
}

main() {
  local command="${1:-}" program
  case "${command}" in
    generate)
      [[ $# -le 2 ]] || fail "${USAGE}" 2
      program="$(binary)"
      exec "${program}" keys generate --repo "${2:-default}" --out -
      ;;
    export)
      [[ $# -eq 4 || $# -eq 5 && ${5:-} == --force ]] || fail "${USAGE}" 2
      program="$(binary)"
      exec "${program}" keys export "${@:2}"
      ;;
    *)
      fail "${USAGE}" 2
      ;;
  esac
}

main "$@"
