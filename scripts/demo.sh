#!/usr/bin/env bash
# The main job in one command: set up, build, then wrap and unwrap a layer key exactly as ocicrypt
# (skopeo, buildah, containerd) asks the binary to, narrating each step. Works in a folder of its
# own and changes nothing else but the installs that scripts/setup.sh makes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${root}"

step() { printf '\n== %s\n' "$*"; }

step "Setting up and building (first run: a few minutes; later runs: seconds)"
scripts/setup.sh
bazel build //src:coco-keyprovider 2>&1 | tail -n 1
binary="${root}/bazel-bin/src/coco-keyprovider"
file -L "${binary}" | cut -d, -f1-2,4

work="$(mktemp -d "${TMPDIR:-/tmp}/coco-keyprovider-demo.XXXXXX")"
trap 'rm -rf "${work}"' EXIT
cd "${work}"
umask 077
echo "working in ${work}"

# The bytes of a reply's integer array ({"...":{"...":[1,2,3]}}), written to stdout.
reply_bytes() { sed -e 's/.*\[//' -e 's/\].*//' | tr ',' '\n' | awk '{ printf "%c", $1 }'; }

step "A 32-byte key-encryption key (KEK) and an offline_fs_kbc keys file holding it"
head -c 32 /dev/urandom >kek
printf '{"default/key/key_id1": "%s"}\n' "$(base64 -w0 kek)" >keys.json
echo "kek: $(stat -c '%s bytes, mode %a' kek); keys.json names: default/key/key_id1"

step "The per-layer secret ocicrypt hands over for wrapping (optsdata)"
printf '{"symkey":"%s","digest":"sha256:%s","cipheroptions":{"nonce":"%s"}}' \
  "$(head -c 32 /dev/urandom | base64 -w0)" "$(head -c 32 /dev/urandom | sha256sum | cut -c1-64)" \
  "$(head -c 16 /dev/urandom | base64 -w0)" >optsdata
echo "$(wc -c <optsdata) bytes of JSON (its symkey is the layer's key)"

step "keywrap: the request skopeo sends for --encryption-key provider:attestation-agent:keyid=kbs:///default/key/key_id1::keypath=${work}/kek"
params="keyid=kbs:///default/key/key_id1::keypath=${work}/kek"
printf '{"op":"keywrap","keywrapparams":{"ec":{"Parameters":{"attestation-agent":["%s"]},"DecryptConfig":{"Parameters":{}}},"optsdata":"%s"},"keyunwrapparams":{"dc":null,"annotation":null}}' \
  "$(printf '%s' "${params}" | base64 -w0)" "$(base64 -w0 optsdata)" >wrap-request.json
"${binary}" <wrap-request.json >wrap-reply.json
echo "reply: $(head -c 60 wrap-reply.json)... ($(wc -c <wrap-reply.json) bytes)"

step "The layer annotation org.opencontainers.image.enc.keys.provider.attestation-agent, decoded"
reply_bytes <wrap-reply.json >annotation
cat annotation
echo

step "keyunwrap: what a CoCo guest's offline_fs_kbc does, here with --keys-file keys.json"
printf '{"op":"keyunwrap","keywrapparams":{"ec":null,"optsdata":null},"keyunwrapparams":{"dc":{"Parameters":{"attestation-agent":["%s"]}},"annotation":"%s"}}' \
  "$(printf 'offline_fs_kbc::null' | base64 -w0)" "$(base64 -w0 annotation)" >unwrap-request.json
"${binary}" --keys-file keys.json <unwrap-request.json | reply_bytes >unwrapped
if cmp -s optsdata unwrapped; then
  echo "unwrapped secret equals the original ($(wc -c <unwrapped) bytes): OK"
else
  echo "unwrapped secret differs from the original" >&2
  exit 1
fi

step "A wrong key is refused with one clear line and nothing on stdout"
printf '{"default/key/key_id1": "%s"}\n' "$(head -c 32 /dev/urandom | base64 -w0)" >wrong-keys.json
status=0
"${binary}" --keys-file wrong-keys.json <unwrap-request.json >wrong.out 2>wrong.err || status=$?
if [[ ${status} -eq 0 ]]; then
  echo "a wrong key was accepted" >&2
  exit 1
fi
echo "exit status ${status}, stdout $(wc -c <wrong.out) bytes, stderr:"
cat wrong.err

step "Done: wrap and unwrap agree byte for byte"
