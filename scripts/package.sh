#!/usr/bin/env bash
# Builds the product for users: dist/coco-keyprovider_<version>_amd64.deb, and dist/image/, an OCI
# image layout of the static binary and CA certificates (publish it with
# `skopeo copy oci:dist/image:<version> docker://...`). Both are reproducible: the same commit and
# the same host packages (ca-certificates, the toolchain) give the same bytes, with every time set
# to SOURCE_DATE_EPOCH (default: the commit's time). Idempotent: each run replaces both.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly DIST="${ROOT}/dist"
readonly STAGE="${DIST}/.stage"
readonly CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt

die() { printf 'package: %s\n' "$*" >&2; exit 1; }

# shellcheck source=lib/stage_files.sh
source "${ROOT}/scripts/lib/stage_files.sh"
# shellcheck source=lib/host_packages.sh
source "${ROOT}/scripts/lib/host_packages.sh"

# write_control STAGE VERSION MAINTAINER: DEBIAN/control and DEBIAN/md5sums. The binary is static,
# so there is no Depends.
write_control() {
  local stage="$1" size
  # Installed-Size as dpkg-gencontrol counts it: each file's KiB rounded up, plus one per folder.
  size="$(find "${stage}" -path "${stage}/DEBIAN" -prune -o \( -type f -printf '%s\n' \) -o \
    \( -type d -printf '1024\n' \) | awk '{ kib += int(($1 + 1023) / 1024) } END { print kib }')"
  install -d -m 0755 "${stage}/DEBIAN"
  cat >"${stage}/DEBIAN/control" <<EOF
Package: coco-keyprovider
Version: $2
Architecture: amd64
Maintainer: $3
Installed-Size: ${size}
Suggests: skopeo (>= 1.18), buildah (>= 1.39)
Section: utils
Priority: optional
Description: ocicrypt keyprovider for Confidential Containers
 coco-keyprovider is the program ocicrypt (skopeo, buildah, containerd's
 ctr-enc) runs to wrap and unwrap the keys of encrypted container image
 layers for Confidential Containers (CoCo). It writes exactly the annotation
 packet CoCo guests decrypt, and unwraps it again with the Attestation Agent's
 offline key sources or from Trustee's Key Broker Service.
 .
 It also encrypts, decrypts, verifies and rewraps OCI images by itself,
 manages keys files, registers keys in a KBS, and checks an ocicrypt setup
 (doctor). It is a single statically linked binary.
EOF
  (cd "${stage}" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | LC_ALL=C sort |
    xargs -d '\n' md5sum) >"${stage}/DEBIAN/md5sums"
  chmod 0644 "${stage}/DEBIAN/control" "${stage}/DEBIAN/md5sums"
}

# stage VERSION MAINTAINER: every file of the package in STAGE, with its control files, owned by
# whoever runs this (dpkg-deb makes them root's).
stage() {
  rm -rf "${STAGE}"
  install -d -m 0755 "${STAGE}"
  stage_files "${ROOT}" "${STAGE}" /usr
  install -D -m 0644 "${ROOT}/packaging/lintian-overrides" \
    "${STAGE}/usr/share/lintian/overrides/coco-keyprovider" \
    || die "${STAGE}/usr/share/lintian/overrides/coco-keyprovider: cannot write it"
  # Every folder 0755 whatever the umask or a setgid parent gave it: dpkg-deb refuses a control
  # folder of another mode, and the .deb must not depend on where it was built.
  find "${STAGE}" -type d -exec chmod 00755 {} + || die "${STAGE}: cannot set its folders' modes"
  write_control "${STAGE}" "$1" "$2"
}

# build_deb VERSION EPOCH: the .deb of STAGE. With SOURCE_DATE_EPOCH dpkg-deb dates the archive
# members EPOCH and clamps every file's mtime to it; it sorts the files itself.
build_deb() {
  local deb="${DIST}/coco-keyprovider_$1_amd64.deb"
  # One .deb in dist/, so `apt install ./dist/coco-keyprovider_*_amd64.deb` installs this one.
  rm -f "${DIST}"/coco-keyprovider_*_amd64.deb
  SOURCE_DATE_EPOCH="$2" dpkg-deb --root-owner-group -Zxz --build "${STAGE}" "${deb}" >/dev/null \
    || die "dpkg-deb: cannot build ${deb}"
  printf '%s\n' "${deb}"
}

# build_image VERSION EPOCH: dist/image, the binary the .deb installs plus the host's CA bundle
# and the .deb's copyright files.
build_image() {
  local ca_version
  ca_version="$(dpkg-query -W -f='${Version}' ca-certificates)" \
    || die "dpkg-query: ca-certificates is not installed"
  [[ -f ${CA_BUNDLE} ]] || die "${CA_BUNDLE}: missing (update-ca-certificates writes it)"
  rm -rf "${DIST}/image"
  python3 "${ROOT}/scripts/make_product_image.py" --binary "${STAGE}/usr/bin/coco-keyprovider" \
    --ca-bundle "${CA_BUNDLE}" --ca-certificates-version "${ca_version}" --version "$1" \
    --epoch "$2" --doc "${STAGE}/usr/share/doc/coco-keyprovider" "${DIST}/image" \
    || die "make_product_image.py: cannot write ${DIST}/image"
  printf '%s\n' "${DIST}/image"
}

main() {
  local version epoch maintainer
  install_host_packages ca-certificates python3 binutils || die "apt-get: cannot install the tools"
  stage_build "${ROOT}"
  version="$(stage_version "${ROOT}")"
  epoch="$(stage_epoch "${ROOT}")"
  maintainer="$(stage_maintainer "${ROOT}")"
  mkdir -p "${DIST}"
  trap 'rm -rf "${STAGE}"' EXIT
  stage "${version}" "${maintainer}"
  build_deb "${version}" "${epoch}"
  build_image "${version}" "${epoch}"
}

main "$@"
