#!/usr/bin/env bash
# Installs the build tools and fetches the pinned third-party sources on a fresh Debian 12 machine.
# Idempotent: a second run only checks what is already there.
#
# Sources come from Debian's own archive (the mirror named in this machine's apt sources, through a
# private apt configuration), as source packages pinned in third_party/sources.lock and verified by
# SHA-256, unpacked into third_party/src/.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly LOCK="${ROOT}/third_party/sources.lock"
readonly PATCHES="${ROOT}/third_party/patches"
readonly DEST="${ROOT}/third_party/src"
readonly APT_DIR="${DEST}/.apt"
# shellcheck source=lib/private_apt.sh
source "${ROOT}/scripts/lib/private_apt.sh"
# shellcheck source=lib/host_packages.sh
source "${ROOT}/scripts/lib/host_packages.sh"
# The build, plus what the tests' KBS double (tests/kbs) runs on: python3 with python3-cryptography,
# openssl for admin keys made as users make them, and strace to show that name resolution loads
# nothing of glibc's NSS.
readonly PACKAGES=(bazel-bootstrap bazel-platforms bazel-skylib dpkg-dev xz-utils patch file g++
  python3 python3-cryptography openssl strace)

log() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# The identity of a folder's patches (third_party/patches/<folder>/*.patch), for the stamp.
patches_id() {
  local folder="$1"
  compgen -G "${PATCHES}/${folder}/*.patch" >/dev/null || { echo "none"; return; }
  cat "${PATCHES}/${folder}"/*.patch | sha256sum | cut -c1-16
}

# Our own small fixes on top of Debian's, applied in name order.
apply_patches() {
  local folder="$1" tree="$2" patch_file
  for patch_file in "${PATCHES}/${folder}"/*.patch; do
    [[ -f ${patch_file} ]] || continue
    patch -d "${tree}" -p1 --forward --quiet <"${patch_file}" >/dev/null \
      || die "${folder}: $(basename "${patch_file}") does not apply"
  done
}

fetch_one() {
  local folder="$1" package="$2" version="$3" orig_sha="$4" debian_sha="$5"
  local stamp_line="${package} ${version} ${orig_sha} ${debian_sha} patches:$(patches_id "${folder}")"
  local target="${DEST}/${folder}"
  if [[ -f ${target}/.fetched && "$(cat "${target}/.fetched")" == "${stamp_line}" ]]; then
    return
  fi
  log "fetching ${package} ${version}"
  local work
  work="$(mktemp -d "${DEST}/.work.XXXXXX")"
  (cd "${work}" && private_apt "${APT_DIR}" source --download-only "${package}=${version}" \
      >/dev/null 2>"${work}/apt.err") || {
    cat "${work}/apt.err" >&2
    die "${package}=${version} is not in the archive any more; review the current version, then update ${LOCK}"
  }
  local upstream="${version%-*}" orig debian_tar
  upstream="${upstream#*:}"
  # Not the upstream signature (.orig.tar.gz.asc) that some packages ship beside the tarball.
  orig="$(compgen -G "${work}/${package}_${upstream}.orig.tar.*" | grep -v '\.asc$' | head -n1)"
  debian_tar="$(compgen -G "${work}/${package}_${version#*:}.debian.tar.*" | head -n1)"
  [[ -n ${orig} && -n ${debian_tar} ]] || die "${package}: unexpected source package layout"
  [[ "$(sha256_of "${orig}")" == "${orig_sha}" ]] \
    || die "${package}: checksum mismatch for $(basename "${orig}")"
  [[ "$(sha256_of "${debian_tar}")" == "${debian_sha}" ]] \
    || die "${package}: checksum mismatch for $(basename "${debian_tar}")"
  # dpkg-source applies Debian's patches (security fixes among them) on top of the upstream tree.
  (cd "${work}" && dpkg-source -q -x ./*.dsc tree >/dev/null 2>&1) \
    || die "${package}: dpkg-source -x failed"
  apply_patches "${folder}" "${work}/tree"
  printf '%s\n' "${stamp_line}" >"${work}/tree/.fetched"
  rm -rf "${target}"
  mv "${work}/tree" "${target}"
  rm -rf "${work}"
}

fetch_sources() {
  mkdir -p "${DEST}"
  local needed=0 folder package version orig_sha debian_sha
  while read -r folder package version orig_sha debian_sha; do
    [[ -z ${folder} || ${folder} == \#* ]] && continue
    [[ -f ${DEST}/${folder}/.fetched && "$(cat "${DEST}/${folder}/.fetched")" == \
       "${package} ${version} ${orig_sha} ${debian_sha} patches:$(patches_id "${folder}")" ]] \
      || needed=1
  done <"${LOCK}"
  [[ ${needed} -eq 1 ]] || return 0

  private_apt_init "${APT_DIR}" "deb-src bookworm main" \
    || die "apt-get update of the private source list failed"

  while read -r folder package version orig_sha debian_sha; do
    [[ -z ${folder} || ${folder} == \#* ]] && continue
    fetch_one "${folder}" "${package}" "${version}" "${orig_sha}" "${debian_sha}"
  done <"${LOCK}"
  rm -rf "${APT_DIR}"
}

install_host_packages "${PACKAGES[@]}"
fetch_sources
log "ready"
