#!/bin/sh
# Stands in for QEMU (noos-run --qemu=...): prints its arguments, one a line,
# then exits with $FAKE_QEMU_STATUS; or kills itself with $FAKE_QEMU_SIGNAL;
# or writes its pid to $FAKE_QEMU_PIDFILE and sleeps $FAKE_QEMU_SLEEP seconds
# (the sleep replaces the shell, so a kill of this pid reaches it).
# With $FAKE_QEMU_OUTPUT, prints that file instead of its arguments.
if [ -n "$FAKE_QEMU_OUTPUT" ]; then
  cat "$FAKE_QEMU_OUTPUT"
else
  for a in "$@"; do echo "arg: $a"; done
fi
if [ -n "$FAKE_QEMU_SIGNAL" ]; then kill -s "$FAKE_QEMU_SIGNAL" $$; fi
if [ -n "$FAKE_QEMU_SLEEP" ]; then
  echo $$ > "$FAKE_QEMU_PIDFILE"
  exec sleep "$FAKE_QEMU_SLEEP"
fi
exit "${FAKE_QEMU_STATUS:-0}"
