# shellcheck shell=bash
# Sourced by scripts/setup.sh and scripts/lock_sources.sh: Debian source packages through the private
# apt configuration in "${APT_DIR}" (scripts/lib/private_apt.sh).

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

# The upstream part of a Debian version: no epoch, no Debian revision.
upstream_of() {
  local version="${1#*:}"
  printf '%s\n' "${version%-*}"
}

# The version of source package $1 that the archive has now.
archive_version() {
  private_apt "${APT_DIR}" source --print-uris --download-only "$1" 2>/dev/null |
    sed -n "s/.*\/$1_\([^']*\)\.dsc'.*/\1/p" | head -n1
}

# Downloads source package $1 at version $2 into the current folder; apt checks every file against
# the archive's Sources index, which the signed Release files vouch for.
download_source() {
  private_apt "${APT_DIR}" source --download-only "$1=$2" >/dev/null 2>apt.err
}

