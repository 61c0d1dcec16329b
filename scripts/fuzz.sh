#!/usr/bin/env bash
# make fuzz: runs each fuzz harness of test/fuzz/ (built with -DNOOS_FUZZ=ON
# in BUILD_DIR) for FUZZ_SECONDS, one after the other. New inputs go to
# BUILD_DIR/fuzz/corpus/<harness>/ (the seed corpus in test/fuzz/ is only
# read); crashes, hangs and out-of-memory inputs to
# BUILD_DIR/fuzz/crashes/<harness>/. Prints each harness's final coverage
# and speed; exits non-zero if any harness found something.
# Usage: fuzz.sh BUILD_DIR SECONDS [HARNESS...]
set -uo pipefail
build=$1 seconds=$2
shift 2
src=$(cd "$(dirname "$0")/.." && pwd)
harnesses=("$@")
if [ ${#harnesses[@]} -eq 0 ]; then
  for t in "$src"/test/fuzz/*.test; do harnesses+=("$(basename "$t" .test)"); done
fi
status=0
summary=()
for h in "${harnesses[@]}"; do
  bin=$build/test/fuzz/bin/noos-fuzz-$h
  corpus=$build/fuzz/corpus/$h crashes=$build/fuzz/crashes/$h
  mkdir -p "$corpus" "$crashes"
  log=$build/fuzz/$h.log
  echo "fuzz: $h for ${seconds}s (log: $log)"
  # -timeout: an input taking 10 s is a hang; -rss_limit_mb: 2 GB is
  # excessive memory for any of these parsers.
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$crashes/" \
    "$corpus" "$src/test/fuzz/$h/corpus" >"$log" 2>&1
  rc=$?
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(sed -nE 's/.* cov: ([0-9]+) ft: ([0-9]+).*/cov \1 ft \2/p' <<<"$last")
  execs=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$log")
  line="$h: ${cov:-cov ?} exec/s ${execs:-?}"
  if [ $rc -ne 0 ]; then
    line="$line FOUND: $(ls "$crashes" | tr '\n' ' ')"
    status=1
  fi
  summary+=("$line")
done
printf 'fuzz: %s\n' "${summary[@]}"
if [ $status -ne 0 ]; then
  echo "fuzz: reproduce with $build/test/fuzz/bin/noos-fuzz-<harness> <file>;" \
       "see docs/fuzzing.md to keep a fixed one as a regression test"
fi
exit $status
