#!/usr/bin/env bash
# Regenerates src/startup_sections.ld, the start-up layout of the binary: builds it with a link map,
# runs each small call (scripts/lib/small_calls.sh) under callgrind and under perf's page-fault
# events, and gathers every code section they touch at the start of the text
# (scripts/startup_layout.py). Twice: the second round sees what the first layout still faults on.
# For developers, after code on the small calls' path changed; the build only reads the result.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${root}"
scripts/setup.sh
# shellcheck source=lib/host_packages.sh
source scripts/lib/host_packages.sh
install_host_packages valgrind linux-perf

work="$(mktemp -d "${TMPDIR:-/tmp}/coco-keyprovider-layout.XXXXXX")"
trap 'rm -rf "${work}"' EXIT
for round in 1 2; do
  bazel build //src:coco-keyprovider --linkopt="-Wl,-Map=${work}/link.map" 2>&1 | tail -n 1
  cp bazel-bin/src/coco-keyprovider "${work}/binary"
  binary="${work}/binary"
  (
    cd "${work}"
    # shellcheck source=lib/small_calls.sh
    source "${root}/scripts/lib/small_calls.sh"
    write_small_call_inputs
    traces=()
    for call in "${small_calls[@]}"; do
      IFS='|' read -r name input arguments <<<"${call}"
      # shellcheck disable=SC2086
      valgrind --tool=callgrind --demangle=no --callgrind-out-file="cg.${name}" --error-exitcode=1 \
        "${binary}" ${arguments} <"${input}" >/dev/null 2>&1 ||
        { echo "startup_layout: ${name} fails under callgrind" >&2; exit 1; }
      # shellcheck disable=SC2086
      perf record -q -e page-faults -c 1 -d -o "perf.${name}" "${binary}" ${arguments} \
        <"${input}" >/dev/null 2>&1 ||
        { echo "startup_layout: ${name} fails under perf record" >&2; exit 1; }
      perf script -i "perf.${name}" -F addr 2>/dev/null >"faults.${name}"
      traces+=(--callgrind "cg.${name}" --faults "faults.${name}")
    done
    python3 "${root}/scripts/startup_layout.py" "${binary}" link.map "${traces[@]}" \
      >layout.ld
    cp layout.ld "${root}/src/startup_sections.ld"
  )
  echo "startup_layout: round ${round}: $(sed -n 3p src/startup_sections.ld | sed 's/^ *//')"
done
bazel build //src:coco-keyprovider 2>&1 | tail -n 1
