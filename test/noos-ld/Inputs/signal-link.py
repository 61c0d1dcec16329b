"""Sends a signal to noos-ld while its LLD child runs, and checks that
nothing is left behind.

Usage: signal-link.py SIGNAL DIR -- noos-ld ARGS...

The command runs in DIR with TMPDIR set to an empty DIR/../tmp-SIGNAL; its
arguments should make LLD block (-Map=FIFO: LLD opens the map file for
writing and waits for a reader), so that the signal finds the child
running. The signal is sent once noos-ld has a child. Checks: noos-ld died
of the signal (or was killed), the child is gone, DIR holds what it held
before and TMPDIR is empty.
"""
import os
import signal
import subprocess
import sys
import time


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


sig = getattr(signal, sys.argv[1])
work = sys.argv[2]
cmd = sys.argv[sys.argv.index("--") + 1:]
tmp = os.path.join(os.path.dirname(os.path.abspath(work)), "tmp-" + sys.argv[1])
os.makedirs(tmp, exist_ok=True)
if os.listdir(tmp):
    fail("%s is not empty" % tmp)
before = sorted(os.listdir(work))
env = dict(os.environ, TMPDIR=tmp)
p = subprocess.Popen(cmd, cwd=work, env=env)
deadline = time.time() + 30
kids = []
while not kids:
    if p.poll() is not None:
        fail("noos-ld ended (status %d) before LLD ran" % p.returncode)
    if time.time() > deadline:
        p.kill()
        fail("noos-ld started no LLD child in 30 s")
    kids = children(p.pid)
    time.sleep(0.01)
# Let LLD reach the map file; any moment while it runs will do.
time.sleep(0.2)
os.kill(p.pid, sig)
try:
    status = p.wait(timeout=30)
except subprocess.TimeoutExpired:
    p.kill()
    fail("noos-ld did not stop within 30 s of %s" % sys.argv[1])
if status != -sig:
    fail("noos-ld ended with status %d, not by %s" % (status, sys.argv[1]))
deadline = time.time() + 10
while any(alive(k) for k in kids):
    if time.time() > deadline:
        for k in kids:
            os.kill(k, signal.SIGKILL)
        fail("the LLD child %s outlived noos-ld" % kids)
    time.sleep(0.01)
after = sorted(os.listdir(work))
if after != before:
    fail("%s changed: %s, was %s" % (work, after, before))
if os.listdir(tmp):
    fail("left in TMPDIR: %s" % os.listdir(tmp))
print("OK: %s stopped noos-ld and LLD; nothing left" % sys.argv[1])
