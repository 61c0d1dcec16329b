"""Runs IMAGE under `noos-run --gdb=PORT` and gdb-multiarch in batch mode
with the commands in SCRIPT (after `target remote`), prints gdb's output.
Usage: gdb-session.py NOOS-RUN IMAGE SCRIPT [ARGS...] (the program's)"""
import socket
import subprocess
import sys
import time

noos_run, image, script = sys.argv[1:4]
args = sys.argv[4:]
with socket.socket() as s:  # a free port
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
run = subprocess.Popen([noos_run, "--gdb=%d" % port, "--timeout=60", image] + args,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    # Wait until QEMU listens.
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    gdb = subprocess.run(
        ["gdb-multiarch", "-nx", "-batch", "-ex", "set pagination off",
         "-ex", "set confirm off", "-ex", "target remote 127.0.0.1:%d" % port,
         "-x", script, image],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
    sys.stdout.write(gdb.stdout)
finally:
    run.kill()
    run.wait()
