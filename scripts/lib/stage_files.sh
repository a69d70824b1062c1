# shellcheck shell=bash
# Sourced by scripts/package.sh and scripts/install.sh: the one list of the files coco-keyprovider
# installs and how each is made, so the .deb and an installation under a prefix never differ.
# The caller defines die MESSAGE (one line on stderr, exit 1).

# What is installed comes from these Bazel targets: the binary, and the manual page and bash
# completion generated from its command and flag tables.
readonly STAGE_TARGETS=(
  //src:coco-keyprovider //src/cli:manual_page_roff //src/cli:bash_completion_script
)

# The copyright files of what the static binary links in, as their Debian packages ship them:
# name, then the file (relative to the repository, or absolute for the host's toolchain).
readonly STAGE_THIRD_PARTY=(
  abseil third_party/src/abseil/debian/copyright
  boringssl third_party/src/boringssl/debian/copyright
  c-ares third_party/src/c_ares/debian/copyright
  curl third_party/src/curl/debian/copyright
  rapidjson third_party/src/rapidjson/debian/copyright
  glibc /usr/share/doc/libc6/copyright
  libstdc++ /usr/share/doc/libstdc++6/copyright
)

# stage_build ROOT: builds what is installed, after setup (Bazel, the library sources: on a fresh
# machine this is the first step; later it only says "ready").
stage_build() {
  "$1/scripts/setup.sh" >&2 || die "scripts/setup.sh: failed (its output is above)"
  (cd "$1" && bazel build "${STAGE_TARGETS[@]}" >&2) || die "bazel build: failed (its output is above)"
}

# stage_version ROOT: the version, the second word of `coco-keyprovider --version`'s first line.
stage_version() {
  local line version
  line="$("$1/bazel-bin/src/coco-keyprovider" --version)" \
    || die "coco-keyprovider --version: does not run"
  line="${line%%$'\n'*}"
  read -r _ version _ <<<"${line}"
  [[ ${version} =~ ^[0-9][0-9A-Za-z.+~]*$ ]] \
    || die "coco-keyprovider --version: no version in its first line: ${line}"
  printf '%s\n' "${version}"
}

# stage_epoch ROOT: SOURCE_DATE_EPOCH if set, else the time of the commit checked out, so the same
# commit always gives the same bytes.
stage_epoch() {
  if [[ -n ${SOURCE_DATE_EPOCH:-} ]]; then
    # dpkg-deb clamps only later times to it: a time in the future would let real ones through.
    [[ ${SOURCE_DATE_EPOCH} =~ ^[0-9]+$ && ${SOURCE_DATE_EPOCH} -le $(date +%s) ]] \
      || die "SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH}: not a time in seconds up to now"
    printf '%s\n' "${SOURCE_DATE_EPOCH}"
  else
    stage_git "$1" log -1 --format=%ct 2>/dev/null || die "git log: cannot read the commit's time"
  fi
}

# stage_git ROOT ARGS...: git in the checkout even when another user owns it (sudo install.sh):
# reading the commit's time and author needs no trust in the checkout's git config.
stage_git() {
  local root="$1"
  shift
  git -c safe.directory="${root}" -C "${root}" "$@"
}

# stage_maintainer ROOT: "DEBFULLNAME <DEBEMAIL>" if DEBEMAIL is set (Debian's convention), else
# the author of the project's first commit (stable, unlike whoever committed last).
stage_maintainer() {
  if [[ -n ${DEBEMAIL:-} ]]; then
    printf '%s <%s>\n' "${DEBFULLNAME:-coco-keyprovider maintainers}" "${DEBEMAIL}"
  else
    stage_git "$1" log --max-parents=0 -1 --format='%an <%ae>' 2>/dev/null \
      || die "git log: cannot read the first commit's author"
  fi
}

# gzipped SRC DEST: gzip -9 without the name and time, so the bytes depend on the content only.
gzipped() {
  gzip -9n <"$1" >"$2" || die "$2: gzip cannot write it"
  chmod 0644 "$2"
}

# stage_changelog VERSION EPOCH MAINTAINER DEST: the native package's changelog, gzipped.
stage_changelog() {
  local text
  text="$(mktemp)"
  cat >"${text}" <<EOF
coco-keyprovider ($1) unstable; urgency=medium

  * Release $1; see /usr/share/doc/coco-keyprovider/README.md.gz.

 -- $3  $(LC_ALL=C date -u -R -d "@$2")
EOF
  gzipped "${text}" "$4"
  rm -f "${text}"
}

# stage_files ROOT DEST PREFIX: installs every file into DEST/PREFIX (DEST empty for a real
# installation), the paths inside them naming PREFIX.
stage_files() {
  local root="$1" dest="$2" prefix="$3"
  install -d -m 0755 "${dest}${prefix}/bin" "${dest}${prefix}/share/man/man1" \
    "${dest}${prefix}/share/bash-completion/completions" \
    "${dest}${prefix}/share/doc/coco-keyprovider/examples" \
    || die "${dest}${prefix}: cannot create the folders under it"
  stage_program "${root}/bazel-bin/src" "${dest}${prefix}"
  stage_doc "${root}" "${dest}${prefix}/share/doc/coco-keyprovider" "${prefix}"
}

# stage_program BIN TARGET: the binary, its manual page and bash completion from Bazel's BIN into
# the installation's TARGET (PREFIX inside DEST).
stage_program() {
  local bin="$1" target="$2"
  # Stripped as Debian strips binaries: nothing at run time reads the symbols.
  strip --strip-unneeded --remove-section=.comment -o "${target}/bin/coco-keyprovider" \
    "${bin}/coco-keyprovider" || die "${target}/bin/coco-keyprovider: strip cannot write it"
  chmod 0755 "${target}/bin/coco-keyprovider"
  gzipped "${bin}/cli/coco-keyprovider.1" "${target}/share/man/man1/coco-keyprovider.1.gz"
  install -m 0644 "${bin}/cli/coco-keyprovider.bash" \
    "${target}/share/bash-completion/completions/coco-keyprovider" \
    || die "${target}/share/bash-completion/completions/coco-keyprovider: cannot write it"
}

# stage_doc ROOT DOC PREFIX: the copyright files, changelog, README and example into DOC.
stage_doc() {
  local root="$1" doc="$2" prefix="$3" version epoch maintainer i
  # Assigned first: a failure inside $(...) as an argument would not stop the script.
  version="$(stage_version "${root}")"
  epoch="$(stage_epoch "${root}")"
  maintainer="$(stage_maintainer "${root}")"
  install -m 0644 "${root}/packaging/copyright" "${doc}/copyright" \
    || die "${doc}/copyright: cannot write it"
  stage_changelog "${version}" "${epoch}" "${maintainer}" "${doc}/changelog.gz"
  gzipped "${root}/README.md" "${doc}/README.md.gz"
  sed "s|/usr/bin/coco-keyprovider|${prefix}/bin/coco-keyprovider|" \
    "${root}/packaging/ocicrypt.conf" >"${doc}/examples/ocicrypt.conf" \
    || die "${doc}/examples/ocicrypt.conf: cannot write it"
  chmod 0644 "${doc}/examples/ocicrypt.conf"
  for ((i = 0; i < ${#STAGE_THIRD_PARTY[@]}; i += 2)); do
    stage_third_party "${root}" "${STAGE_THIRD_PARTY[i]}" "${STAGE_THIRD_PARTY[i + 1]}" "${doc}"
  done
}

# stage_third_party ROOT NAME FILE DOC: NAME's copyright file into DOC/third_party/NAME/.
stage_third_party() {
  local source="$3"
  [[ ${source} == /* ]] || source="$1/${source}"
  [[ -f ${source} ]] || die "${source}: missing (scripts/setup.sh fetches the library sources)"
  install -D -m 0644 "${source}" "$4/third_party/$2/copyright" \
    || die "$4/third_party/$2/copyright: cannot write it"
}
