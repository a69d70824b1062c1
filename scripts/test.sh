#!/usr/bin/env bash
# The whole test run, from a fresh Debian 12 machine: setup, build, then every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh

bazel build //src:coco-keyprovider
binary=bazel-bin/src/coco-keyprovider
file -L "${binary}" | grep -q 'statically linked' || {
  echo "test: ${binary} is not statically linked: $(file -L "${binary}")" >&2
  exit 1
}
echo "test: $(file -L "${binary}" | cut -d, -f1-2,4)"

log="$(mktemp)"
trap 'rm -f "${log}"' EXIT
status=0
bazel test //... 2>&1 | tee "${log}" || status=$?
passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "${log}" || true)
failed=$(grep -cE '^//[^ ]+ +(\(cached\) )?(FAILED|TIMEOUT|NO STATUS)' "${log}" || true)
echo "bazel: ${passed} passed, ${failed} failed"
exit "${status}"
