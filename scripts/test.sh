#!/usr/bin/env bash
# The whole test run, from a fresh Debian 12 machine: setup, build, every Bazel test, then the
# integration tests with real skopeo and buildah.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

scripts/setup.sh

bazel build //src:coco-keyprovider
binary="${PWD}/bazel-bin/src/coco-keyprovider"
file -L "${binary}" | grep -q 'statically linked' || {
  echo "test: ${binary} is not statically linked: $(file -L "${binary}")" >&2
  exit 1
}
echo "test: $(file -L "${binary}" | cut -d, -f1-2,4)"

log="$(mktemp)"
trap 'rm -f "${log}"' EXIT
status=0
bazel test //... 2>&1 | tee "${log}" || status=$?
unit_passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "${log}" || true)
unit_failed=$(grep -cE '^//[^ ]+ +(\(cached\) )?(FAILED|TIMEOUT|NO STATUS)' "${log}" || true)
echo "bazel: ${unit_passed} passed, ${unit_failed} failed"

clients_bin="$(scripts/real_clients.sh)"
echo "test: real clients: $("${clients_bin}/skopeo" --version), $("${clients_bin}/buildah" --version)"
COCO_KEYPROVIDER="${binary}" CLIENTS_BIN="${clients_bin}" \
  python3 tests/integration/real_clients_test.py 2>&1 | tee "${log}" || status=$?
ran=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\} in .*/\1/p' "${log}")
integration_failed=$(grep -cE '^(FAIL|ERROR): ' "${log}" || true)
echo "integration: $((ran - integration_failed)) passed, ${integration_failed} failed"

echo "all: $((unit_passed + ran - integration_failed)) passed, $((unit_failed + integration_failed)) failed"
exit "${status}"
