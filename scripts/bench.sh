#!/usr/bin/env bash
# Start-up benchmark: how much each keywrap/keyunwrap costs over a static no-op process (the floor),
# and what that means end to end for skopeo on a 32-layer image; then the image commands (encrypt,
# decrypt, verify) against skopeo 1.18 doing the same through the binary, on a 512 MiB single-layer
# image, a 64-layer one and a 1 GiB one, with the floor of one in-memory pass of the layer
# cipher's work. A
# benchmark, not a test: it prints numbers and gates nothing.
#
# Usage: scripts/bench.sh [RUNS]   (default 1000 runs per operation; end to end: 5 rounds)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${root}"
runs="${1:-1000}"
rounds=5

scripts/setup.sh
# valgrind counts instructions; GNU time reads a process's peak RSS (from a small parent, whose
# own RSS would otherwise be counted).
# shellcheck source=lib/host_packages.sh
source scripts/lib/host_packages.sh
install_host_packages valgrind time
bazel build //src:coco-keyprovider //bench:noop //bench:identity_provider //bench:spawn_timer \
  //bench:layer_cipher_floor 2>&1 | tail -n 1
binary="${root}/bazel-bin/src/coco-keyprovider"
noop="${root}/bazel-bin/bench/noop"
identity="${root}/bazel-bin/bench/identity_provider"
timer="${root}/bazel-bin/bench/spawn_timer"
cipher_floor="${root}/bazel-bin/bench/layer_cipher_floor"
clients="$(scripts/real_clients.sh)"

work="$(mktemp -d "${TMPDIR:-/tmp}/coco-keyprovider-bench.XXXXXX")"
# The image benchmark's layouts live in memory (tmpfs), so that both tools are timed on their work,
# not on the disk's write-back.
images="$(mktemp -d /dev/shm/coco-keyprovider-bench.XXXXXX)"
kbs_pid=""
trap '[[ -z "${kbs_pid}" ]] || kill "${kbs_pid}"; rm -rf "${work}" "${images}"' EXIT
cd "${work}"

# --- Inputs: requests shaped as skopeo sends them -------------------------------------------------
# shellcheck source=lib/small_calls.sh
source "${root}/scripts/lib/small_calls.sh"
write_small_call_inputs

# The test double of Trustee's KBS (tests/kbs) on loopback, for keywrap with registration and
# keyunwrap through cc_kbc: what the KBS costs over the offline figures, its Python side included
# in the wall time (not in instructions or RSS, which are ours alone).
openssl genpkey -algorithm ed25519 -out admin.pem 2>/dev/null
openssl pkey -in admin.pem -pubout -out admin.pub.pem
/usr/bin/python3 "${root}/tests/kbs/test_kbs.py" --port-file kbs-port --admin-public-key admin.pub.pem \
  --lifetime 3600 &
kbs_pid=$!
for _ in $(seq 200); do [[ -s kbs-port ]] && break; sleep 0.05; done
kbs="http://127.0.0.1:$(cat kbs-port)"
unwrap_request "cc_kbc::${kbs}" annotation-gcm >unwrap-cc.json

operations=("noop|empty|${noop}")
for call in "${small_calls[@]}"; do
  IFS='|' read -r name input arguments <<<"${call}"
  operations+=("${name}|${input}|${binary} ${arguments}")
  if [[ ${name} == keyunwrap-sample_kbc ]]; then
    operations+=(
      "keywrap-gcm-registering-in-kbs|wrap-gcm.json|${binary} --kbs ${kbs} --kbs-admin-key ${work}/admin.pem"
      "keyunwrap-cc_kbc-from-kbs|unwrap-cc.json|${binary}")
  fi
done

# --- Every operation must succeed before it is timed ----------------------------------------------
timer_args=()
for op in "${operations[@]}"; do
  IFS='|' read -r name input command <<<"${op}"
  # shellcheck disable=SC2086
  ${command} <"${input}" >/dev/null || { echo "bench: ${name} fails" >&2; exit 1; }
  [[ ${#timer_args[@]} -gt 0 ]] && timer_args+=(";;")
  # shellcheck disable=SC2206
  timer_args+=("${name}" "${work}/${input}" -- ${command})
done

echo
echo "== Per call: ${runs} runs each, round-robin; wall time per spawn+exit and minor page faults"
echo "   (medians); instructions under callgrind; peak RSS under GNU time"
"${timer}" "${runs}" "${timer_args[@]}" >timings
floor="$(awk '$1 == "noop" { print $2 }' timings)"
echo "floor (//bench:noop, a static process that does nothing): ${floor} us"
printf '%-32s %10s %8s %10s %10s %8s %14s %10s\n' operation median_us ratio p10_us p90_us faults \
  instructions peak_rss
for op in "${operations[@]}"; do
  IFS='|' read -r name input command <<<"${op}"
  # shellcheck disable=SC2086
  instructions="$(valgrind --tool=callgrind --callgrind-out-file=/dev/null ${command} <"${input}" 2>&1 >/dev/null |
                  sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')"
  # shellcheck disable=SC2086
  rss_kib="$(for _ in 1 2 3 4 5; do /usr/bin/time -f %M ${command} <"${input}" 2>&1 >/dev/null | tail -n 1; done |
             sort -n | tail -n 1)"
  awk -v name="${name}" -v floor="${floor}" -v ins="${instructions}" -v rss="${rss_kib}" '$1 == name {
        printf "%-32s %10.1f %7.2fx %10.1f %10.1f %8d %14s %7.2f MiB\n", $1, $2, $2 / floor, $3, $4, $6, ins, rss / 1024
        if ($5 > 0) printf "  (%d failed runs)\n", $5 }' timings
done
echo "binary: $(stat -c %s "${binary}") bytes ($(file -L "${binary}" | cut -d, -f4 | sed 's/^ //')); floor binary: $(stat -c %s "${noop}") bytes"

# --- End to end: skopeo on a 32-layer image, through our binary vs. the identity provider ----------
echo
echo "== End to end: skopeo 1.18 encrypts then decrypts a 32-layer image; median of ${rounds} rounds"
python3 "${root}/scripts/make_test_image.py" image --extra-layers 29 >/dev/null
cat >ours.conf <<CONF
{"key-providers":{"attestation-agent":{"cmd":{"path":"${binary}","args":["--keys-file","${work}/keys10.json"]}}}}
CONF
cat >identity.conf <<CONF
{"key-providers":{"attestation-agent":{"cmd":{"path":"${identity}"}}}}
CONF
round_trip_ms() {  # CONFIG -> milliseconds for encrypt + decrypt
  rm -rf enc dec
  local start end
  start="$(date +%s%N)"
  OCICRYPT_KEYPROVIDER_CONFIG="$1" timeout 120 "${clients}/skopeo" --insecure-policy copy --quiet \
    --encryption-key "provider:attestation-agent:keyid=kbs:///default/key/key_id1::keypath=${work}/kek" \
    oci:image:latest oci:enc:latest
  OCICRYPT_KEYPROVIDER_CONFIG="$1" timeout 120 "${clients}/skopeo" --insecure-policy copy --quiet \
    --decryption-key provider:attestation-agent:offline_fs_kbc::null oci:enc:latest oci:dec:latest
  end="$(date +%s%N)"
  echo $(((end - start) / 1000000))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ours=() baseline=()
for ((round = 0; round < rounds; round++)); do
  ours+=("$(round_trip_ms ours.conf)")
  baseline+=("$(round_trip_ms identity.conf)")
done
ours_ms="$(printf '%s\n' "${ours[@]}" | median)"
baseline_ms="$(printf '%s\n' "${baseline[@]}" | median)"
printf '%-32s %8s ms  (rounds: %s)\n' "coco-keyprovider" "${ours_ms}" "${ours[*]}"
printf '%-32s %8s ms  (rounds: %s)\n' "identity provider (baseline)" "${baseline_ms}" "${baseline[*]}"
awk -v a="${ours_ms}" -v b="${baseline_ms}" 'BEGIN { printf "ratio: %.3fx; 64 provider calls per round trip\n", a / b }'

# --- Images: the image commands against skopeo 1.18 through the binary ------------------------------
echo
echo "== Images: median of ${rounds} rounds; MB/s of layer bytes; layouts on tmpfs (${images})"
cat >"${images}/ocicrypt.conf" <<CONF
{"key-providers":{"attestation-agent":{"cmd":{"path":"${binary}","args":["--keys-file","${work}/keys10.json"]}}}}
CONF
params="keyid=kbs:///default/key/key_id1::keypath=${work}/kek"
skopeo_copy=(env "OCICRYPT_KEYPROVIDER_CONFIG=${images}/ocicrypt.conf" timeout 600
  "${clients}/skopeo" --insecure-policy copy --quiet)
layer_paths() {  # LAYOUT -> the path of each layer blob, in order
  python3 -c 'import json, sys
d = sys.argv[1]
entry = json.load(open(d + "/index.json"))["manifests"][0]
for layer in json.load(open(d + "/blobs/sha256/" + entry["digest"][7:]))["layers"]:
    print(d + "/blobs/sha256/" + layer["digest"][7:])' "$1"
}
layer_bytes() { layer_paths "$1" | xargs stat -c %s | awk '{ total += $1 } END { print total }'; }
layer_blobs() { layer_paths "$1" | xargs cat; }
# measure NAME BYTES COMMAND...: one row; every round writes its output into a fresh "${images}/out".
measure() {
  local name="$1" bytes="$2" round start end
  shift 2
  local times=() rss=()
  for ((round = 0; round < rounds; round++)); do
    rm -rf "${images}/out"
    start="$(date +%s%N)"
    /usr/bin/time -o "${images}/rss" -f %M "$@" >/dev/null || { echo "bench: ${name} fails" >&2; exit 1; }
    end="$(date +%s%N)"
    times+=("$(((end - start) / 1000))")
    rss+=("$(cat "${images}/rss")")
  done
  local us kib
  us="$(printf '%s\n' "${times[@]}" | median)"
  kib="$(printf '%s\n' "${rss[@]}" | sort -n | tail -n 1)"
  awk -v name="${name}" -v us="${us}" -v bytes="${bytes}" -v kib="${kib}" 'BEGIN {
    printf "  %-34s %9.3f s %9.0f MB/s %9.1f MiB\n", name, us / 1e6, bytes / us, kib / 1024 }'
}
bench_image() {  # LABEL MAKE_TEST_IMAGE_FLAGS...
  local label="$1" bytes big
  shift
  rm -rf "${images}/plain" "${images}/encrypted"
  python3 "${root}/scripts/make_test_image.py" "${images}/plain" "$@" >/dev/null
  "${binary}" encrypt --key "${params}" "${images}/plain:latest" "${images}/encrypted:latest"
  bytes="$(layer_bytes "${images}/plain")"
  echo "${label}: $((bytes / 1048576)) MiB of layers"
  printf '  %-34s %11s %14s %13s\n' operation time throughput peak_rss
  # The floor over the same bytes: every layer blob, one after the other.
  layer_blobs "${images}/plain" >"${images}/layers.bin"
  read -r floor_s floor_mbs < <("${cipher_floor}" "${images}/layers.bin" 2>/dev/null)
  rm -f "${images}/layers.bin"
  printf '  %-34s %9.3f s %9s MB/s %13s\n' "floor: one in-memory pass" "${floor_s}" \
    "${floor_mbs}" "-"
  measure "coco-keyprovider encrypt" "${bytes}" \
    "${binary}" encrypt --key "${params}" "${images}/plain:latest" "${images}/out:latest"
  measure "skopeo encrypt (through the binary)" "${bytes}" \
    "${skopeo_copy[@]}" --encryption-key "provider:attestation-agent:${params}" \
    "oci:${images}/plain:latest" "oci:${images}/out:latest"
  measure "coco-keyprovider decrypt" "${bytes}" \
    "${binary}" decrypt --keys-file "${work}/keys10.json" "${images}/encrypted:latest" \
    "${images}/out:latest"
  measure "skopeo decrypt (through the binary)" "${bytes}" \
    "${skopeo_copy[@]}" --decryption-key provider:attestation-agent \
    "oci:${images}/encrypted:latest" "oci:${images}/out:latest"
  measure "coco-keyprovider verify" "${bytes}" \
    "${binary}" verify --keys-file "${work}/keys10.json" "${images}/encrypted:latest"
}
bench_image "512 MiB, one layer" --big-layer-mib 512
bench_image "64 layers" --extra-layers 61
# Memory stays constant whatever the layer's size.
bench_image "1 GiB, one layer" --big-layer-mib 1024
