#!/usr/bin/env bash
# The whole test run, from a fresh Debian 12 machine: setup, build, every Bazel test (plain and
# under sanitizers), a short fuzz run, then the integration tests with real skopeo and buildah,
# and with containerd, ctr-enc and ctd-decoder.
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

integration_passed=0
integration_failed=0
# run_integration NAME COMMAND...: runs one unittest file, prints "NAME: P passed, F failed" (and
# ", S skipped" if any) and adds to the integration totals. A run that ends without unittest's
# "Ran N tests" line (it crashed) counts as one failure.
run_integration() {
  local name="$1" ran failed skipped passed
  shift
  "$@" 2>&1 | tee "${log}" || status=$?
  ran=$(sed -n 's/^Ran \([0-9]*\) tests\{0,1\} in .*/\1/p' "${log}")
  # A test whose subtests fail prints a FAIL or ERROR line for each: count the tests.
  failed=$(sed -nE 's/^(FAIL|ERROR): ([^ ]+ \([^)]*\)).*/\2/p' "${log}" | sort -u | wc -l)
  skipped=$(sed -n 's/^\(OK\|FAILED\) (.*skipped=\([0-9]*\).*/\2/p' "${log}")
  skipped=${skipped:-0}
  if [[ -z ${ran} ]]; then
    ran=1
    failed=1
  fi
  # An error in setUpClass fails every test of its class without running one.
  passed=$((ran - failed - skipped))
  ((passed >= 0)) || passed=0
  local summary="${name}: ${passed} passed, ${failed} failed"
  ((skipped == 0)) || summary+=", ${skipped} skipped"
  echo "${summary}"
  integration_passed=$((integration_passed + passed))
  integration_failed=$((integration_failed + failed))
}

# Setup against locks whose revisions Debian's archive no longer has (into temporary folders).
run_integration setup python3 tests/integration/setup_lock_test.py

# What users install: the .deb (lintian, then installed in a throwaway Debian 12 root), install.sh,
# and the image, reproducible and run by a containerd of the test's own (as root).
containerd_bin="$(scripts/containerd_clients.sh)"
run_integration package env CONTAINERD_BIN="${containerd_bin}" \
  python3 tests/integration/package_test.py

clients_bin="$(scripts/real_clients.sh)"
echo "test: real clients: $("${clients_bin}/skopeo" --version), $("${clients_bin}/buildah" --version)"
run_integration integration env COCO_KEYPROVIDER="${binary}" CLIENTS_BIN="${clients_bin}" \
  python3 tests/integration/real_clients_test.py
run_integration native env COCO_KEYPROVIDER="${binary}" CLIENTS_BIN="${clients_bin}" \
  python3 tests/integration/native_image_test.py

# containerd with ctd-decoder and ctr-imgcrypt (as root; the test runs a containerd of its own).
echo "test: containerd clients: $(paste -sd, third_party/clients/containerd/.versions)"
# doctor against Debian 13's clients, Debian 12's (which real_clients.sh put beside them) and
# Debian 13's ctr-imgcrypt.
run_integration doctor env COCO_KEYPROVIDER="${binary}" CLIENTS_BIN="${clients_bin}" \
  CONTAINERD_BIN="${containerd_bin}" python3 tests/integration/doctor_test.py
run_integration containerd env COCO_KEYPROVIDER="${binary}" CONTAINERD_BIN="${containerd_bin}" \
  python3 tests/integration/containerd_test.py

echo "all: $((unit_passed + integration_passed)) passed, $((unit_failed + integration_failed + fuzz_failed)) failed"
exit "${status}"
