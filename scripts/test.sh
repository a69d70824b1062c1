#!/usr/bin/env bash
# The whole test run, from a fresh Debian 12 machine: setup, build, every Bazel test (plain and
# under sanitizers), a short fuzz run, then the integration tests with real skopeo and buildah.
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
unit_passed=0
unit_failed=0
# Every Bazel test twice: as built for users, then under AddressSanitizer (with LeakSanitizer) and
# UndefinedBehaviorSanitizer.
for config in "" "--config=sanitize"; do
  # shellcheck disable=SC2086
  bazel test ${config} //... 2>&1 | tee "${log}" || status=$?
  passed=$(grep -cE '^//[^ ]+ +(\(cached\) )?PASSED' "${log}" || true)
  failed=$(grep -cE '^//[^ ]+ +(\(cached\) )?(FAILED|TIMEOUT|NO STATUS)' "${log}" || true)
  echo "bazel ${config:-(plain)}: ${passed} passed, ${failed} failed"
  unit_passed=$((unit_passed + passed))
  unit_failed=$((unit_failed + failed))
done

# A short libFuzzer run of every fuzz target (clang, ASan + UBSan): 10 s each.
fuzz_failed=0
scripts/fuzz.sh 10 || { status=1; fuzz_failed=1; }

clients_bin="$(scripts/real_clients.sh)"
echo "test: real clients: $("${clients_bin}/skopeo" --version), $("${clients_bin}/buildah" --version)"
COCO_KEYPROVIDER="${binary}" CLIENTS_BIN="${clients_bin}" \
  python3 tests/integration/real_clients_test.py 2>&1 | tee "${log}" || status=$?
ran=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\} in .*/\1/p' "${log}")
integration_failed=$(grep -cE '^(FAIL|ERROR): ' "${log}" || true)
echo "integration: $((ran - integration_failed)) passed, ${integration_failed} failed"

echo "all: $((unit_passed + ran - integration_failed)) passed, $((unit_failed + integration_failed + fuzz_failed)) failed"
exit "${status}"
