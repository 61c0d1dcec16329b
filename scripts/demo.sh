#!/usr/bin/env bash
# make demo: build the examples with the noos toolchain, show the memory
# map each used, and run them on QEMU.
set -euo pipefail
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/$build/bin"
[ -d "$bin" ] || bin="$build/bin"
out="$build/demo"
mkdir -p "$out"
run() { # image
  if [ -x "$bin/noos-run" ]; then
    "$bin/noos-run" "$@"
  else
    local machine
    machine=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["qemu"]["machine"])' \
      "$root/lib/Database/boards/mps2-an386.json")
    "$root/test/Inputs/qemu-run.sh" "$machine" "$@"
  fi
}
step() { printf '\n== %s\n' "$*"; }

step "C: $bin/clang --target=thumbv7em-noos -Os examples/hello/hello.c -o $out/hello.elf"
"$bin/clang" --target=thumbv7em-noos -Os "$root/examples/hello/hello.c" \
  -o "$out/hello.elf" -Wl,--print-memory-usage
run "$out/hello.elf" one two

step "C++: $bin/clang++ --target=thumbv7em-noos -Os examples/hello/hello.cpp -o $out/hello-cxx.elf"
"$bin/clang++" --target=thumbv7em-noos -Os "$root/examples/hello/hello.cpp" \
  -o "$out/hello-cxx.elf" -Wl,--print-memory-usage
run "$out/hello-cxx.elf"

step "noos-ld alone: -F/-M memory map, Intel HEX output, for the netduinoplus2's read-only flash"
"$bin/clang" --target=thumbv7em-noos -Os -c "$root/examples/minimal/startup.c" -o "$out/startup.o"
"$bin/clang" --target=thumbv7em-noos -Os -c "$root/examples/minimal/main.c" -o "$out/main.o"
"$bin/noos-ld" --board=netduinoplus2 -F 0x08000000:1M -M 0x20000000:128K,0x10000000:64K \
  --print-memory-usage "$out/startup.o" "$out/main.o" -o "$out/minimal.hex"
if [ -x "$bin/noos-run" ]; then
  "$bin/noos-run" "$out/minimal.elf"
else
  "$root/test/Inputs/qemu-run.sh" netduinoplus2 "$out/minimal.elf"
fi
step "all examples ran"
