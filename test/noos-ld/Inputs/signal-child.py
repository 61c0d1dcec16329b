"""Sends a signal to noos-ld's LLD child only (as the out-of-memory killer
would), then prints noos-ld's exit status; noos-ld's stderr passes through.

Usage: signal-child.py SIGNAL DIR -- noos-ld ARGS...

The command runs in DIR; its arguments should make LLD block (-Map=FIFO:
LLD opens the map file for writing and waits for a reader).
"""
import os
import signal
import subprocess
import sys
import time


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


sig = getattr(signal, sys.argv[1])
work = sys.argv[2]
cmd = sys.argv[sys.argv.index("--") + 1:]
p = subprocess.Popen(cmd, cwd=work)
deadline = time.time() + 30
kids = []
while not kids:
    if p.poll() is not None:
        print("FAIL: noos-ld ended (status %d) before LLD ran" % p.returncode)
        sys.exit(1)
    if time.time() > deadline:
        p.kill()
        print("FAIL: noos-ld started no LLD child in 30 s")
        sys.exit(1)
    kids = children(p.pid)
    time.sleep(0.01)
# Let LLD reach the FIFO, then stop it alone.
time.sleep(0.5)
for k in kids:
    os.kill(k, sig)
try:
    status = p.wait(timeout=30)
except subprocess.TimeoutExpired:
    p.kill()
    print("FAIL: noos-ld did not end after its child was stopped")
    sys.exit(1)
print("status=%d" % status)
