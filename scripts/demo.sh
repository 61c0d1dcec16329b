#!/usr/bin/env bash
# make demo: compile the minimal example, link it with noos-ld for a board,
# show the memory map it used, and run it on QEMU.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
out="$build/demo"
mkdir -p "$out"
clang=/usr/lib/llvm-22/bin/clang
for board in mps2-an386 netduinoplus2; do
  echo "== $board"
  for f in startup main; do
    "$clang" --target=thumbv7em-none-eabihf -mcpu=cortex-m4 -Os -ffreestanding \
      -ffunction-sections -fdata-sections -c "$root/examples/minimal/$f.c" -o "$out/$f.o"
  done
  machine=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["qemu"]["machine"])' \
    "$root/lib/Database/boards/$board.json")
  "$build/bin/noos-ld" --board="$board" --print-memory-usage \
    "$out/startup.o" "$out/main.o" -o "$out/$board.hex"
  echo "-- running $out/$board.elf on qemu-system-arm -M $machine"
  set +e
  "$root/test/Inputs/qemu-run.sh" "$machine" "$out/$board.elf"
  status=$?
  set -e
  echo "-- exit status $status"
  [ "$status" -eq 0 ]
done
