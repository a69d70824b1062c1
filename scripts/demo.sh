#!/usr/bin/env bash
# The main job in one command, on a fresh Debian 12 machine: set up, build, make a key and an
# image, encrypt the image with skopeo through coco-keyprovider, show a layer's annotation, decrypt
# it and check it equals the original byte for byte. Works in a folder of its own; besides the
# installs (scripts/setup.sh, scripts/real_clients.sh) nothing else on the machine changes, except
# that skopeo, run as root, keeps its own blob-info cache under /var/lib/containers/cache.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${root}"

step() { printf '\n== %s\n' "$*"; }
show() { printf '$ %s\n' "$*"; "$@"; }

step "Setting up and building (first run: a few minutes; later runs: seconds)"
scripts/setup.sh
bazel build //src:coco-keyprovider 2>&1 | tail -n 1
binary="${root}/bazel-bin/src/coco-keyprovider"
file -L "${binary}" | cut -d, -f1-2,4
clients="$(scripts/real_clients.sh)"
export PATH="${clients}:${PATH}"
echo "clients: $(skopeo --version) (Debian 13, from ${clients})"

work="$(mktemp -d "${TMPDIR:-/tmp}/coco-keyprovider-demo.XXXXXX")"
trap 'rm -rf "${work}"' EXIT
cd "${work}"
umask 077
echo "working in ${work}"

step "Key-encryption keys (KEKs): an offline_fs_kbc keys file of ten fresh 32-byte keys"
show "${binary}" keys generate --out keys.json
echo "keys.json: $(stat -c 'mode %a' keys.json), ids: $(grep -o '"default/key/key_id[0-9]*"' keys.json | tr '\n' ' ')"

step "A test image: an OCI layout with three gzip layers, one of them 1.5 MiB"
python3 "${root}/scripts/make_test_image.py" image >/dev/null
show skopeo inspect --format '{{.Digest}} {{len .Layers}} layers' oci:image:latest

step "ocicrypt.conf: our binary as the provider attestation-agent, decrypting with keys.json"
cat >ocicrypt.conf <<CONF
{"key-providers": {"attestation-agent": {"cmd": {
  "path": "${binary}",
  "args": ["--keys-file", "${work}/keys.json"]}}}}
CONF
cat ocicrypt.conf
export OCICRYPT_KEYPROVIDER_CONFIG="${work}/ocicrypt.conf"

step "Encrypting every layer with skopeo, with the key default/key/key_id1 of keys.json"
show skopeo copy --quiet --insecure-policy \
  --encryption-key "provider:attestation-agent:keyid=kbs:///default/key/key_id1::keyfile=${work}/keys.json" \
  oci:image:latest oci:encrypted:latest
show "${binary}" inspect encrypted:latest
skopeo inspect oci:encrypted:latest >inspect.json
python3 - <<'PY'
import base64, json
layers = json.load(open("inspect.json"))["LayersData"]
annotations = layers[0]["Annotations"]
print("\nAs the CoCo guide shows it (skopeo inspect, then base64 -d), layer 1's annotations:")
print("org.opencontainers.image.enc.keys.provider.attestation-agent, base64-decoded:")
print(base64.b64decode(annotations["org.opencontainers.image.enc.keys.provider.attestation-agent"]).decode())
print("org.opencontainers.image.enc.pubopts, base64-decoded:")
print(base64.b64decode(annotations["org.opencontainers.image.enc.pubopts"]).decode())
PY

step "Decrypting with skopeo: the KEK comes from keys.json through offline_fs_kbc, as in a CoCo guest"
show skopeo copy --quiet --insecure-policy \
  --decryption-key provider:attestation-agent:offline_fs_kbc::null \
  oci:encrypted:latest oci:decrypted:latest
original="$(skopeo inspect --format '{{.Digest}}' oci:image:latest)"
decrypted="$(skopeo inspect --format '{{.Digest}}' oci:decrypted:latest)"
echo "original manifest:  ${original}"
echo "decrypted manifest: ${decrypted}"
[[ ${original} == "${decrypted}" ]] || { echo "the decrypted image differs" >&2; exit 1; }
for blob in image/blobs/sha256/*; do
  cmp -s "${blob}" "decrypted/blobs/sha256/${blob##*/}" \
    || { echo "blob ${blob##*/} differs" >&2; exit 1; }
done
echo "every blob of the decrypted image equals the original's: OK"

step "A wrong key: skopeo fails, and its message carries the provider's one-line reason"
"${binary}" keys generate --force --out keys.json
status=0
skopeo copy --quiet --insecure-policy --decryption-key provider:attestation-agent:offline_fs_kbc::null \
  oci:encrypted:latest oci:wrong:latest 2>wrong.err || status=$?
[[ ${status} -ne 0 ]] || { echo "a wrong key was accepted" >&2; exit 1; }
echo "skopeo exit status ${status}; its message contains:"
grep -o 'coco-keyprovider: [^\\]*' wrong.err | head -n 1

step "Done: encrypted with skopeo through coco-keyprovider, decrypted, identical to the original"
