# shellcheck shell=bash
# Sourced by the scripts that need Debian 12 packages on the machine itself (build tools, clang,
# valgrind, patchelf): installs those that are missing, through sudo unless already root.

# install_host_packages PACKAGE...: apt-get update and install, only when one of them is missing.
install_host_packages() {
  local missing=() pkg sudo=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "${pkg}" 2>/dev/null | grep -q '^install ok installed$' \
      || missing+=("${pkg}")
  done
  [[ ${#missing[@]} -eq 0 ]] && return
  printf 'installing %s\n' "${missing[*]}" >&2
  [[ ${EUID} -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq || return 1
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
}
