#!/usr/bin/env python3
"""What the thread kernel costs: instructions on QEMU, RAM and code.

Builds test/runtime/threads/Inputs/bench.c for a board, runs it on QEMU
with one instruction per translation block (-singlestep, one-insn-per-tb
on QEMU 8.1+) and without block chaining (-d exec,nochain), so each
"Trace" line of the log is one executed instruction (the method of the
"reset" section), and counts:

  mutex      (instructions between bench_mutex_begin and _end) / 100:
             one uncontended noos_mutex_lock + noos_mutex_unlock, with the
             loop around them (3 or 4 instructions)
  yield      (bench_yield_begin .. _end) / 200: one noos_thread_yield and
             the switch to the other thread, loop included
  switch     from the SVC instruction in noos_thread_yield to the next
             instruction of the other thread (the same one, after its own
             SVC): the kernel call, PendSV, the context switch (median)
  irq        from the first instruction of an interrupt handler that wakes
             a higher-priority thread (noos_note_wakeup) to that thread's
             first instruction after its SVC, while main runs (median)
  idle       the same from SysTick_Handler when the CPU idles, the alarm
             ending a sleep (median)

QEMU runs with -icount shift=5,sleep=off, so that a sleep in the program
lasts its time in instructions rather than in the host's (slowed) time.

Cycles are not modelled by QEMU: these are instruction counts. RAM and
code come from the image: a created thread costs its control block, its
TLS block and its stack in one malloc block (plus malloc's header); the
kernel's code is the text that a program with one thread has over the
same program without.

Usage: scripts/bench/threads.py [--build BUILD] [--board NAME ...]
"""

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH_C = os.path.join(ROOT, "test", "runtime", "threads", "Inputs", "bench.c")
# Board, target, the name of IRQ 20's handler there.
BOARDS = {
    "mps2-an385": ("thumbv7m-noos", "UARTRX4_IRQHandler"),
    "mps2-an386": ("thumbv7em-noos", "UARTRX4_IRQHandler"),
    "mps2-an505": ("thumbv8m.main-noos", "IRQ20_Handler"),
    "microbit": ("thumbv6m-noos", "SWI0_IRQHandler"),
}
# The thread kernel's objects (runtime/src): the scheduler and futex,
# sync, queues, picolibc's locks, timers, interrupts, the time and alarm
# code, the context switch and its entry stubs.
KERNEL_OBJECTS = ["src-sched.c.o", "src-sync.c.o", "src-queue.c.o", "src-lock.c.o",
                  "src-current.c.o", "src-timer.c.o", "src-irq.c.o", "src-time.c.o",
                  "src-systick.c.o", "arm-m-switch.S.o", "arm-m-entry.S.o"]
MINIMAL = r"""
#include <noos/thread.h>
static void entry(void *arg) { (void)arg; }
int main(void) {
#ifdef THREADS
  noos_thread_join(noos_thread_create(entry, 0, 0, NOOS_PRIO_DEFAULT, "t"));
#endif
  return 0;
}
"""


def run(cmd, **kw):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, **kw)
    if r.returncode:
        sys.exit("failed (%d): %s\n%s" % (r.returncode, " ".join(cmd), r.stdout))
    return r.stdout


def symbols(nm, elf):
    syms = {}
    for line in run([nm, elf]).splitlines():
        f = line.split()
        if len(f) == 3:
            syms[f[2]] = int(f[0], 16) & ~1
    return syms


def svc_after(objdump, elf, func):
    """The address after the (first) SVC instruction in func, where its
    caller resumes; None if it has none."""
    text = run([objdump, "-d", "--no-show-raw-insn", "--disassemble-symbols=" + func, elf])
    for line in text.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+svc\b", line)
        if m:
            return int(m.group(1), 16) + 2
    return None


def trace(bin_dir, elf, workdir):
    cmd = run([os.path.join(bin_dir, "noos-run"), "--print-command", elf]).split()
    log = os.path.join(workdir, "trace.txt")
    help_text = subprocess.run([cmd[0], "-help"], stdout=subprocess.PIPE, text=True).stdout
    step = ["-accel", "tcg,one-insn-per-tb=on"] if "one-insn-per-tb" in help_text else ["-singlestep"]
    # Virtual time from the instruction count (32 ns each), so that the
    # sleeps last as long as the program says whatever the tracing costs.
    icount = ["-icount", "shift=5,sleep=off"]
    out = run(cmd + step + icount + ["-d", "exec,nochain", "-D", log], timeout=300)
    if "bench: done" not in out:
        sys.exit("bench did not finish:\n" + out)
    pcs = []
    pat = re.compile(r"^Trace \d+: 0x[0-9a-f]+ \[[0-9a-f]+/([0-9a-f]+)/")
    with open(log) as f:
        for line in f:
            m = pat.match(line)
            if m:
                pcs.append(int(m.group(1), 16))
    return pcs


def between(pcs, begin, end):
    i = pcs.index(begin)
    j = pcs.index(end, i + 1)
    return i, j


def latencies(pcs, lo, hi, starts, resume):
    """Instructions from each occurrence of an address in starts to the
    next occurrence of resume, within pcs[lo:hi]."""
    out = []
    i = lo
    while i < hi:
        if pcs[i] in starts:
            try:
                j = pcs.index(resume, i + 1, hi)
            except ValueError:
                break
            out.append(j - i)
            i = j
        i += 1
    return out


def text_size(size_tool, elf):
    return int(run([size_tool, elf]).splitlines()[1].split()[0])


def measure(args, board, workdir):
    target, handler = BOARDS[board]
    bin_dir = os.path.join(args.build, "bin")
    clang = os.path.join(bin_dir, "clang")
    elf = os.path.join(workdir, board + ".elf")
    run([clang, "--target=" + target, "--board=" + board, "-Os", "-DHANDLER=" + handler,
         BENCH_C, "-o", elf])
    syms = symbols(args.nm, elf)
    pcs = trace(bin_dir, elf, workdir)
    r = {}
    i, j = between(pcs, syms["bench_mutex_begin"], syms["bench_mutex_end"])
    r["mutex"] = (j - i) / 100
    i, j = between(pcs, syms["bench_yield_begin"], syms["bench_yield_end"])
    r["yield"] = (j - i) / 200
    after_yield = svc_after(args.objdump, elf, "noos_thread_yield")
    sw = latencies(pcs, i, j, {after_yield - 2}, after_yield)
    r["switch"] = statistics.median(sw)
    after_wait = svc_after(args.objdump, elf, "noos_futex_wait")
    i, j = between(pcs, syms["bench_irq_begin"], syms["bench_irq_end"])
    irq = latencies(pcs, i, len(pcs), {syms[handler]}, after_wait)
    r["irq"] = statistics.median(irq[:10])
    # noos_sleep_for may have its own copy of noos_sleep_until's SVC.
    after_sleep = (svc_after(args.objdump, elf, "noos_sleep_for")
                   or svc_after(args.objdump, elf, "noos_sleep_until"))
    i, j = between(pcs, syms["bench_idle_begin"], syms["bench_idle_end"])
    idle = latencies(pcs, i, j, {syms["SysTick_Handler"]}, after_sleep)
    # The micro:bit has no SysTick (and bench.c no alarm for it): the
    # scheduler polls the clock there, which is not comparable.
    r["idle"] = statistics.median(idle) if idle and board != "microbit" else None

    # Code: the kernel's objects in the runtime archive of the variant the
    # board links (text and read-only data; the linker may drop a little).
    # RAM: the kernel's variables (the objects' data and bss).
    variant = re.search(r"-L(\S*/lib/noos/\S+)", run([clang, "--target=" + target,
                        "--board=" + board, "-Os", "-DHANDLER=" + handler, BENCH_C, "-o", elf,
                        "-Wl,-v"]))
    objdir = None
    if variant:
        vdir = os.path.relpath(variant.group(1), os.path.join(args.build, "lib", "noos"))
        cand = os.path.join(args.build, "runtime", "obj",
                            re.sub(r"[^A-Za-z0-9_]", "_", vdir + "/libnoos.a"))
        if os.path.isdir(cand):
            objdir = cand
    code = ram = 0
    if objdir:
        for name in KERNEL_OBJECTS:
            obj = os.path.join(objdir, name)
            for line in run([args.size, "-A", obj]).splitlines():
                f = line.split()
                if len(f) < 2 or not f[1].isdigit():
                    continue
                if f[0].startswith((".text", ".rodata")):
                    code += int(f[1])
                elif f[0].startswith((".data", ".bss")):
                    ram += int(f[1])
    r["code"] = code or None
    r["static_ram"] = ram or None
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--board", action="append", choices=sorted(BOARDS))
    ap.add_argument("--nm", default="llvm-nm")
    ap.add_argument("--objdump", default="llvm-objdump")
    ap.add_argument("--size", default="llvm-size")
    args = ap.parse_args()
    boards = args.board or list(BOARDS)
    os.environ["PATH"] = os.path.join(args.build, "bin") + os.pathsep + os.environ["PATH"]
    rows = []
    with tempfile.TemporaryDirectory() as wdir:
        for b in boards:
            rows.append((b, measure(args, b, wdir)))
    print("instructions (QEMU, -Os)    " + "  ".join("%12s" % b for b, _ in rows))
    for key, label in [("mutex", "mutex lock+unlock (+loop)"),
                       ("yield", "yield + switch (+loop)"),
                       ("switch", "svc -> other thread"),
                       ("irq", "IRQ -> woken thread"),
                       ("idle", "idle: alarm -> thread"),
                       ("code", "kernel code+rodata (bytes)"),
                       ("static_ram", "kernel variables (bytes)")]:
        cells = []
        for _, r in rows:
            v = r[key]
            cells.append("%12s" % ("-" if v is None else ("%g" % v)))
        print("%-27s " % label + "  ".join(cells))


if __name__ == "__main__":
    main()
