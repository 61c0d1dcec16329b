#!/bin/bash
# Usage: same-report.sh NOOS-RUN FULL.elf RECORD.elf ARGS...
# Runs the program built with --fault-report=full and with
# --fault-report=record, and compares what noos-run prints (stdout and
# stderr, the exit status): the record's decoding must be the full
# report. The two images differ in size, so their addresses and the
# registers holding them do: 8-digit hex values are compared as 0xX. The
# record line itself is dropped (it is the only line the full run lacks).
run=$1 full=$2 rec=$3
shift 3
a=$("$run" --timeout=30 "$full" "$@" 2>&1; echo "status=$?")
b=$("$run" --timeout=30 "$rec" "$@" 2>&1; echo "status=$?")
# A fault report (not an unhandled SVCall's line, nor the scheduler's own
# report of a thread's overflow, which it prints in every mode): the record run
# must have printed a record.
if grep -q '^  status: .*(128 + exception' <<<"$a" && ! grep -q '^noos-fault/[12] arm' <<<"$b"; then
  echo "no record in: $b"
  exit 1
fi
norm() { grep -v '^noos-fault/' | sed -E 's/0x[0-9a-f]{8}/0xX/g'; }
if diff <(norm <<<"$a") <(norm <<<"$b"); then
  echo "same: $* ($(grep -m1 '^noos: ' <<<"$a"))"
else
  echo "differ: $*"
  exit 1
fi
