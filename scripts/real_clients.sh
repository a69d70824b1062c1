#!/usr/bin/env bash
# Installs the real ocicrypt clients the integration tests and the demo use: Debian 13's skopeo
# (1.18) and buildah (1.39), whose ocicrypt supports keyproviders. They run on Debian 12 from a
# private folder, third_party/clients/, with their own Debian 13 libraries. Also Debian 12's own
# skopeo (1.9.3) and buildah (1.28.2), built with an ocicrypt (1.0.3) that has no keyprovider, in
# third_party/clients/debian12/bin/, for the doctor test to tell them apart. Nothing is installed
# system-wide except patchelf (from Debian 12) and python3.
# Idempotent. Prints the folder of Debian 13's `skopeo` and `buildah` commands.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly CLIENTS="${ROOT}/third_party/clients"
readonly TREE="${CLIENTS}/debian13"
readonly BIN="${CLIENTS}/bin"
# The programs and the Debian 13 libraries they load (their Depends, transitively, minus config
# packages), all from the same archive.
readonly PACKAGES=(
  skopeo buildah libc6 libgcc-s1 libgpgme11t64 libassuan9 libgpg-error0 libsqlite3-0 libseccomp2
  libsubid5 libacl1 libattr1 libaudit1 libbsd0 libcrypt1 libpam0g libselinux1 libsemanage2
  libsepol2 libpcre2-8-0 libcap-ng0 libmd0 libbz2-1.0
)
# Debian 12's clients and the libraries they need beyond a base system.
readonly DEBIAN12_TREE="${CLIENTS}/debian12"
readonly DEBIAN12_PACKAGES=(skopeo buildah libgpgme11 libassuan0 libdevmapper1.02.1)
readonly HOST_PACKAGES=(patchelf python3)
# shellcheck source=lib/private_apt.sh
source "${ROOT}/scripts/lib/private_apt.sh"
# shellcheck source=lib/host_packages.sh
source "${ROOT}/scripts/lib/host_packages.sh"

log() { printf 'real-clients: %s\n' "$*" >&2; }
die() { printf 'real-clients: error: %s\n' "$*" >&2; exit 1; }

fetch_debian13_tree() {
  local stamp="${TREE}/.packages"
  [[ -f ${stamp} && "$(cat "${stamp}")" == "${PACKAGES[*]}" ]] && return
  log "fetching Debian 13 ${PACKAGES[*]}"
  private_apt_extract "${CLIENTS}/.work" "${TREE}" "deb trixie main" -- "${PACKAGES[@]}" \
    || die "fetching Debian 13 packages failed"
  printf '%s\n' "${PACKAGES[*]}" >"${stamp}"
}

# skopeo runs through Debian 13's dynamic loader. --library-path, not LD_LIBRARY_PATH: the
# keyprovider child inherits the environment and must not load these libraries.
# buildah re-executes itself, which the loader trick cannot follow, so a copy of it is patched
# to name Debian 13's loader and libraries itself.
make_commands() {
  local libs="${TREE}/usr/lib/x86_64-linux-gnu"
  mkdir -p "${BIN}"
  cat >"${BIN}/skopeo" <<SCRIPT
#!/bin/sh
exec "${libs}/ld-linux-x86-64.so.2" --library-path "${libs}" "${TREE}/usr/bin/skopeo" "\$@"
SCRIPT
  chmod +x "${BIN}/skopeo"
  if [[ ! -x ${BIN}/buildah || ${BIN}/buildah -ot ${TREE}/.packages ]]; then
    cp "${TREE}/usr/bin/buildah" "${BIN}/buildah.tmp"
    patchelf --set-interpreter "${libs}/ld-linux-x86-64.so.2" --force-rpath --set-rpath "${libs}" \
      "${BIN}/buildah.tmp"
    mv "${BIN}/buildah.tmp" "${BIN}/buildah"
  fi
  "${BIN}/skopeo" --version >/dev/null || die "skopeo does not start"
  "${BIN}/buildah" --version >/dev/null || die "buildah does not start"
}

fetch_debian12_tree() {
  local stamp="${DEBIAN12_TREE}/.packages"
  [[ -f ${stamp} && "$(cat "${stamp}")" == "${DEBIAN12_PACKAGES[*]}" ]] && return
  log "fetching Debian 12 ${DEBIAN12_PACKAGES[*]}"
  private_apt_extract "${CLIENTS}/.debian12-work" "${DEBIAN12_TREE}" "deb bookworm main" -- \
    "${DEBIAN12_PACKAGES[@]}" || die "fetching Debian 12 packages failed"
  printf '%s\n' "${DEBIAN12_PACKAGES[*]}" >"${stamp}"
}

# Debian 12's programs run with the system's loader and libc; patched copies find the libraries a
# base system lacks in the tree (an rpath, which a keyprovider child does not inherit). Real
# programs rather than wrapper scripts, so that doctor can read their ocicrypt.
make_debian12_commands() {
  local command bin="${DEBIAN12_TREE}/bin" rpath="${DEBIAN12_TREE}/usr/lib/x86_64-linux-gnu"
  rpath+=":${DEBIAN12_TREE}/lib/x86_64-linux-gnu"
  mkdir -p "${bin}"
  for command in skopeo buildah; do
    if [[ ! -x ${bin}/${command} || ${bin}/${command} -ot ${DEBIAN12_TREE}/.packages ]]; then
      cp "${DEBIAN12_TREE}/usr/bin/${command}" "${bin}/${command}.tmp"
      patchelf --force-rpath --set-rpath "${rpath}" "${bin}/${command}.tmp"
      mv "${bin}/${command}.tmp" "${bin}/${command}"
    fi
    "${bin}/${command}" --version >/dev/null || die "Debian 12's ${command} does not start"
  done
}

install_host_packages "${HOST_PACKAGES[@]}"
fetch_debian13_tree
make_commands
fetch_debian12_tree
make_debian12_commands
printf '%s\n' "${BIN}"
