#!/usr/bin/env python3
"""Runs a command with a new pseudo-terminal as its stdin, stdout and
stderr, as a person at a terminal would; types INPUT (Python escapes) once
the command has printed READY (without --ready: once the command has
turned the terminal's echo off, as noos-run does when it starts, or after
5 s; typing earlier races with that), and prints what the terminal
showed (repr, one chunk a line) and whether its settings are the same
after the command as before.
The status is the command's, or -N when signal N ended it.
Usage: pty-run.py [--ready=TEXT] [--input=TEXT] COMMAND..."""
import fcntl, os, pty, select, subprocess, sys, termios, time

ready, typed, argv = None, None, sys.argv[1:]
while argv and argv[0].startswith("--"):
    key, _, value = argv.pop(0).partition("=")
    if key == "--ready":
        ready = value.encode()
    elif key == "--input":
        typed = value.encode().decode("unicode_escape").encode("latin-1")
master, slave = pty.openpty()
before = termios.tcgetattr(slave)
# A session of its own with the pty as its controlling terminal, so that
# Ctrl-C typed there is SIGINT to it, as in a shell.
p = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                     start_new_session=True,
                     preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))
seen = b""
start = time.time()
deadline = start + 60


def echo_off():
    return not (termios.tcgetattr(slave)[3] & termios.ECHO)


while time.time() < deadline:
    r, _, _ = select.select([master], [], [], 0.1)
    if r:
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        seen += chunk
    if typed is not None and (
            ready in seen if ready is not None
            else echo_off() or time.time() > start + 5):
        os.write(master, typed)
        typed = None
    if p.poll() is not None and not r:
        break
status = p.wait()
after = termios.tcgetattr(slave)
print("shown:", repr(seen))
print("status:", status)
print("terminal:", "restored" if after == before else "changed")
