#!/usr/bin/env bash
# How the seed objects, archives and images of test/fuzz/*/corpus were made
# (rerun it to refresh them after a format change): tiny sources compiled by
# clang-22 for several Arm targets, archived by llvm-ar in each format, and
# linked by noos-ld of BUILD (default build/). The board seeds are
# lib/Database/boards/*.json plus a few inheritance graphs written by hand;
# the malformed archives come from test/noos-ld/Inputs/bad-archive.py.
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)
fuzz=$(dirname "$src")
build=${1:-$fuzz/../../build}
bin=/usr/lib/llvm-22/bin
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cd "$t"
cc() { "$bin/clang" "$@"; }
cc --target=thumbv7em-none-eabihf -mcpu=cortex-m4 -mfloat-abi=hard -Os -c "$src/f.c" -o hf.o
cc --target=thumbv6m-none-eabi -mcpu=cortex-m0 -Os -c "$src/f.c" -o m0.o
cc --target=thumbv8m.main-none-eabi -Os -c "$src/k.cpp" -fno-exceptions -fno-rtti -o k.o
cc --target=thumbv7m-none-eabi -c "$src/a.s" -o a.o
cc --target=armv7a-none-eabi -c "$src/b.s" -o arm.o
cc --target=armv7a-none-eabi -Os -c "$src/f.c" -o a32.o
cc --target=thumbv7em-none-eabihf -mcpu=cortex-m4 -mfloat-abi=hard -Os -c -flto "$src/f.c" -o lto.o
"$bin/llvm-ar" rcs libtiny.a hf.o k.o
"$bin/llvm-ar" rcs --thin libthin.a m0.o
"$bin/llvm-ar" rcs --format=gnu libgnu.a m0.o a.o
"$bin/llvm-ar" rcS libnosym.a a.o
"$build/bin/clang" --target=thumbv7em-noos -Os "$src/f.c" -o img-an386.elf
"$build/bin/clang" --target=thumbv6m-noos -Os "$src/f.c" -o img-m0.elf
"$build/bin/noos-ld" --no-runtime --board=mps2-an385 --thumb-checks=warn a.o arm.o -o img-arm.elf || true
for f in img-an386 img-m0 img-arm; do "$bin/llvm-strip" -g $f.elf -o s-$f.elf; done
# The stack analysis' AArch64, armv7a and RISC-V rules: a thread, a tail call, a
# recursion and an indirect call, linked with the runtime.
for t in aarch64 armv7a riscv64 riscv32; do
  "$build/bin/clang" --target=$t-noos -Os "$src/t.c" -o threads-$t.elf
  "$bin/llvm-strip" -g threads-$t.elf -o s-threads-$t.elf
done

cp hf.o m0.o k.o a.o arm.o a32.o lto.o libtiny.a libthin.a libgnu.a libnosym.a "$fuzz/input-scan/corpus/"
cp s-img-m0.elf "$fuzz/input-scan/corpus/linked.elf"
for o in hf m0 k a arm a32; do
  "$bin/llvm-objcopy" --dump-section=.ARM.attributes="$fuzz/arm-attributes/corpus/$o.attr" $o.o
done
"$bin/llvm-objcopy" --dump-section=.ARM.attributes="$fuzz/arm-attributes/corpus/image-an386.attr" s-img-an386.elf
cp s-img-an386.elf s-img-m0.elf s-img-arm.elf hf.o "$fuzz/thumb-checks/corpus/"
cp s-img-an386.elf s-img-m0.elf s-img-arm.elf "$fuzz/image-writers/corpus/"
cp s-img-an386.elf s-img-arm.elf hf.o "$fuzz/image-note/corpus/"
cp s-threads-aarch64.elf s-threads-armv7a.elf s-threads-riscv64.elf s-threads-riscv32.elf "$fuzz/stack/corpus/"
