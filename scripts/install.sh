#!/usr/bin/env bash
# Builds coco-keyprovider and installs the files the .deb holds (scripts/package.sh), for those who
# do not want dpkg: PREFIX/bin/coco-keyprovider, its manual page, bash completion and
# PREFIX/share/doc/coco-keyprovider/ (whose examples/ocicrypt.conf names PREFIX/bin).
# Usage: scripts/install.sh [--prefix DIR]   (default /usr/local). Idempotent: files are replaced.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

die() { printf 'install: %s\n' "$*" >&2; exit 1; }

# shellcheck source=lib/stage_files.sh
source "${ROOT}/scripts/lib/stage_files.sh"

usage() { printf 'usage: scripts/install.sh [--prefix DIR]\n' >&2; exit 2; }

main() {
  local prefix=/usr/local
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --prefix) [[ $# -ge 2 ]] || usage; prefix="$2"; shift 2 ;;
      *) usage ;;
    esac
  done
  [[ ${prefix} == /* ]] \
    || die "--prefix ${prefix}: not absolute (the installed ocicrypt.conf names it)"
  # The example ocicrypt.conf names the prefix in a JSON string, written with sed.
  [[ ${prefix} =~ ^[[:alnum:]/._+\ -]+$ ]] \
    || die "--prefix ${prefix}: only letters, digits, spaces and / . _ + - (it goes into a JSON file)"
  [[ -n ${prefix%/} ]] || die "--prefix /: give a folder to install under, e.g. /usr/local"
  stage_build "${ROOT}"
  stage_files "${ROOT}" "" "${prefix%/}"
  printf '%s\n' "${prefix%/}/bin/coco-keyprovider"
}

main "$@"
