#!/usr/bin/env bash
# Installs what the containerd integration test needs: Debian 13's containerd (1.7) and imgcrypt
# (1.1: `ctr-imgcrypt`, upstream's `ctr-enc`, and `ctd-decoder`, the stream processor through
# which the daemon decrypts layers), whose ocicrypt supports keyproviders, and Debian 12's runc
# (Debian 13's needs glibc 2.38). They are Go programs that need only glibc >= 2.34 (and runc
# libseccomp2, which apt itself depends on), so they run on Debian 12 as they are, from a private
# folder, third_party/clients/containerd/; nothing is installed system-wide.
# Idempotent. Prints the folder of the commands (containerd, its shims, ctr, ctr-imgcrypt,
# ctd-decoder, runc).
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly CLIENTS="${ROOT}/third_party/clients"
readonly TREE="${CLIENTS}/containerd"
readonly BIN="${TREE}/usr/bin"
# apt-get download names: the Debian 13 programs, and runc pinned to Debian 12's suite, which the
# private sources list serves beside Debian 13's.
readonly PACKAGES=(containerd imgcrypt runc/bookworm)
# shellcheck source=lib/private_apt.sh
source "${ROOT}/scripts/lib/private_apt.sh"

log() { printf 'containerd-clients: %s\n' "$*" >&2; }
die() { printf 'containerd-clients: error: %s\n' "$*" >&2; exit 1; }

fetch_tree() {
  local stamp="${TREE}/.packages"
  [[ -f ${stamp} && "$(cat "${stamp}")" == "${PACKAGES[*]}" ]] && return
  log "fetching ${PACKAGES[*]}"
  # A work folder of its own, so this can run beside scripts/real_clients.sh.
  private_apt_extract "${CLIENTS}/.containerd-work" "${TREE}" "deb trixie main" \
    "deb bookworm main" -- "${PACKAGES[@]}" || die "fetching ${PACKAGES[*]} failed"
  printf '%s\n' "${PACKAGES[*]}" >"${stamp}"
}

check_commands() {
  local command
  for command in containerd ctr ctr-imgcrypt runc; do
    "${BIN}/${command}" --version >/dev/null || die "${command} does not start"
  done
  # ctd-decoder has no --version; its --help proves it starts.
  "${BIN}/ctd-decoder" --help >/dev/null || die "ctd-decoder does not start"
  [[ -x ${BIN}/containerd-shim-runc-v2 ]] || die "containerd-shim-runc-v2 is missing"
}

fetch_tree
check_commands
printf '%s\n' "${BIN}"
