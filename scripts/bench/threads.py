#!/usr/bin/env python3
"""Section "threads": what the thread kernel costs, on ten boards' QEMU.

Boards: mps2-an385 (Cortex-M3), mps2-an386 (Cortex-M4F), mps2-an505
(Cortex-M33) and microbit (Cortex-M0), each built with
BUILD/bin/clang --target=<its target> --board=<board> -Os.

Instructions: test/runtime/threads/Inputs/bench.c runs on the board's QEMU
machine (noos-run --print-command) with one instruction per translation
block (-singlestep, or one-insn-per-tb on QEMU 8.1+), no block chaining and
every executed block logged (-d exec,nochain), the method of the "reset"
section, and with -icount shift=5,sleep=off, so that its sleeps last their
time in instructions rather than in the host's (slowed) time. The log is
one executed instruction a line once two kinds of line are taken out: a
block that QEMU logs and then does not run (an interrupt or the icount
budget stops it first: "Stopped execution of TB chain before"), and one
that an I/O access makes it run again from the start ("cpu_io_recompile:
rewound execution"). That is checked: every address must start an
instruction in llvm-objdump's disassembly, and every step must go to the
next instruction, to a direct branch's target, anywhere after another
change of flow (indirect branches, exception returns, SVC) or to an entry
of the vector table (an exception taken). Between its marker functions
(bench_*_begin/_end, addresses from the image's symbols) bench.c runs:

  mutex     100 uncontended noos_mutex_lock + noos_mutex_unlock; counted:
            the instructions outside main (the two calls, without the loop
            and the argument set-up), / 100
  yield     100 rounds of main and a partner thread of the same priority
            yielding to each other; counted: the round trip, from one
            return of main's noos_thread_yield to the next (main -> partner
            -> main: two yields, two switches, the partner's loop), median
  switch    (a) the full yield path: from noos_thread_yield's first
            instruction (the call, whatever it does to reach the kernel) to
            the first instruction executed in the other thread (median of
            200); (b) the context switch proper: from PendSV_Handler's first
            instruction to the first instruction executed in the other
            thread (median of 200): what FreeRTOS's figure counts, its
            PendSV handler. Each also by direction: main runs on the main
            stack, the partner on the process stack
  irq       from the first instruction of IRQ 20's handler, which wakes a
            higher-priority thread (noos_note_wakeup) while main runs, to
            that thread's first instruction (median of 10)
  idle      the same when nothing runs: from the first instruction of the
            interrupt handler whose alarm ends a sleep (it calls
            noos__alarm) to the sleeper's first instruction (median of
            10). A board without SysTick and without an alarm of its own
            (noos_set_system_alarm) has no such interrupt: the scheduler
            watches the clock while it idles and the row says n/a

Timed waits: test/runtime/threads/Inputs/deadlines.c, built as
test/runtime/threads/deadlines.test builds it (IRQ 20's handler pended
by software), run twice as that test does: "threads,irq" (2,000 waits of
five kinds among a ticker thread, time-sliced spinners and a device
interrupt that starts a time slice) under -icount shift=5, and "alone"
(1,000 waits with nothing else setting the alarm) under shift=9, where
the handlers last about as long as the alarm's shortest period. The row
is the worst lateness (wake-up time less deadline, by noos_nanotime) of
all the run's waits. Goal: at most 100 us at shift 5 on every board (the
alarm's shortest period, 50 us, plus 50 us of interrupt, wakeup and
switch); before the alarm race was fixed, shift 9 showed waits a whole
SysTick wrap late (671 ms).

"The thread's first instruction" is the first one the log shows in thread
mode again after the handlers: QEMU (6.0 and later) keeps handler mode in
bit 0 of a translation block's cs_base, which -d exec prints. A thread that
blocked or yielded may resume anywhere (after an SVC, or where PendSV
preempted it), a new one at its entry function, so no code address would
do. The bit is checked first: set wherever PendSV_Handler runs, never in
main.

Bytes (generated programs in BUILD/bench/threads/src):
  RAM per thread   ram.c creates 4 threads with 512-byte stacks; mallinfo's
                   bytes in use grow by the thread's one heap block (control
                   block, TLS block, canary, stack) and malloc's header:
                   (4th - 1st) / 3, less the 512 of stack
  kernel code      min.c built with and without -DTHREADS (one thread
                   created and joined; both call malloc and free): the
                   difference in text (code, read-only data, vectors), and
                   in RAM (.data + .bss: the main thread's control block and
                   the scheduler's variables)
  all of it        text + read-only data of the kernel's objects in the
                   variant's libnoos.a (llvm-size -A): everything a program
                   could link, whether or not it does

Other architectures (issues 9 and 10): armv7a-noos on virt-a7 and
mcimx6ul-evk, aarch64-noos on virt-a53, riscv64-noos on virt and
riscv32-noos on virt32 and sifive_e, each in its architecture's table (a
row per board, as the reset section's), run with the QEMU command
noos-run --print-command gives for the board plus the flags above, the
same counting and checks, from the ELF entry (QEMU's reset code before it
is left out). A-profile runs bench.c with an SGI as the interrupt
(-DGICD_SGIR); RISC-V with the UART's interrupt through the PLIC
(-DUART_IER on virt, -DSIFIVE_UART on sifive_e), since the CLINT's
software interrupt carries the switches. Their logs show no handler mode, so the
handler depth is counted instead: in at each exception entry, out after
each exception return. What bounds the switch span on each architecture
(a symbol where the pended switch starts) is in ARCHS, with the span in
words for the table's caption: the analogue of PendSV_Handler's. These
are another ISA's instructions: no goal, no ratio to the Cortex-M
figures.

QEMU counts instructions, not cycles.

Goal (issue 14): the context switch, switch (b), at or below FreeRTOS's
on every core, measured on the same harness: the unmodified FreeRTOS
kernel with the core's port (ARM_CM3, ARM_CM4F, ARM_CM33_NTZ secure-only,
ARM_CM0), built by BUILD/bin/clang -Os for the same board, run under the
same QEMU command and trace flags as bench.c (noos-run --print-command,
-singlestep -icount shift=5,sleep=off -d exec,nochain), counted by this
file's own functions (read_trace, check_trace, latencies): every
instruction from PendSV_Handler's first to its exception return,
everything it calls included, median of 200 switches of a two-task yield
ping-pong. The figures are quoted (FREERTOS below, with how they were
obtained): FreeRTOS's code is measured beside the project, never part of
it. FreeRTOS without stack checking is the goal, since noos keeps its
overflow protection on; the figure with check method 2 is shown beside it.

Usage on its own: scripts/bench/threads.py [--build BUILD] [--board NAME ...]
"""

import argparse
import collections
import os
import re
import shlex
import shutil
import statistics
import sys

sys.dont_write_bytecode = True  # on its own too: keep scripts/bench free of __pycache__
from common import (BenchError, Elf, banner, elf_sizes, find_tool, first_line,  # noqa: E402
                    human, run, table, tool_version, write_if_changed)
from qemutrace import (branch_kind, branch_kind_for, direct_target, disassemble,  # noqa: E402
                       func_mapper, qemu_step_flags)

TITLE = ("threads: the thread kernel in instructions (QEMU), RAM and code, four Cortex-M"
         " boards; switches on six A-profile and RISC-V boards")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH_C = os.path.join(ROOT, "test", "runtime", "threads", "Inputs", "bench.c")
DEADLINES_C = os.path.join(ROOT, "test", "runtime", "threads", "Inputs", "deadlines.c")

# Board, core, target, the name of IRQ 20's handler there (bench.c -DHANDLER).
BOARDS = [
    ("mps2-an385", "M3", "thumbv7m-noos", "UARTRX4_IRQHandler"),
    ("mps2-an386", "M4F", "thumbv7em-noos", "UARTRX4_IRQHandler"),
    ("mps2-an505", "M33", "thumbv8m.main-noos", "IRQ20_Handler"),
    ("microbit", "M0", "thumbv6m-noos", "SWI0_IRQHandler"),
]
# The other architectures (issues 9 and 10): one table of facts per
# architecture, then the boards. What the Cortex-M code learns from
# QEMU's handler-mode bit and the vector table's words, these say by
# symbol names:
#   title     the report's table
#   entries   where a taken exception lands: (symbol, offsets from it);
#             irq the offsets of interrupts among them
#   returns   the exception-return mnemonics (llvm-objdump's)
#   switch    the switch span's first instruction (a symbol); with
#             switch_not, a start counts only when its trap runs
#             noos__switch and none of these before its return (RISC-V's
#             one trap entry serves every trap: the switch is the machine
#             software interrupt's, which runs no other handler)
#   span      the switch span in words, for the table's caption
#   idle_why  why no interrupt ends a sleep, where none does (the idle
#             row's n/a)
# The span ends, as on Cortex-M, at the other thread's first instruction:
# the one after the exception return that leaves the outermost handler
# (entries counted in, exception returns out: that nesting depth is the
# handler mode these architectures' logs do not show).
ARCHS = {
    "armv7a": {
        "title": "armv7a-noos (Cortex-A7, SVC mode)",
        "entries": ("noos_vectors", [0x04, 0x08, 0x0c, 0x10, 0x14, 0x18, 0x1c]),
        "irq": [0x18],
        "returns": {"rfeia", "rfe", "eret"},
        "switch": "noos__a32_switch_pended",
        "switch_not": (),
        "span": "kentry.S's pended-switch path (noos__a32_switch_pended: the outermost SVC"
                " or IRQ entry's exit found noos__a32_pend set; the thread's context was"
                " saved on entry, not counted) through noos__switch and the restore to"
                " its rfeia into the other thread",
    },
    "aarch64": {
        "title": "aarch64-noos (Cortex-A53, EL1)",
        "entries": ("noos__a64_vectors", [0x80 * i for i in range(16)]),
        "irq": [0x080, 0x280],
        "returns": {"eret"},
        "switch": "noos__a64_switch_pended",
        "switch_not": (),
        "span": "vectors.S's pended-switch path (noos__a64_switch_pended: the SVC or IRQ"
                " entry's exit found noos__a64_pend set; x0-x30 and q0-q31 were saved on"
                " entry, not counted) through noos__switch and the restore to its eret"
                " into the other thread",
    },
    "riscv": {
        "title": "riscv64-noos and riscv32-noos (machine mode)",
        "entries": ("noos__rv_trap_entry", [0]),
        "irq": [0],
        "returns": {"mret"},
        "switch": "noos__rv_trap_entry",
        "switch_not": ("noos__counter_irq", "noos__kernel_call", "noos__rv_external_irq",
                       "noos__rv_trap"),
        "span": "the machine software interrupt that carries the pended switch (CLINT"
                " msip), from its trap entry's first instruction (noos__rv_trap_entry:"
                " x1-x31 and the CSRs saved, noos__rv_trap_dispatch, noos__rv_switch's"
                " copy to the thread's stack, noos__switch, the next thread's context"
                " restored where it lies) to its mret into"
                " the other thread",
        "idle_why": "the idle loop runs in the trap handler, where traps do not nest (the"
                    " entry's mscratch swap): it polls mip and calls the timer's handler"
                    " itself (port.h's k_idle_window), so the sleeper is woken from the"
                    " switch, not by an interrupt",
    },
}
# Board, target, architecture, program, its flags, the handler of the
# interrupt that wakes the waiter (None: the cell says n/a, why beside it).
X_BOARDS = [
    ("virt-a7", "armv7a-noos", "armv7a", BENCH_C,
     ["-DGICD_SGIR=0x08000f00", "-DHANDLER=SGI1_IRQHandler"], "SGI1_IRQHandler", None),
    ("mcimx6ul-evk", "armv7a-noos", "armv7a", BENCH_C,
     ["-DGICD_SGIR=0x00a01f00", "-DHANDLER=IRQ1_Handler"], "IRQ1_Handler", None),
    ("virt-a53", "aarch64-noos", "aarch64", BENCH_C,
     ["-DGICD_SGIR=0x08000f00", "-DHANDLER=IRQ1_Handler"], "IRQ1_Handler", None),
    ("virt", "riscv64-noos", "riscv", BENCH_C,
     ["-DUART_IER=0x10000001", "-DHANDLER=UART0_IRQHandler"], "UART0_IRQHandler", None),
    ("virt32", "riscv32-noos", "riscv", BENCH_C,
     ["-DUART_IER=0x10000001", "-DHANDLER=UART0_IRQHandler"], "UART0_IRQHandler", None),
    ("sifive_e", "riscv32-noos", "riscv", BENCH_C,
     ["-DSIFIVE_UART=0x10013000", "-DIRQ=3", "-DHANDLER=UART0_IRQHandler"],
     "UART0_IRQHandler", None),
]
X_IRQ = {"armv7a": "GIC SGI 1 (GICD_SGIR)", "aarch64": "GIC SGI 1 (GICD_SGIR)",
         "riscv": "PLIC: virt's UART transmitter-empty interrupt (source 10), sifive_e's"
                  " UART0 transmit watermark (source 3)"}
EM_ARM = 40
QEMU_PACKAGE = {"qemu-system-aarch64": "qemu-system-arm",
                "qemu-system-riscv64": "qemu-system-misc",
                "qemu-system-riscv32": "qemu-system-misc"}
# The board whose switch the report shows function by function (the M4F,
# where issue 14 first compared the two kernels).
GOAL_BOARD = "mps2-an386"
# FreeRTOS's switch on the same harness, quoted: core -> (port, median
# without stack checking, median with configCHECK_FOR_STACK_OVERFLOW 2),
# instructions from PendSV_Handler's first to its exception return.
#
# How they were obtained (2026-12-05, issue 14), so that they can be
# measured again; FreeRTOS's code and the scripts that build it stay
# outside the project (in /tmp):
#   kernel   FreeRTOS-Kernel 4269c69a16f9 (main, 2026-07-23), unmodified:
#            tasks.c list.c queue.c portable/MemMang/heap_4.c and the
#            port's port.c (+ portasm.c): GCC/ARM_CM3 (an385), GCC/ARM_CM4F
#            (an386), GCC/ARM_CM33_NTZ/non_secure (an505, secure-only:
#            configRUN_FREERTOS_SECURE_ONLY 1, configENABLE_TRUSTZONE 0,
#            configENABLE_FPU 1, configENABLE_MPU 0), GCC/ARM_CM0 (microbit)
#   config   configUSE_PORT_OPTIMISED_TASK_SELECTION 1 (0 on the M0, whose
#            port has none), preemption and time slicing on, 1 kHz tick,
#            configCPU_CLOCK_HZ 25 MHz, configMAX_PRIORITIES 5, no timers,
#            mutexes, trace facility, run-time stats or hooks,
#            configASSERT left undefined (FreeRTOS's default; defining it
#            adds 2 on the M4F), configPRIO_BITS 3, kernel priority 7,
#            syscall priority 5, handlers under CMSIS names
#            (#define xPortPendSVHandler PendSV_Handler, vPortSVCHandler
#            SVC_Handler, xPortSysTickHandler SysTick_Handler; the v6-M and
#            v8-M ports use those names already), heap_4 with 4 KiB,
#            configCHECK_FOR_STACK_OVERFLOW 0 or 2
#   program  two tasks of priority 1, 256-word stacks: "partner" loops on
#            taskYIELD(); "main_task" calls bench_yield_begin(), taskYIELD()
#            100 times, bench_yield_end() (noinline markers, as bench.c's),
#            then puts("bench: done") and exit(0)
#   build    BUILD/bin/clang --target=<the board's target, as BOARDS>
#            --board=<board> -Os (clang 22.1.8; the noos runtime's start-up
#            and vector table, FreeRTOS's handlers replacing its weak ones)
#   run      noos-run --print-command's QEMU line + -singlestep -icount
#            shift=5,sleep=off -d exec,nochain -D <log> (QEMU 7.2.22)
#   count    read_trace, check_trace, vector_entries, window and latencies
#            from this file, imported as a module, on the window between
#            the markers with PendSV_Handler as the start: 200 switches
# Each core has two figures, one per direction: the pick walks a ready
# list of two tasks and its end marker, so every other switch takes two
# instructions more (M4F: 57 to one task, 59 to the other; the median
# of all 200 is the lower one). Without -icount the per-direction figures
# are the same; real-time SysTick ticks then tail-chain onto some
# switches and move the median between the two. Issue 14 quoted 62 / 82
# for the M4F from a harness whose kernel commit and configuration it
# does not state; FreeRTOS V11.1.0 measures 57 / 72 here.
FREERTOS = {
    "M3": ("ARM_CM3", 49, 70),
    "M4F": ("ARM_CM4F", 57, 78),
    "M33": ("ARM_CM33_NTZ", 56, 77),
    "M0": ("ARM_CM0", 61, 82),
}
FREERTOS_HARNESS = ("FreeRTOS-Kernel 4269c69a16f9 unmodified, heap_4, optimised task selection"
                    " (not on the M0), handlers under CMSIS names, BUILD/bin/clang -Os, the"
                    " board's noos start-up; bench.c's QEMU command and trace flags, this"
                    " section's counting, median of 200 switches of a two-task yield"
                    " ping-pong (threads.py's FREERTOS comment says how to repeat it)")
MUTEX_ROUNDS, YIELDS, IRQS, SLEEPS = 100, 200, 10, 10
# Timed waits (deadlines.c, as test/runtime/threads/deadlines.test runs
# it): phases, waits, -icount shift. Goal: the worst lateness at shift 5
# within the alarm's shortest period (50 us) plus 50 us (some 1,600
# instructions of interrupt, wakeup and switch).
DEADLINE_RUNS = [("threads,irq", 2000, 5), ("alone", 1000, 9)]
LATENESS_GOAL_US = 100
RAM_THREADS, RAM_STACK = 4, 512

# The thread kernel's objects in libnoos.a: the scheduler and futex, sync,
# queues, picolibc's locks, the current thread, timers, interrupts, the
# time and alarm code, the context switch and its entry points.
KERNEL_OBJECTS = ["src-sched.c.o", "src-sync.c.o", "src-queue.c.o", "src-lock.c.o",
                  "src-current.c.o", "src-timer.c.o", "src-irq.c.o", "arm-m-time.c.o",
                  "arm-m-systick.c.o", "arm-m-switch.S.o", "arm-m-entry.S.o",
                  "arm-m-kport.c.o", "arm-m-nvic.c.o"]

RAM_C = r"""/* make bench, threads section (generated): the heap a thread takes.
 * The threads run below main's priority, so none has run (or ended) when
 * mallinfo looks; the first one's growth may include one-time set-up. */
#include <malloc.h>
#include <noos/thread.h>
#include <stdio.h>

#define N %d
#define STACK %d

static void entry(void *arg) { (void)arg; }

int main(void) {
  noos_thread_t *t[N];
  size_t used[N + 1];
  used[0] = mallinfo().uordblks;
  for (int i = 0; i < N; ++i) {
    t[i] = noos_thread_create(entry, 0, STACK, NOOS_PRIO_MIN, "t");
    used[i + 1] = mallinfo().uordblks;
  }
  for (int i = 0; i < N; ++i)
    if (!t[i] || noos_thread_join(t[i]) != NOOS_OK)
      return 1;
  printf("threads-ram: first %%u, each %%u, stack %%u\n", (unsigned)(used[1] - used[0]),
         (unsigned)((used[N] - used[1]) / (N - 1)), (unsigned)STACK);
  return 0;
}
""" % (RAM_THREADS, RAM_STACK)

MIN_C = r"""/* make bench, threads section (generated): built with and without
 * -DTHREADS; the difference is what one thread brings in. Both call malloc
 * and free, which noos_thread_create uses. */
#include <noos/thread.h>
#include <stdlib.h>

static void entry(void *arg) { (void)arg; }

int main(void) {
  volatile size_t n = 64;
  free(malloc(n));
#ifdef THREADS
  noos_thread_join(noos_thread_create(entry, 0, 0, NOOS_PRIO_DEFAULT, "t"));
#endif
  return 0;
}
"""


def add_arguments(ap):
    g = ap.add_argument_group("threads section")
    g.add_argument("--llvm-size", default="/usr/bin/llvm-size-22")
    # --qemu is bench.py's; --llvm-objdump the reset section's (bench.py
    # adds every section's options), or main()'s below when run on its own.


def check_arguments(ap, args):
    pass


def find_tools(args):
    build_bin = os.path.join(args.build, "bin")
    return {
        "clang": os.path.abspath(find_tool(os.path.join(build_bin, "clang"),
                                           "noos-clang", "run make build first",
                                           search_path=False)),
        "noos-run": os.path.abspath(find_tool(os.path.join(build_bin, "noos-run"),
                                              "noos-run", "run make build first",
                                              search_path=False)),
        "qemu": find_tool(args.qemu, "qemu-system-arm", "install qemu-system-arm"),
        "objdump": find_tool(getattr(args, "llvm_objdump", "/usr/bin/llvm-objdump-22"),
                             "llvm-objdump-22", "install llvm-22"),
        "size": find_tool(args.llvm_size, "llvm-size-22", "install llvm-22"),
    }


def _boards(args):
    chosen = getattr(args, "board", None)
    return [b for b in BOARDS if not chosen or b[0] in chosen]


def _x_boards(args):
    chosen = getattr(args, "board", None)
    return [b for b in X_BOARDS if not chosen or b[0] in chosen]


def describe(args):
    n, x = len(_boards(args)), len(_x_boards(args))
    return ("%d Cortex-M boards: one traced QEMU run each, 3 small images and 2 timed-wait"
            " runs; %d A-profile and RISC-V boards: one traced run each" % (n, x))


# ---------------------------------------------------------------- tracing

def vector_entries(elf, board):
    """The handler addresses in the image's vector table (.vectors), the
    reset vector and the stack pointer left out."""
    sec = elf.section(".vectors")
    raw = sec and elf.read(sec["addr"], sec["size"])
    if not raw:
        raise BenchError("threads: the %s image has no .vectors section" % board)
    words = [int.from_bytes(raw[i:i + 4], "little") for i in range(8, len(raw) - 3, 4)]
    return {w & ~1 for w in words if w & 1}


TRACE = re.compile(r"Trace \d+: \S+ \[([0-9a-f]+)/([0-9a-f]+)/")
REWOUND = re.compile(r"cpu_io_recompile: rewound execution of TB to ([0-9a-f]+)")
STOPPED = re.compile(r"Stopped execution of TB chain before \S+ \[([0-9a-f]+)\]")


def read_trace(log, board):
    """The executed instructions' addresses and QEMU's handler-mode bit for
    each, without the blocks logged but not run (see the docstring)."""
    pcs, modes = [], []
    dropped = 0
    with open(log) as f:
        for line in f:
            m = TRACE.match(line)
            if m:
                pcs.append(int(m.group(2), 16))
                modes.append(int(m.group(1), 16) & 1)
                continue
            m = REWOUND.search(line) or STOPPED.search(line)
            if m:
                if not pcs or pcs[-1] != int(m.group(1), 16):
                    raise BenchError("threads: %s: QEMU's log says a block at 0x%s did not"
                                     " run, but the last one logged is elsewhere (%s)"
                                     % (board, m.group(1), log))
                pcs.pop()
                modes.pop()
                dropped += 1
    return pcs, modes, dropped


def check_trace(pcs, insns, vectors, board):
    """Each address one instruction, each step a possible one."""
    for a, b in zip(pcs, pcs[1:]):
        if a not in insns:
            raise BenchError("threads: %s: QEMU logged 0x%x, which starts no instruction:"
                             " the log is not one line per instruction" % (board, a))
        size, mn, ops = insns[a]
        if b == a + size or b in vectors:
            continue
        kind = branch_kind(mn, ops)
        target = re.search(r"0x([0-9a-f]+)", ops) if kind == "direct" else None
        if kind is None or (target and int(target.group(1), 16) != b):
            raise BenchError("threads: %s: the trace goes from 0x%x (%s %s) to 0x%x: the log is"
                             " not one line per executed instruction"
                             % (board, a, mn, ops.strip(), b))


def window(pcs, begin, end, what):
    try:
        i = pcs.index(begin)
        return i, pcs.index(end, i + 1)
    except ValueError:
        raise BenchError("threads: the trace never runs %s's markers" % what)


def back_in_thread(modes, k, hi):
    """The index of the first instruction in thread mode after k, once the
    handler stretch that starts at or after k is over (None if none)."""
    while k < hi and not modes[k]:
        k += 1
    while k < hi and modes[k]:
        k += 1
    return k if k < hi else None


def latencies(pcs, modes, lo, hi, starts, func=None):
    """(start index, end index) from each occurrence of an address in
    starts, within pcs[lo:hi], to the first instruction a thread runs after
    the exception handling that follows. With func (the function mapper), a
    start in thread mode (a call) counts only if an exception comes before
    the call returns to its caller."""
    out = []
    i = lo
    while i < hi:
        if pcs[i] in starts:
            j = back_in_thread(modes, i, hi)
            if j is None:
                break
            if func and i > 0:
                caller, k = func(pcs[i - 1]), i
                while not modes[k] and func(pcs[k]) != caller:
                    k += 1
                if not modes[k]:  # returned without a switch
                    i += 1
                    continue
            out.append((i, j))
            i = j
        i += 1
    return out


def median(spans):
    return statistics.median(j - i for i, j in spans) if spans else None


# ---------------------------------------------------------------- one board

def deadlines(tools, bdir, cc, board, handler):
    """The worst lateness (us) of deadlines.c's timed waits, per run of
    DEADLINE_RUNS, and how many waits each measured."""
    elf = os.path.join(bdir, "deadlines.elf")
    run(cc + ["-DPEND_IRQ=20", "-DHANDLER=" + handler, DEADLINES_C, "-o", elf],
        "threads: building deadlines.c for %s" % board, cwd=bdir)
    out = []
    for phases, waits, shift in DEADLINE_RUNS:
        # The bound (the third argument) only decides the exit status: 10 s.
        cmd = shlex.split(run([tools["noos-run"], "--qemu=" + tools["qemu"], "--print-command",
                               elf, phases, str(waits), "10000000", "1"],
                              "threads: noos-run --print-command").stdout)
        cmd += ["-icount", "shift=%d,sleep=off" % shift]
        p = run(cmd, "threads: running deadlines.c %s on %s" % (phases, board), cwd=bdir,
                timeout=300)
        worst = [int(m) for m in re.findall(r"worst lateness (\d+) us", p.stdout)]
        m = re.search(r"deadlines: (\d+) waits, \d+ late by more than \d+ us, (\d+) early",
                      p.stdout)
        if not worst or not m or "deadlines: ok" not in p.stdout:
            raise BenchError("threads: deadlines.c %s on %s: %s" % (
                phases, board, first_line(p.stdout) or "no figures"))
        out.append((max(worst), int(m.group(1))))
    return out


def measure(tools, wdir, board, target, handler, step):
    bdir = os.path.join(wdir, board)
    os.makedirs(bdir, exist_ok=True)
    cc = [tools["clang"], "--target=" + target, "--board=" + board, "-Os"]
    elf_path = os.path.join(bdir, "bench.elf")
    cmd = cc + ["-DHANDLER=" + handler, BENCH_C, "-o", elf_path]
    run(cmd, "threads: building bench.c for %s" % board, cwd=wdir)
    r = {"cmd": cmd}

    # The trace.
    qemu = shlex.split(run([tools["noos-run"], "--qemu=" + tools["qemu"], "--print-command",
                            elf_path], "threads: noos-run --print-command").stdout)
    log = os.path.join(bdir, "trace.log")
    if os.path.exists(log):
        os.remove(log)
    r["qemu"] = qemu[:1] + step + ["-icount", "shift=5,sleep=off", "-d", "exec,nochain"]
    p = run(r["qemu"] + qemu[1:] + ["-D", log], "threads: running bench.c on %s" % board,
            cwd=wdir, timeout=300)
    if "bench: done" not in p.stdout:
        raise BenchError("threads: bench.c did not finish on %s: %s"
                         % (board, p.stdout.strip().splitlines()[-1:] or "no output"))
    pcs, modes, r["dropped"] = read_trace(log, board)
    r["trace_len"] = len(pcs)

    elf = Elf(elf_path)
    insns = disassemble(tools["objdump"], elf_path, "threads: llvm-objdump -d",
                        skip_data=True)
    vectors = vector_entries(elf, board)
    check_trace(pcs, insns, vectors, board)
    func = func_mapper(elf_path)

    def sym(name):
        a = elf.symbol(name)
        if a is None:
            raise BenchError("threads: the %s image has no symbol %s" % (board, name))
        return a

    # Where a thread runs again: the first instruction in thread mode, from
    # QEMU's handler-mode bit, checked against what must run in which mode.
    pendsv = sym("PendSV_Handler")
    if not (pendsv in pcs and all(modes[k] for k, pc in enumerate(pcs) if pc == pendsv)
            and not any(modes[k] for k, pc in enumerate(pcs) if func(pc) == "main")):
        raise BenchError("threads: %s: QEMU's log does not tell handler mode from thread mode"
                         " (bit 0 of the logged cs_base, QEMU 6.0 and later): cannot tell"
                         " where a switch ends" % board)

    # mutex: the calls' own instructions.
    i, j = window(pcs, sym("bench_mutex_begin"), sym("bench_mutex_end"), "mutex")
    inside = sum(1 for pc in pcs[i + 1:j] if func(pc) != "main")
    r["mutex"] = inside / MUTEX_ROUNDS
    r["mutex_loop"] = (j - i - 1 - inside) / MUTEX_ROUNDS

    # yield: round trips, and the two switch figures.
    i, j = window(pcs, sym("bench_yield_begin"), sym("bench_yield_end"), "yield")
    rets = {a + size for a, (size, mn, ops) in insns.items()
            if mn.startswith("bl") and "<noos_thread_yield>" in ops and func(a) == "main"}
    back = [k for k in range(i, j) if pcs[k] in rets]
    r["round"] = statistics.median(b - a for a, b in zip(back, back[1:])) if len(back) > 1 \
        else None
    r["rounds"] = [b - a for a, b in zip(back, back[1:])]
    r["switch_a"] = latencies(pcs, modes, i, j, {sym("noos_thread_yield")}, func)
    r["switch_b"] = latencies(pcs, modes, i, j, {pendsv})
    # By direction: which of the two runs next (the first of main and
    # partner the trace reaches). main runs on the main stack (MSP), the
    # partner on the process stack (PSP): the save and restore differ.
    for key in ("switch_a", "switch_b"):
        to = collections.defaultdict(list)
        for a, b in r[key]:
            who = next((func(pc) for pc in pcs[b:b + 400]
                        if func(pc) in ("main", "partner")), "?")
            to[who].append((a, b))
        r[key + "_to"] = {k: median(v) for k, v in to.items()}
        # Where a typical one goes, function by function.
        r[key + "_funcs"] = {}
        for k, v in to.items():
            a, b = min(v, key=lambda s: abs(s[1] - s[0] - r[key + "_to"][k]))
            r[key + "_funcs"][k] = collections.Counter(func(pc) for pc in pcs[a:b])

    # irq: the handler's entries, main running.
    i, _ = window(pcs, sym("bench_irq_begin"), sym("bench_irq_end"), "irq")
    r["irq"] = latencies(pcs, modes, i, len(pcs), {sym(handler)})[:IRQS]

    # idle: the interrupts that called noos__alarm ending a sleep.
    i, j = window(pcs, sym("bench_idle_begin"), sym("bench_idle_end"), "idle")
    r["idle"], r["idle_handlers"], r["idle_why"] = idle_spans(
        pcs, modes, i, j, elf, func, vectors)

    r.update(ram_and_code(tools, wdir, bdir, cc, board))
    r["deadlines"] = deadlines(tools, bdir, cc, board, handler)
    return r


def idle_spans(pcs, modes, lo, hi, elf, func, vectors):
    """Spans from the entry of each interrupt handler that ends a sleep
    (calls noos__alarm, which wakes the sleeper) to the next thread
    instruction; the handlers' names; why there are none, if so."""
    alarm = elf.symbol("noos__alarm")
    if alarm is None:
        return [], [], "the image has no noos__alarm"
    exc = {elf.symbol(n) for n in ("PendSV_Handler", "SVC_Handler")}
    spans, names = [], collections.Counter()
    polled = 0
    k = lo
    while k < hi:
        if pcs[k] != alarm:
            k += 1
            continue
        # The handler this call is in: the last vector entry before it,
        # with the idle loop (noos__switch) not run since (it would have
        # returned to it).
        h = k - 1
        while h >= lo and pcs[h] not in vectors and func(pcs[h]) != "noos__switch":
            h -= 1
        if h < lo or pcs[h] not in vectors or pcs[h] in exc:
            polled += 1
            k += 1
            continue
        j = back_in_thread(modes, k, hi)
        if j is None:
            break
        spans.append((h, j))
        names[func(pcs[h])] += 1
        k = j + 1
    why = None
    if not spans:
        why = ("no interrupt ended a sleep: the scheduler watched the clock while idle"
               " (%d calls of noos__alarm from the idle loop), as it does on a board"
               " without SysTick and without an alarm of its own (noos_set_system_alarm)"
               % polled) if polled else "noos__alarm never ran while the CPU idled"
    return spans[:SLEEPS], sorted(names), why


# ---------------------------------------------------------------- other ISAs

def x_trace(pcs, insns, machine, entries, returns, board):
    """Checks each step as check_trace does, for the image's instruction
    set; returns the handler depth at each instruction as modes (1 in a
    handler): an exception taken (a step to an entry) goes in, the step
    after an exception return comes out."""
    modes, depth = [], 0
    for k, pc in enumerate(pcs):
        if pc not in insns:
            raise BenchError("threads: %s: QEMU logged 0x%x, which starts no instruction:"
                             " the log is not one line per instruction" % (board, pc))
        if k:
            a = pcs[k - 1]
            size, mn, ops = insns[a]
            if mn in returns:
                depth -= 1
            elif pc != a + size and pc not in entries:
                kind = branch_kind_for(machine, mn, ops)
                target = None
                if kind == "direct":
                    # Arm's operands end in an "@ imm = #-0x18" comment: its
                    # target is the first address (check_trace's rule).
                    m = re.search(r"0x([0-9a-f]+)", ops) if machine == EM_ARM else None
                    target = int(m.group(1), 16) if m else direct_target(ops)
                if kind is None or (target is not None and target != pc):
                    raise BenchError("threads: %s: the trace goes from 0x%x (%s %s) to 0x%x:"
                                     " the log is not one line per executed instruction"
                                     % (board, a, mn, ops.strip(), pc))
        if pc in entries:
            depth += 1
        if depth < 0:
            raise BenchError("threads: %s: an exception return at 0x%x with no exception"
                             " taken: cannot tell handlers from threads" % (board, pcs[k - 1]))
        modes.append(1 if depth else 0)
    return modes


def measure_x(tools, wdir, board, target, arch, src, flags, handler):
    """bench.c on another architecture's board: the
    same figures as measure's, spans bounded by ARCHS[arch]; run with the
    QEMU command noos-run --print-command gives (None when that QEMU is
    not installed: the reason instead)."""
    A = ARCHS[arch]
    bdir = os.path.join(wdir, board)
    os.makedirs(bdir, exist_ok=True)
    elf_path = os.path.join(bdir, "bench.elf")
    cmd = [tools["clang"], "--target=" + target, "--board=" + board, "-Os"] + flags + [
        src, "-o", elf_path]
    run(cmd, "threads: building %s for %s" % (os.path.basename(src), board), cwd=wdir)
    r = {"cmd": cmd}
    qemu_cmd = shlex.split(run([tools["noos-run"], "--print-command", elf_path],
                               "threads: noos-run --print-command %s" % elf_path).stdout)
    if not qemu_cmd or not shutil.which(qemu_cmd[0]):
        name = qemu_cmd[0] if qemu_cmd else "QEMU"
        return "%s not found (install %s)" % (name, QEMU_PACKAGE.get(name, "QEMU"))
    qemu_cmd[0] = shutil.which(qemu_cmd[0])
    log = os.path.join(bdir, "trace.log")
    if os.path.exists(log):
        os.remove(log)
    r["qemu"] = qemu_cmd[:1] + qemu_step_flags(qemu_cmd[0]) + [
        "-icount", "shift=5,sleep=off", "-d", "exec,nochain"] + qemu_cmd[1:]
    p = run(r["qemu"] + ["-D", log], "threads: running %s on %s" % (os.path.basename(src),
                                                                     board),
            cwd=wdir, timeout=300)
    if "bench: done" not in p.stdout:
        raise BenchError("threads: %s did not finish on %s: %s"
                         % (os.path.basename(src), board,
                            p.stdout.strip().splitlines()[-1:] or "no output"))
    pcs, _, r["dropped"] = read_trace(log, board)
    elf = Elf(elf_path)
    # What QEMU's reset code runs before the ELF entry (RISC-V's ROM) is
    # not the image's.
    entry = elf.entry & ~1
    if entry not in pcs:
        raise BenchError("threads: %s: the trace never reaches the entry 0x%x" % (board, entry))
    r["rom"] = pcs.index(entry)
    pcs = pcs[r["rom"]:]
    r["trace_len"] = len(pcs)

    def sym(name):
        a = elf.symbol(name)
        if a is None:
            raise BenchError("threads: the %s image has no symbol %s" % (board, name))
        return a

    insns = disassemble(tools["objdump"], elf_path, "threads: llvm-objdump -d",
                        skip_data=True)
    base = sym(A["entries"][0])
    entries = {base + off for off in A["entries"][1]}
    irq_entries = {base + off for off in A["irq"]}
    modes = x_trace(pcs, insns, elf.machine, entries, A["returns"], board)
    func = func_mapper(elf_path)
    start = sym(A["switch"])
    if not (start in pcs and all(modes[k] for k, pc in enumerate(pcs) if pc == start)
            and not any(modes[k] for k, pc in enumerate(pcs) if func(pc) == "main")):
        raise BenchError("threads: %s: the handler depth from %s's entries and %s is not set"
                         " wherever %s runs, or is set in main: cannot tell where a switch"
                         " ends" % (board, A["entries"][0], "/".join(sorted(A["returns"])),
                                    A["switch"]))

    # mutex: the calls' own instructions.
    i, j = window(pcs, sym("bench_mutex_begin"), sym("bench_mutex_end"), "mutex")
    inside = sum(1 for pc in pcs[i + 1:j] if func(pc) != "main")
    r["mutex"] = inside / MUTEX_ROUNDS
    r["mutex_loop"] = (j - i - 1 - inside) / MUTEX_ROUNDS

    # yield: round trips and the two switch figures.
    i, j = window(pcs, sym("bench_yield_begin"), sym("bench_yield_end"), "yield")
    rets = {a + size for a, (size, mn, ops) in insns.items()
            if "<noos_thread_yield>" in ops and func(a) == "main"
            and branch_kind_for(elf.machine, mn, ops)}
    back = [k for k in range(i, j) if pcs[k] in rets]
    r["rounds"] = [b - a for a, b in zip(back, back[1:])]
    r["round"] = statistics.median(r["rounds"]) if r["rounds"] else None
    r["switch_a"] = latencies(pcs, modes, i, j, {sym("noos_thread_yield")}, func)
    spans = latencies(pcs, modes, i, j, {start})
    if A["switch_not"]:
        switch, others = sym("noos__switch"), {elf.symbol(n) for n in A["switch_not"]}
        spans = [(a, b) for a, b in spans
                 if switch in pcs[a:b] and not others.intersection(pcs[a:b])]
    r["switch_b"] = spans
    for key in ("switch_a", "switch_b"):
        to = collections.defaultdict(list)
        for a, b in r[key]:
            who = next((func(pc) for pc in pcs[b:b + 400]
                        if func(pc) in ("main", "partner")), "?")
            to[who].append((a, b))
        r[key + "_to"] = {k: median(v) for k, v in to.items()}
        r[key + "_funcs"] = {}
        for k, v in to.items():
            a, b = min(v, key=lambda s: abs(s[1] - s[0] - r[key + "_to"][k]))
            r[key + "_funcs"][k] = collections.Counter(func(pc) for pc in pcs[a:b])

    # irq: from the handler's first instruction, and how far its
    # exception's entry is before it.
    i, _ = window(pcs, sym("bench_irq_begin"), sym("bench_irq_end"), "irq")
    r["irq"], r["irq_entry"] = [], []
    if handler:
        r["irq"] = latencies(pcs, modes, i, len(pcs), {sym(handler)})[:IRQS]
        for a, _ in r["irq"]:
            h = a
            while h > 0 and pcs[h] not in irq_entries:
                h -= 1
            r["irq_entry"].append(a - h)

    # idle: an interrupt whose handler calls noos__alarm ending a sleep.
    i, j = window(pcs, sym("bench_idle_begin"), sym("bench_idle_end"), "idle")
    r["idle"], _, r["idle_why"] = idle_spans(pcs, modes, i, j, elf, func, irq_entries)
    if not r["idle"] and "from the idle loop" in (r["idle_why"] or "") and A.get("idle_why"):
        r["idle_why"] = A["idle_why"]
    r["idle_handlers"] = sorted({"%s+0x%x" % (A["entries"][0], pcs[h] - base)
                                 for h, _ in r["idle"]})
    return r


def ram_and_code(tools, wdir, bdir, cc, board):
    r = {}
    # RAM per thread.
    ram = os.path.join(bdir, "ram.elf")
    run(cc + ["src/ram.c", "-o", ram], "threads: building ram.c for %s" % board, cwd=wdir)
    p = run([tools["noos-run"], "--qemu=" + tools["qemu"], "--timeout=60", ram],
            "threads: running ram.c on %s" % board, cwd=wdir)
    m = re.search(r"threads-ram: first (\d+), each (\d+), stack (\d+)", p.stdout)
    if not m:
        raise BenchError("threads: ram.c printed no figures on %s" % board)
    r["ram_first"], r["ram_each"] = int(m.group(1)), int(m.group(2))
    r["ram_extra"] = r["ram_each"] - int(m.group(3))
    secs = {s["name"]: s["size"] for s in Elf(ram).sections}
    r["tls"] = secs.get(".tdata", 0) + secs.get(".tbss", 0)

    # Kernel code: one thread over none.
    sizes = {}
    for variant, flags in (("min0", []), ("min1", ["-DTHREADS"])):
        out = os.path.join(bdir, variant + ".elf")
        p = run(cc + flags + ["src/min.c", "-o", out, "-Wl,-v"],
                "threads: building min.c%s for %s" % (" -DTHREADS" if flags else "", board),
                cwd=wdir)
        run([tools["noos-run"], "--qemu=" + tools["qemu"], "--timeout=60", out],
            "threads: running min.c%s on %s" % (" -DTHREADS" if flags else "", board), cwd=wdir)
        sizes[variant] = elf_sizes(out)
        link_out = p.stdout + p.stderr
    r["code_linked"] = sizes["min1"]["text"] - sizes["min0"]["text"]
    r["ram_static"] = ((sizes["min1"]["data"] + sizes["min1"]["bss"])
                       - (sizes["min0"]["data"] + sizes["min0"]["bss"]))

    # All of it: the kernel's objects in the libnoos.a the link used.
    lib = next((os.path.join(d, "libnoos.a") for d in re.findall(r"-L(\S+)", link_out)
                if os.path.isfile(os.path.join(d, "libnoos.a"))), None)
    r["lib"], r["code_all"], r["missing"] = lib, None, []
    if lib:
        out = run([tools["size"], "-A", lib], "threads: llvm-size -A libnoos.a").stdout
        per, member = collections.Counter(), None
        for line in out.splitlines():
            m = re.match(r"(\S+)\s+\(ex ", line)
            if m:
                member = m.group(1)
                continue
            f = line.split()
            if member and len(f) >= 2 and f[1].isdigit() and \
                    f[0].startswith((".text", ".rodata")):
                per[member] += int(f[1])
        r["missing"] = [o for o in KERNEL_OBJECTS if o not in per]
        r["code_all"] = sum(per[o] for o in KERNEL_OBJECTS)
    return r


# ---------------------------------------------------------------- run

def run_section(args, tools, log):
    wdir = os.path.join(args.build, "bench", "threads")
    if not os.path.isfile(BENCH_C):
        raise BenchError("threads: %s is missing" % BENCH_C)
    write_if_changed(os.path.join(wdir, "src", "ram.c"), RAM_C)
    write_if_changed(os.path.join(wdir, "src", "min.c"), MIN_C)
    step = qemu_step_flags(tools["qemu"])
    res = {"wdir": wdir, "step": step, "boards": []}
    for board, core, target, handler in _boards(args):
        log("bench: threads: %s (%s)" % (board, core))
        res["boards"].append((board, core, measure(tools, wdir, board, target, handler, step)))
    res["x"] = []
    for board, target, arch, src, flags, handler, why in _x_boards(args):
        log("bench: threads: %s (%s)" % (board, target))
        res["x"].append((board, arch, handler, why,
                         measure_x(tools, wdir, board, target, arch, src, flags, handler)))
    return res


def _cell(v, digits=0):
    if v is None:
        return "n/a"
    if isinstance(v, float) and v != int(v):
        return "%.*f" % (max(digits, 1), v)
    return "{:,}".format(int(v))


def print_report(res, args, tools):
    verdicts = report_m(res, args, tools) if res["boards"] else []
    if res["x"]:
        report_x(res, args, tools)
    print()
    met = sum(1 for _, ok in verdicts if ok)
    if verdicts:
        print("Summary: %d of %d goals met: %s." % (
            met, len(verdicts), "; ".join("%s %s" % (t, "met" if ok else "MISSED")
                                          for t, ok in verdicts)))
    else:
        print("Summary: no goals among the boards chosen (the goals are Cortex-M's).")
    return verdicts


def report_x(res, args, tools):
    """One table per architecture, a row per board, as the reset
    section's; the QEMU command and the figures' details below each."""
    X = res["x"]
    print()
    print("Other architectures: the same program and counting (bench.c; on RISC-V another"
          " interrupt), instructions, -Os, medians except"
          " mutex; another ISA's instructions: no goal and no ratio to Cortex-M's")
    head = ["board", "mutex", "yield round trip", "switch (a)", "switch (b)",
            "IRQ -> woken thread", "idle: alarm -> sleeper"]
    for arch, A in ARCHS.items():
        rows = [[A["title"]] + head[1:]]
        boards = [x for x in X if x[1] == arch]
        if not boards:
            continue
        for board, _, handler, why, r in boards:
            if isinstance(r, str):
                rows.append([board] + ["not run"] * (len(head) - 1))
                continue
            rows.append([board, _cell(r["mutex"]), _cell(r["round"]),
                         _cell(median(r["switch_a"])), _cell(median(r["switch_b"])),
                         _cell(median(r["irq"])), _cell(median(r["idle"]))])
        print()
        print("%s; switch (b): %s; IRQ: %s" % (A["title"], A["span"], X_IRQ[arch]))
        print(table(rows, "<" + ">" * (len(head) - 1)))
        for board, _, handler, why, r in boards:
            if isinstance(r, str):
                print("  %s not run: %s" % (board, r))
                continue
            extra = []
            if why:
                extra.append("IRQ n/a: " + why)
            elif r["irq_entry"]:
                extra.append("IRQ from %s's first instruction; its exception's entry is %s"
                             " before it" % (handler, _cell(statistics.median(
                                 r["irq_entry"]))))
            if r["idle_why"]:
                extra.append("idle n/a: " + r["idle_why"])
            elif r["idle_handlers"]:
                extra.append("idle: the alarm's interrupt taken at %s"
                             % ", ".join(r["idle_handlers"]))
            extra.append("switch (a) to partner / to main %s / %s, (b) %s / %s" % tuple(
                _cell(r[k + "_to"].get(w)) for k in ("switch_a", "switch_b")
                for w in ("partner", "main")))
            c = r["switch_b_funcs"].get("partner")
            if c:
                extra.append("(b) to partner by function: %s" % ", ".join(
                    "%s %d" % kv for kv in c.most_common()))
            extra.append("samples: rounds %d, switch (a) %d, (b) %d, irq %d, idle %d"
                         % (len(r["rounds"]), len(r["switch_a"]), len(r["switch_b"]),
                            len(r["irq"]), len(r["idle"])))
            extra.append("blocks logged but not run, dropped: %d" % r["dropped"])
            if r["rom"]:
                extra.append("QEMU's reset code before the entry, not counted: %d" % r["rom"])
            print("  %s: %s." % (board, "; ".join(extra)))
            print("  %s build: %s" % (board, " ".join(
                os.path.basename(c) if i == 0 else
                os.path.relpath(c, ROOT) if c == BENCH_C else
                os.path.relpath(c, res["wdir"]) if c.startswith(res["wdir"]) else c
                for i, c in enumerate(r["cmd"]))))
            print("  %s QEMU: %s -D <log>" % (board, " ".join(
                [os.path.basename(r["qemu"][0])] + r["qemu"][1:])))
            if args.verbose:
                for key in ("switch_a", "switch_b", "irq", "idle"):
                    print("  %s %s: %s" % (board, key, " ".join(str(j - i)
                                                              for i, j in r[key])))
                print("  %s rounds: %s" % (board, " ".join(map(str, r["rounds"]))))
    print("  checked: every traced address starts an instruction (llvm-objdump), each step"
          " goes on, branches, returns from an exception or takes one (lands on an entry);"
          " the handler depth (entries in, exception returns out) is never negative, set"
          " wherever the switch span starts and never in main.")
    print("  switch (a) runs from noos_thread_yield's first instruction (the yield's ring"
          " change with interrupts masked, then its way into the kernel: an SVC on Arm, the"
          " pended software interrupt on RISC-V) to the other thread's first.")


def report_m(res, args, tools):
    B = res["boards"]
    head = [""] + ["%s %s" % (core, board) for board, core, _ in B]

    print()
    print("Instructions executed on QEMU, -Os (one logged block per instruction;"
          " medians except mutex)")
    rows = [head]
    for key, label in (("mutex", "mutex: uncontended lock + unlock"),
                       ("round", "yield round trip: main -> partner -> main"),
                       ("switch_a", "switch (a): noos_thread_yield -> other thread"),
                       ("switch_b", "switch (b): PendSV_Handler -> other thread"),
                       ("irq", "IRQ handler -> woken higher-priority thread"),
                       ("idle", "idle: alarm interrupt -> sleeping thread")):
        cells = []
        for _, _, r in B:
            v = r[key]
            cells.append(_cell(median(v) if isinstance(v, list) else v))
        rows.append([label] + cells)
    print(table(rows, "<" + ">" * len(B)))

    print()
    print("Bytes")
    rows = [head]
    for key, label in (("ram_extra", "RAM per thread beyond its stack (heap)"),
                       ("ram_static", "kernel RAM, static: one-thread program over none"),
                       ("code_linked", "kernel code: one-thread program over none"),
                       ("code_all", "kernel code, all of it (objects in libnoos.a)")):
        rows.append([label] + ["n/a" if r[key] is None else
                               "%s (%s)" % (r[key], human(r[key])) if r[key] >= 1024
                               else str(r[key]) for _, _, r in B])
    print(table(rows, "<" + ">" * len(B)))

    print()
    print("Timed waits (test/runtime/threads/Inputs/deadlines.c): worst lateness in us,"
          " measured with noos_nanotime")
    rows = [head]
    for i, (phases, waits, shift) in enumerate(DEADLINE_RUNS):
        rows.append(["%s, -icount shift=%d (%s waits)" % (
            phases, shift, "/".join(str(r["deadlines"][i][1]) for _, _, r in B))]
            + [_cell(r["deadlines"][i][0]) for _, _, r in B])
    print(table(rows, "<" + ">" * len(B)))
    worst5 = max(r["deadlines"][0][0] for _, _, r in B)
    late_met = worst5 <= LATENESS_GOAL_US
    print("Goal: every wait at shift 5 late by at most %d us (the alarm's shortest period,"
          " 50 us, plus 50 us): worst %d us, %s" % (LATENESS_GOAL_US, worst5,
                                                    "met" if late_met else "MISSED"))

    # The goal: switch (b) against FreeRTOS's, per core.
    verdicts = [("timed waits' worst lateness %d us under -icount shift=5 (goal <= %d us)"
                 % (worst5, LATENESS_GOAL_US), late_met)]
    print()
    print("Context switch, PendSV_Handler's first instruction to its exception return"
          " (switch (b)), instructions, vs FreeRTOS on the same harness (quoted)")
    rows = [["core", "noos", "to partner / main", "FreeRTOS port", "no check / check 2",
             "noos / no check", "noos / check 2", "goal", "met"]]
    for board, core, r in B:
        sb = median(r["switch_b"])
        to = " / ".join(_cell(r["switch_b_to"].get(w)) for w in ("partner", "main"))
        port, plain, checked = FREERTOS[core]
        met = sb is not None and sb <= plain
        rows.append(["%s %s" % (core, board), _cell(sb), to, port,
                     "%d / %d (quoted)" % (plain, checked),
                     "-" if sb is None else "%.2fx" % (sb / plain),
                     "-" if sb is None else "%.2fx" % (sb / checked),
                     "<= %d" % plain, "yes" if met else "NO"])
        verdicts.append(("context switch on the %s (PendSV_Handler to its exception return)"
                         " %s instructions vs FreeRTOS %s's %d (goal <= %d)"
                         % (core, _cell(sb), port, plain, plain), met))
    print(table(rows, "<>><<>><<"))
    print("(medians of %d switches, half of them each way: main runs on the main stack,"
          " the partner on the process stack; noos keeps its overflow protection on:"
          " PSPLIM or the MPU guard, the canary check where neither exists)" % YIELDS)
    print("FreeRTOS's harness: %s" % FREERTOS_HARNESS)
    print("(FreeRTOS's two directions differ by 2 instructions, its pick stepping over its"
          " ready list's end marker every other switch: the quoted medians are the lower"
          " figure)")
    goal = next((r for board, _, r in B if board == GOAL_BOARD), None)
    if goal is not None:
        for w in ("partner", "main"):
            c = goal["switch_b_funcs"].get(w)
            if c:
                print("switch (b) on %s to %s by function: %s" % (GOAL_BOARD, w, ", ".join(
                    "%s %d" % kv for kv in c.most_common())))

    print()
    print("Notes:")
    print("  QEMU counts instructions, not cycles: no figure here is a cycle count; the"
          " FreeRTOS anchors are instructions too, on the same harness. On a Cortex-M3 most instructions take one cycle, loads, stores and taken"
          " branches more, and the core's own exception entry and return (some 12 cycles"
          " each, 6 for a tail-chain) are no instructions at all: they count 0 here.")
    print("  switch (b) runs from PendSV_Handler's first instruction (the thread's registers"
          " saved, the next thread picked, its registers restored, the exception return) to"
          " the other thread's first; (a) starts earlier, at noos_thread_yield's first"
          " instruction, and adds the yield's way into the kernel. RAM per thread: the"
          " thread's heap block less its stack (control block, TLS block, canary,"
          " alignment) and malloc's header.")
    for board, core, r in B:
        extra = []
        if r["idle_why"]:
            extra.append("idle n/a: " + r["idle_why"])
        elif r["idle_handlers"]:
            extra.append("idle alarm from %s" % ", ".join(r["idle_handlers"]))
        extra.append("switch (a) to partner / to main %s / %s, (b) %s / %s" % tuple(
            _cell(r[k + "_to"].get(w)) for k in ("switch_a", "switch_b")
            for w in ("partner", "main")))
        extra.append("mutex loop and calls in main about %d more" % round(r["mutex_loop"]))
        extra.append("per thread %d of heap for a %d-byte stack (the first %d), TLS block %d"
                     % (r["ram_each"], RAM_STACK, r["ram_first"], r["tls"]))
        extra.append("samples: switch (a) %d, (b) %d, irq %d, idle %d"
                     % (len(r["switch_a"]), len(r["switch_b"]), len(r["irq"]),
                        len(r["idle"])))
        if r["missing"]:
            extra.append("kernel objects not in libnoos.a: " + ", ".join(r["missing"]))
        print("  %s: %s." % (board, "; ".join(extra)))
    r0 = B[0][2]
    print("  build: %s" % " ".join(os.path.basename(c) if i == 0 else
                                   os.path.relpath(c, ROOT) if c == BENCH_C else c
                                   for i, c in enumerate(r0["cmd"])))
    print("  QEMU: noos-run --print-command's line + %s -D <log>"
          % " ".join(r0["qemu"][1:]))
    print("  checked: every traced address starts an instruction (llvm-objdump), each step"
          " goes on, branches or takes a vector; QEMU's handler-mode bit is set wherever"
          " PendSV_Handler runs and never in main; blocks logged but not run, dropped: %s."
          % ", ".join("%s %d" % (b, r["dropped"]) for b, _, r in B))
    if args.verbose:
        for board, _, r in B:
            for key in ("switch_a", "switch_b", "irq", "idle"):
                print("  %s %s: %s" % (board, key, " ".join(str(j - i) for i, j in r[key])))
            print("  %s rounds: %s" % (board, " ".join(map(str, r["rounds"]))))
    print("  version: %s; images, traces and sources in %s"
          % (tool_version([tools["qemu"], "--version"]), res["wdir"]))
    return verdicts


# ---------------------------------------------------------------- on its own

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--board", action="append",
                    choices=[b[0] for b in BOARDS] + [b[0] for b in X_BOARDS],
                    help="measure this board only (repeatable; default: all ten)")
    ap.add_argument("--qemu", default="/usr/bin/qemu-system-arm")
    ap.add_argument("--llvm-objdump", default="/usr/bin/llvm-objdump-22")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every sample")
    add_arguments(ap)
    args = ap.parse_args()
    check_arguments(ap, args)
    args.build = os.path.abspath(args.build)
    log = lambda s: print(s, file=sys.stderr, flush=True)
    try:
        tools = find_tools(args)
        res = run_section(args, tools, log)
        banner(TITLE)
        print_report(res, args, tools)
    except BenchError as e:
        sys.stdout.flush()
        print("bench: error: %s" % e, file=sys.stderr)
        return e.status
    return 0


if __name__ == "__main__":
    sys.exit(main())
