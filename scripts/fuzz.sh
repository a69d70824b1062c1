#!/usr/bin/env bash
# Runs the libFuzzer targets of //fuzz, built with clang, AddressSanitizer and
# UndefinedBehaviorSanitizer, for SECONDS each, starting from the seed corpora in testdata/fuzz/.
# Usage: scripts/fuzz.sh SECONDS [TARGET...]   (targets: the table in fuzz/fuzzers.bzl; default all)
# Prints per target: runs, coverage, corpus growth; a crash stops with the reproducer's path (add
# it to testdata/fuzz/<target>/ and it becomes a regression test replayed by `bazel test //...`).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${root}"
seconds="${1:?usage: scripts/fuzz.sh SECONDS [TARGET...]}"
shift
targets=("$@")

scripts/setup.sh
# clang and its sanitizer/libFuzzer runtimes, from Debian.
# shellcheck source=lib/host_packages.sh
source scripts/lib/host_packages.sh
install_host_packages clang libclang-rt-14-dev

# clang builds in an output base of its own, so the gcc build's caches stay warm.
output_base="${HOME}/.cache/coco-keyprovider/fuzz-output-base"
if [[ ${#targets[@]} -eq 0 ]]; then
  # Every target of fuzz/fuzzers.bzl's table, which tags each libFuzzer binary coco_fuzzer.
  mapfile -t targets < <(bazel --output_base="${output_base}" query \
    'attr(tags, "coco_fuzzer", //fuzz:all)' 2>/dev/null | sed -n 's|^//fuzz:\(.*\)_fuzzer$|\1|p')
  [[ ${#targets[@]} -gt 0 ]] || { echo "fuzz: no targets in fuzz/fuzzers.bzl" >&2; exit 1; }
fi
labels=()
for target in "${targets[@]}"; do labels+=("//fuzz:${target}_fuzzer"); done
bazel --output_base="${output_base}" build --config=fuzz "${labels[@]}" 2>&1 | tail -n 1
bin="$(bazel --output_base="${output_base}" info --config=fuzz bazel-bin 2>/dev/null)/fuzz"

work="$(mktemp -d "${TMPDIR:-/tmp}/coco-keyprovider-fuzz.XXXXXX")"
trap 'rm -rf "${work}"' EXIT
status=0
for target in "${targets[@]}"; do
  mkdir -p "${work}/${target}/corpus" "${work}/${target}/artifacts"
  log="${work}/${target}/log"
  # The seeds are read, new inputs go to a scratch corpus: the repository stays as it is.
  if ! (cd "${work}/${target}" && "${bin}/${target}_fuzzer" -max_total_time="${seconds}" \
          -print_final_stats=1 -artifact_prefix="${work}/${target}/artifacts/" -rss_limit_mb=512 \
          corpus "${root}/testdata/fuzz/${target}" >"${log}" 2>&1); then
    status=1
    artifact="$(ls "${work}/${target}/artifacts/" | head -n 1)"
    mkdir -p "${root}/fuzz-findings"
    cp "${work}/${target}/artifacts/${artifact}" "${root}/fuzz-findings/${target}-${artifact}" 2>/dev/null || true
    grep -E 'ERROR|runtime error|SUMMARY' "${log}" | head -n 5 >&2
    echo "fuzz: ${target}: FAILED, reproducer fuzz-findings/${target}-${artifact}" >&2
    continue
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "${log}")"
  rss="$(sed -n 's/^stat::peak_rss_mb: *//p' "${log}")"
  last="$(grep -E '^#[0-9]+' "${log}" | tail -n 1)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"${last}")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"${last}")"
  corpus_size="$(ls "${work}/${target}/corpus" | wc -l)"
  echo "fuzz: ${target}: ${runs} runs in ${seconds} s, cov ${cov}, ft ${ft}, ${corpus_size} new corpus inputs, peak RSS ${rss} MB, no crash"
done
exit "${status}"
