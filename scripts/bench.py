#!/usr/bin/env python3
"""make bench: noos measured side by side with the tools it replaces.

Sections (--sections picks some, in this order; default: all):
  link    link time of noos-ld vs ld.lld-22 and GNU ld, and where each
          process's start-up time goes (scripts/bench/link.py, startup.py)
  driver  what noos-clang adds to a compile (scripts/bench/driver.py)
  size    -Os image sizes vs arm-none-eabi-gcc + picolibc / newlib-nano,
          and riscv64-unknown-elf-gcc + picolibc for RISC-V
          (scripts/bench/size.py)
  reset   instructions from reset to main on QEMU: Cortex-M3, Cortex-A7,
          AArch64 and RISC-V boards (scripts/bench/reset.py)
  threads the thread kernel on four Cortex-M boards' QEMU: instructions for
          a mutex, a yield, a context switch and wakeups, RAM per thread,
          kernel code; the same instruction counts on the Cortex-A7,
          AArch64 and RISC-V boards (scripts/bench/threads.py)

Each section prints its tables, its goals and whether they are met, and a
Summary line; the run ends with an Overall line. A missed goal is reported,
not an error: the exit status is 0 unless a tool is missing (2, checked for
all chosen sections before anything runs) or something fails to build, run
or check out (1); either way with one line on stderr.

Generated inputs live under BUILD/bench/<section or workload>/ and are
reused while unchanged.
"""

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # keep scripts/bench free of __pycache__
sys.path.insert(0, os.path.join(HERE, "bench"))
import common  # noqa: E402  (scripts/bench/*.py)
import driver  # noqa: E402
import link  # noqa: E402
import reset  # noqa: E402
import size  # noqa: E402
import threads  # noqa: E402

SECTIONS = [("link", link), ("driver", driver), ("size", size), ("reset", reset),
            ("threads", threads)]


def main():
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Sections: " + "; ".join("%s: %s" % (n, m.TITLE.split(": ", 1)[1])
                                        for n, m in SECTIONS))
    ap.add_argument("--build", default="build", help="build directory (default: build)")
    ap.add_argument("--sections", default=",".join(n for n, _ in SECTIONS),
                    help="comma-separated subset of: %(default)s")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every sample")
    ap.add_argument("--gcc", default="/usr/bin/arm-none-eabi-gcc",
                    help="size and reset sections (default: %(default)s)")
    ap.add_argument("--qemu", default="/usr/bin/qemu-system-arm",
                    help="size, reset and threads sections (default: %(default)s)")
    for _, mod in SECTIONS:
        mod.add_arguments(ap)
    args = ap.parse_args()

    known = dict(SECTIONS)
    chosen = [s.strip() for s in args.sections.split(",") if s.strip()]
    if not chosen:
        ap.error("--sections is empty")
    for s in chosen:
        if s not in known:
            ap.error("unknown section %r (known: %s)" % (s, ", ".join(known)))
    chosen = [n for n, _ in SECTIONS if n in chosen]  # fixed order, no repeats
    for n in chosen:
        known[n].check_arguments(ap, args)

    log = lambda s: print(s, file=sys.stderr, flush=True)
    try:
        args.build = os.path.abspath(args.build)
        tools = {n: known[n].find_tools(args) for n in chosen}
        verdicts = []
        t_all = time.perf_counter()
        for n in chosen:
            mod = known[n]
            log("bench: %s: %s" % (n, mod.describe(args)))
            t0 = time.perf_counter()
            result = mod.run_section(args, tools[n], log)
            log("bench: %s: done in %.1f s" % (n, time.perf_counter() - t0))
            common.banner(mod.TITLE)
            verdicts += mod.print_report(result, args, tools[n])
            sys.stdout.flush()
        log("bench: all sections done in %.1f s" % (time.perf_counter() - t_all))
    except common.BenchError as e:
        sys.stdout.flush()
        print("bench: error: %s" % e, file=sys.stderr)
        return e.status
    except KeyboardInterrupt:
        print("bench: interrupted", file=sys.stderr)
        return 130

    print()
    met = sum(1 for _, ok in verdicts if ok)
    print("Overall: %d of %d goals met (%s); missed: %s." % (
        met, len(verdicts), ", ".join(chosen),
        "; ".join(t for t, ok in verdicts if not ok) or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
