#!/usr/bin/env bash
# Runs an image on QEMU as test/Inputs/qemu-run.sh does (UART and
# semihosting on stdout, the program's exit status as ours), with options:
#   --icount=S     deterministic virtual time: each instruction takes 2^S ns
#   --no-uart      the UART is connected to nothing; semihosting still works
#   --input=TEXT   typed on the console once the program has printed a line
#                  "ready" (a UART drops or holds what arrives before it is
#                  set up, as real ones do)
# Usage: run-board.sh [OPTIONS] MACHINE IMAGE.elf [ARGS...]
set -u
icount=() serial=(-serial chardev:out) input="" has_input=0
while [ $# -gt 0 ]; do
  case $1 in
  --icount=*) icount=(-icount "shift=${1#--icount=},sleep=off") ;;
  --no-uart) serial=(-serial null) ;;
  --input=*) input=${1#--input=} has_input=1 ;;
  *) break ;;
  esac
  shift
done
machine=$1 image=$2
shift 2
config="enable=on,target=native,chardev=out"
if [ $# -gt 0 ]; then
  config+=",arg=$(basename "$image")"
  for a in "$@"; do config+=",arg=$a"; done
fi
# A program waiting for input that never reaches it would wait for ever.
limit=60
if [ $has_input = 1 ]; then limit=20; fi
qemu=(timeout --foreground $limit qemu-system-arm -M "$machine" -display none
  -monitor none -chardev stdio,id=out,mux=on "${serial[@]}" "${icount[@]}"
  -semihosting-config "$config" -kernel "$image")
if [ $has_input = 0 ]; then
  exec "${qemu[@]}" </dev/null
fi
# QEMU reads a FIFO that we hold open, so it sees no end of input.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/in"
exec 3<>"$dir/in"
"${qemu[@]}" <"$dir/in" | while IFS= read -r line || [ -n "$line" ]; do
  printf '%s\n' "$line"
  if [ "$line" = ready ]; then
    printf '%s\n' "$input" >&3
  fi
done
exit "${PIPESTATUS[0]}"
