#!/usr/bin/env bash
# Moves entries of third_party/sources.lock to the version Debian's archive has now, after you have
# reviewed it: downloads each named source package (all when none is named) through the private apt
# configuration, which checks it against the archive's signed Release files, and writes its version
# and SHA-256 sums into the lock. Then run scripts/setup.sh, which unpacks and patches them.
#
# Usage: scripts/lock_sources.sh [FOLDER...]   (FOLDER as in the lock's first column, e.g. abseil)
set -euo pipefail
readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly LOCK="${SETUP_LOCK:-${ROOT}/third_party/sources.lock}"  # Another only for the tests.
readonly APT_DIR="$(mktemp -d "${TMPDIR:-/tmp}/coco-keyprovider-lock.XXXXXX")"
trap 'rm -rf "${APT_DIR}"' EXIT
# shellcheck source=lib/private_apt.sh
source "${ROOT}/scripts/lib/private_apt.sh"
# shellcheck source=lib/debian_sources.sh
source "${ROOT}/scripts/lib/debian_sources.sh"

private_apt_init "${APT_DIR}" "deb-src bookworm main" || { echo "lock: apt-get update failed" >&2; exit 1; }
# Inside APT_DIR, which the trap removes whatever happens; copied into the lock, which keeps its mode.
updated="${APT_DIR}/sources.lock"
while read -r line; do
  read -r folder package version _ <<<"${line}"
  if [[ -z ${folder} || ${folder} == \#* ]] || { [[ $# -gt 0 ]] && ! printf '%s\n' "$@" | grep -qx "${folder}"; }; then
    printf '%s\n' "${line}" >>"${updated}"
    continue
  fi
  current="$(archive_version "${package}")"
  [[ -n ${current} ]] || { echo "lock: ${package} is not in the archive" >&2; exit 1; }
  work="$(mktemp -d "${APT_DIR}/work.XXXXXX")"
  (cd "${work}" && download_source "${package}" "${current}") || { cat "${work}/apt.err" >&2; exit 1; }
  orig="$(compgen -G "${work}/${package}_$(upstream_of "${current}").orig.tar.*" | grep -v '\.asc$' | head -n1)"
  debian_tar="$(compgen -G "${work}/${package}_${current#*:}.debian.tar.*" | head -n1)"
  printf '%s %s %s %s %s\n' "${folder}" "${package}" "${current}" "$(sha256_of "${orig}")" \
    "$(sha256_of "${debian_tar}")" >>"${updated}"
  echo "lock: ${folder}: ${version} -> ${current}" >&2
done <"${LOCK}"
cat "${updated}" >"${LOCK}"
