# Sourced by scripts that fetch from Debian's archive through a private apt configuration: their own
# sources list, lists, cache and an empty dpkg status, so the system's apt setup never changes.
# The archive's address is read from the system's own apt sources, never written in the repo.

readonly DEBIAN_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# Prints the URI of the system's Debian archive (the entry serving suite bookworm).
debian_archive_uri() {
  local f uri=""
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f ${f} ]] || continue
    uri="$(awk 'BEGIN { RS = "" } /(^|\n)Suites:[^\n]*bookworm([ \n]|$)/ {
                 if (match($0, /(^|\n)URIs:[ \t]*[^ \t\n]+/)) {
                   s = substr($0, RSTART, RLENGTH); sub(/.*URIs:[ \t]*/, "", s); print s; exit } }' "${f}")"
    [[ -n ${uri} ]] && break
  done
  if [[ -z ${uri} ]]; then
    uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
           awk '$1 == "deb" && $0 ~ / bookworm / { for (i = 2; i <= NF; i++) if ($i ~ /:\/\//) { print $i; exit } }')"
  fi
  [[ -n ${uri} ]] || { echo "no Debian bookworm entry in /etc/apt sources" >&2; return 1; }
  printf '%s\n' "${uri}"
}

# private_apt DIR ARGS...: apt-get on the private configuration in DIR.
private_apt() {
  local dir="$1"
  shift
  apt-get -o "Dir::Etc::SourceList=${dir}/sources.list" -o "Dir::Etc::SourceParts=${dir}/sources.list.d" \
    -o "Dir::State::Lists=${dir}/lists" -o "Dir::Cache=${dir}/cache" \
    -o "Dir::State::status=${dir}/status" -o "APT::Sandbox::User=root" -o "Debug::NoLocking=1" \
    -qq "$@"
}

# private_apt_init DIR LINE...: a fresh private configuration in DIR with these sources.list lines
# ("TYPE SUITE COMPONENT", e.g. "deb-src bookworm main"), then `apt-get update`.
private_apt_init() {
  local dir="$1" uri line
  shift
  uri="$(debian_archive_uri)" || return 1
  rm -rf "${dir}"
  mkdir -p "${dir}/lists/partial" "${dir}/cache/archives/partial" "${dir}/sources.list.d"
  : >"${dir}/status"
  for line in "$@"; do
    read -r type suite component <<<"${line}"
    printf '%s [signed-by=%s] %s %s %s\n' "${type}" "${DEBIAN_KEYRING}" "${uri}" "${suite}" \
      "${component}" >>"${dir}/sources.list"
  done
  private_apt "${dir}" update >/dev/null
}

# private_apt_extract WORK TREE LINE... -- PACKAGE...: downloads the packages through a fresh
# private configuration in WORK (sources.list lines as for private_apt_init), unpacks them into a
# fresh TREE with dpkg-deb -x, and records "package version" lines in TREE/.versions. WORK is
# removed afterwards. Callers test its status (`|| die`), which turns `set -e` off inside it, so
# every step checks its own.
private_apt_extract() {
  local work="$1" tree="$2" lines=() debs deb package version
  shift 2
  while [[ $# -gt 0 && $1 != -- ]]; do
    lines+=("$1")
    shift
  done
  shift
  rm -rf "${work}" "${tree}" && mkdir -p "${work}/debs" "${tree}" || return 1
  private_apt_init "${work}/apt" "${lines[@]}" || { echo "apt-get update failed" >&2; return 1; }
  (cd "${work}/debs" && private_apt "${work}/apt" download "$@" >/dev/null) \
    || { echo "apt-get download of $* failed" >&2; return 1; }
  debs=("${work}"/debs/*.deb)
  if [[ ${#debs[@]} -ne $# || ! -f ${debs[0]} ]]; then
    echo "apt-get download gave ${#debs[@]} packages for $# names" >&2
    return 1
  fi
  for deb in "${debs[@]}"; do
    package="$(dpkg-deb -f "${deb}" Package)" && version="$(dpkg-deb -f "${deb}" Version)" \
      && dpkg-deb -x "${deb}" "${tree}" \
      && printf '%s %s\n' "${package}" "${version}" >>"${tree}/.versions" \
      || { echo "cannot unpack ${deb##*/}" >&2; return 1; }
  done
  rm -rf "${work}"
}
