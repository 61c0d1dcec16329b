"""Runs a command that writes to a FIFO while a reader holds it open, then
saves what the command wrote.

Usage: fifo-read.py FIFO OUT -- COMMAND...

The reader opens FIFO (without blocking) before the command starts and
reads it after the command ends: the outputs written here are smaller than
the pipe's buffer. Exits with the command's status.
"""
import os
import subprocess
import sys

fifo, out = sys.argv[1], sys.argv[2]
cmd = sys.argv[sys.argv.index("--") + 1:]
fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
status = subprocess.call(cmd)
data = b""
while True:
    try:
        chunk = os.read(fd, 65536)
    except BlockingIOError:
        break
    if not chunk:
        break
    data += chunk
os.close(fd)
with open(out, "wb") as f:
    f.write(data)
sys.exit(status)
