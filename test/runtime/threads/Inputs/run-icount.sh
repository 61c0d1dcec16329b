#!/usr/bin/env bash
# Runs an image as noos-run would, with QEMU's instruction counter as the
# clock: -icount shift=SHIFT (2^SHIFT ns an instruction), sleep=off (time
# jumps over idle periods). Exits with the program's status.
# Usage: run-icount.sh SHIFT [--board=NAME] IMAGE.elf [ARGS...]
set -eu
shift_=$1
shift
cmd=$(noos-run --print-command "$@")
# The command line has no quoting to undo: image names and our arguments
# have no spaces.
exec timeout --foreground 120 $cmd -icount "shift=$shift_,sleep=off" </dev/null
