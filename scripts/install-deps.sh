#!/usr/bin/env bash
# Install every Debian package noos needs to build, test and demo.
# Idempotent and quick when everything is present: it asks dpkg first and
# only calls apt-get for what is missing. See docs/dependencies.md for why
# each package is here.
set -euo pipefail

PACKAGES=(
  # build
  cmake ninja-build ccache make g++ python3
  # LLVM/Clang/LLD 22 (libraries, headers, tools, lit, FileCheck)
  clang-22 lld-22 llvm-22 llvm-22-dev llvm-22-tools libclang-cpp22-dev
  libclang-22-dev liblld-22-dev libpolly-22-dev
  # what the static LLVM libraries link against (LTO pulls in Polly)
  zlib1g-dev libzstd-dev libxml2-dev libedit-dev libffi-dev libncurses-dev
  # unit tests; libFuzzer and the sanitizers' runtimes (make fuzz,
  # make check's sanitizer build)
  libgtest-dev libclang-rt-22-dev
  # editor support, checked by the tests (clangd-22 --check)
  clangd-22
  # target C/C++ libraries and the GNU reference toolchain
  picolibc-arm-none-eabi libstdc++-arm-none-eabi-picolibc
  libstdc++-arm-none-eabi-dev gcc-arm-none-eabi
  # the aarch64-noos target: picolibc (one variant) and libgcc (a Linux
  # build, so it leaves __aarch64_have_lse_atomics undefined: noos-clang
  # compiles aarch64 code with -mno-outline-atomics)
  picolibc-aarch64-linux-gnu libgcc-12-dev-arm64-cross
  # the riscv32-noos and riscv64-noos targets: picolibc and libgcc in
  # lib/<march>/<abi> variant directories (no libstdc++ is packaged)
  picolibc-riscv64-unknown-elf gcc-riscv64-unknown-elf
  # reference points for make bench (gcc + newlib-nano image sizes)
  libnewlib-arm-none-eabi
  binutils-arm-none-eabi
  # running images
  qemu-system-arm
  # ... and the RISC-V machines (qemu-system-riscv32/64: virt, sifive_e/u)
  qemu-system-misc
  # debugging them (test/runtime/gdb/: noos-run --gdb)
  gdb-multiarch
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
