#!/usr/bin/env bash
# Runs an image on QEMU with semihosting; exits with the program's status.
# Usage: qemu-run.sh MACHINE IMAGE.elf [ARGS...]
# (noos-run takes over once the runtime issue lands.)
set -u
machine=$1; image=$2; shift 2
# Semihosting console and the UART share one stdout chardev; QEMU's own
# messages stay on stderr.
config="enable=on,target=native,chardev=out"
if [ $# -gt 0 ]; then
  config+=",arg=$(basename "$image")"
  for a in "$@"; do config+=",arg=$a"; done
fi
exec timeout --foreground 60 qemu-system-arm -M "$machine" -display none \
  -monitor none -chardev stdio,id=out,mux=on -serial chardev:out \
  -semihosting-config "$config" -kernel "$image"
