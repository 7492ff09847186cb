#!/usr/bin/env bash
# Runs each fuzz target of BUILD (default build-fuzz) for FUZZ_SECONDS
# (default 300), one at a time in one process (one worker), keeps the inputs
# that add coverage in fuzz/corpus/<target>/ (merged, so the committed corpus
# stays minimal),
# crashes, timeouts and out-of-memory inputs under fuzz/findings/<target>/
# (git-ignored), and prints each target's executions per second and coverage.
# FUZZ_TARGETS (space-separated) runs only those targets; FUZZ_TIMEOUT (default 10) is the
# seconds one input may take (wall-clock: raise it when the fuzzer shares the cores).
set -uo pipefail

build=${1:-build-fuzz}
seconds=${FUZZ_SECONDS:-300}
root=$(cd "$(dirname "$0")/.." && pwd)
targets=${FUZZ_TARGETS:-}
if [ -z "$targets" ]; then
  targets=$(sed -n '/^set(ARIADNE_FUZZ_TARGETS/,/)/p' "$root/fuzz/CMakeLists.txt" | grep -o 'fuzz_[a-z_0-9]*')
fi

# The JSON targets take bodies up to 1 MB (a request body's limit), reached
# early (-len_control), so a parser slow on large bodies shows as a timeout.
options_for() {
  case "$1" in
    fuzz_json_body | fuzz_document_input | fuzz_notice_input | fuzz_check_request | fuzz_check_batch | \
      fuzz_screen_query | fuzz_bulk_jsonl | fuzz_notice_import | fuzz_traveller)
      echo "-dict=$root/fuzz/json.dict -max_len=1048576 -len_control=10" ;;
    fuzz_bulk_csv | fuzz_un_xml | fuzz_ofac_csv) echo "-max_len=65536" ;;
    fuzz_snapshot) echo "-max_len=65536 -malloc_limit_mb=512" ;;
    fuzz_mrz) echo "-max_len=2048" ;;
    *) echo "-max_len=4096" ;;
  esac
}

summary="$root/fuzz/findings/summary.txt"
mkdir -p "$root/fuzz/findings"
printf '%-22s %8s %10s %8s %8s %6s %4s  %s\n' target seconds execs exec/s cov ft new result | tee "$summary"
failed=0
for t in $targets; do
  bin="$build/fuzz/$t"
  corpus="$root/fuzz/corpus/$t"
  out="$root/fuzz/findings/$t"
  scratch="$out/scratch"
  rm -rf "$scratch"
  mkdir -p "$scratch" "$corpus"
  log="$out/fuzz.log"
  # New inputs go to the scratch corpus (the first directory); the committed one is read.
  # shellcheck disable=SC2046
  "$bin" -max_total_time="$seconds" -timeout="${FUZZ_TIMEOUT:-10}" -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/" $(options_for "$t") "$scratch" "$corpus" >"$log" 2>&1
  status=$?
  result=ok
  if [ $status -ne 0 ]; then
    result="FINDING (exit $status): $(ls -t "$out" | grep -E '^(crash|timeout|oom|leak|slow-unit)-' | head -1)"
    failed=1
  fi
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)
  # Keep only what adds coverage to the committed corpus, and nothing over 32 KB: the repository stays
  # lean. Edges count, not their hit counts (-use_counters=0), or a target keeps thousands of inputs.
  find "$scratch" -type f -size +32k -delete
  before=$(ls "$corpus" | wc -l)
  # shellcheck disable=SC2046
  "$bin" -merge=1 -use_counters=0 -artifact_prefix="$out/merge-" -timeout=10 -rss_limit_mb=2048 $(options_for "$t") "$corpus" "$scratch" >"$out/merge.log" 2>&1
  added=$(($(ls "$corpus" | wc -l) - before))
  printf '%-22s %8s %10s %8s %8s %6s %4s  %s\n' "$t" "$seconds" "${execs:-?}" "${rate:-?}" \
    "$(echo "$cov" | awk '{print $2}')" "$(echo "$cov" | awk '{print $4}')" "$added" "$result" | tee -a "$summary"
  rm -rf "$scratch"
done
exit $failed
