#!/usr/bin/env bash
# Installs the build tools and fetches the pinned third-party sources on a fresh Debian 12 machine.
# Idempotent: a second run only checks what is already there.
#
# Sources come from Debian's own archive (the mirror named in this machine's apt sources, through a
# private apt configuration), as source packages pinned in third_party/sources.lock and verified by
# SHA-256, unpacked into third_party/src/.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Another lock, folder and patches only for tests/integration/setup_lock_test.py, with
# --sources-only (which installs no package).
readonly LOCK="${SETUP_LOCK:-${ROOT}/third_party/sources.lock}"
readonly PATCHES="${SETUP_PATCHES:-${ROOT}/third_party/patches}"
readonly DEST="${SETUP_DEST:-${ROOT}/third_party/src}"
readonly APT_DIR="${DEST}/.apt"
# shellcheck source=lib/private_apt.sh
source "${ROOT}/scripts/lib/private_apt.sh"
# shellcheck source=lib/host_packages.sh
source "${ROOT}/scripts/lib/host_packages.sh"
# shellcheck source=lib/debian_sources.sh
source "${ROOT}/scripts/lib/debian_sources.sh"
# The build, plus what the tests' KBS double (tests/kbs) runs on: python3 with python3-cryptography,
# openssl for admin keys made as users make them, and strace to show that name resolution loads
# nothing of glibc's NSS; groff-base, with which the manual page's test renders it.
readonly PACKAGES=(bazel-bootstrap bazel-platforms bazel-skylib dpkg-dev xz-utils patch file g++
  python3 python3-cryptography openssl strace groff-base)

log() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }


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
    local output
    output="$(patch -d "${tree}" -p1 --forward <"${patch_file}" 2>&1)" \
      || die "${folder}: our $(basename "${patch_file}") does not apply to this revision: $(grep -m1 -i 'fail\|reject\|can.t find' <<<"${output}" || tail -n1 <<<"${output}")"
  done
}

fetch_one() {
  local folder="$1" package="$2" version="$3" orig_sha="$4" debian_sha="$5"
  local stamp_line="${package} ${version} ${orig_sha} ${debian_sha} patches:$(patches_id "${folder}")"
  local target="${DEST}/${folder}"
  if [[ -f ${target}/.fetched && "$(head -n1 "${target}/.fetched")" == "${stamp_line}" ]]; then
    return
  fi
  log "fetching ${package} ${version}"
  local work used="${version}"
  work="$(mktemp -d "${DEST}/.work.XXXXXX")"
  if ! (cd "${work}" && download_source "${package}" "${version}"); then
    # Debian's archive keeps only the newest revision: a security update replaces the locked one.
    used="$(archive_version "${package}")"
    [[ -n ${used} ]] || { cat "${work}/apt.err" >&2; die "${package}: not in the archive"; }
    [[ "$(upstream_of "${used}")" == "$(upstream_of "${version}")" ]] ||
      die "${package}: the archive has ${used}, another upstream version than the locked ${version}; review it, then run: scripts/lock_sources.sh ${folder}"
    log "${package}: ${version} is gone from the archive; using ${used}, the same upstream version (its Debian changes verified by apt against the archive's signed Release files)"
    (cd "${work}" && download_source "${package}" "${used}") ||
      { cat "${work}/apt.err" >&2; die "${package}=${used} could not be downloaded"; }
  fi
  local upstream orig debian_tar
  upstream="$(upstream_of "${used}")"
  # Not the upstream signature (.orig.tar.gz.asc) that some packages ship beside the tarball.
  orig="$(compgen -G "${work}/${package}_${upstream}.orig.tar.*" | grep -v '\.asc$' | head -n1)"
  debian_tar="$(compgen -G "${work}/${package}_${used#*:}.debian.tar.*" | head -n1)"
  [[ -n ${orig} && -n ${debian_tar} ]] || die "${package}: unexpected source package layout"
  # The upstream tarball is the locked one whatever the Debian revision.
  [[ "$(sha256_of "${orig}")" == "${orig_sha}" ]] \
    || die "${package}: checksum mismatch for $(basename "${orig}")"
  [[ ${used} != "${version}" || "$(sha256_of "${debian_tar}")" == "${debian_sha}" ]] \
    || die "${package}: checksum mismatch for $(basename "${debian_tar}")"
  # dpkg-source applies Debian's patches (security fixes among them) on top of the upstream tree.
  (cd "${work}" && dpkg-source -q -x ./*.dsc tree >/dev/null 2>&1) \
    || die "${package}: dpkg-source -x failed"
  apply_patches "${folder}" "${work}/tree"
  printf '%s\n%s\n' "${stamp_line}" "used: ${package} ${used}" >"${work}/tree/.fetched"
  rm -rf "${target}"
  mv "${work}/tree" "${target}"
  rm -rf "${work}"
}

fetch_sources() {
  mkdir -p "${DEST}"
  local needed=0 folder package version orig_sha debian_sha
  while read -r folder package version orig_sha debian_sha; do
    [[ -z ${folder} || ${folder} == \#* ]] && continue
    [[ -f ${DEST}/${folder}/.fetched && "$(head -n1 "${DEST}/${folder}/.fetched")" == \
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

[[ ${1:-} == --sources-only ]] || install_host_packages "${PACKAGES[@]}"
fetch_sources
log "ready"
