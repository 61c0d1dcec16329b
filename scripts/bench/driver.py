"""Section "driver": what noos-clang adds to a compile.

`BUILD/bin/clang --target=thumbv7em-noos -Os -c x.c` against the real
clang 22 run directly with the command line noos-clang would give it. That
command line is rebuilt here from noos-clang's rules (lib/Clang/
ClangDriver.cpp: triple, CPU, float ABI, FPU, -ffunction-sections
-fdata-sections, -fstack-size-section, the pass plugin, -nostdlibinc,
the C++ include directories, the runtime's, the C library's) and the target database it reads
(BUILD/share/noos/targets.json). Two checks prove
the rebuilt command is the one noos-clang runs: both print the same `-###`
(the cc1 command, the clang binary and its InstalledDir) and both write a
byte-identical object. A difference ends the run: the timing would compare
different work.

The two compiles take turns (who goes first alternates), after warm-up
rounds; the table shows wall-clock medians and minimums, and the median CPU
time (user + system) of each process tree. A second row times the driver
alone (`-###`, no cc1), which isolates noos-clang's fixed cost.

Goal: compile overhead under 3 %, judged on CPU time: noos-clang's cost is
all CPU (reading the target database, one exec), and on a shared 2-core
machine the wall clock's noise is larger than the effect.
"""

import json
import os
import resource
import statistics
import subprocess
import time

from common import (BenchError, find_tool, first_line, run, table,
                    tool_version, write_if_changed)

TITLE = "driver: noos-clang overhead on a compile"
TARGET = "thumbv7em-noos"
USER_ARGS = ["-Os", "-c", "x.c"]
GOAL = 0.03

SOURCE = r"""/* make bench, driver section: a small C file (generated). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

struct sample {
  uint32_t when;
  int16_t value;
  uint8_t channel;
};

static struct sample ring[64];
static unsigned head;

void record(uint32_t when, int16_t value, uint8_t channel) {
  struct sample *s = &ring[head++ % 64];
  s->when = when;
  s->value = value;
  s->channel = channel;
}

int32_t average(uint8_t channel) {
  int32_t sum = 0, n = 0;
  for (unsigned i = 0; i < 64; ++i)
    if (ring[i].channel == channel) {
      sum += ring[i].value;
      ++n;
    }
  return n ? sum / n : 0;
}

uint32_t checksum(const void *p, size_t len) {
  const uint8_t *b = p;
  uint32_t a = 1, c = 0;
  while (len--) {
    a = (a + *b++) % 65521;
    c = (c + a) % 65521;
  }
  return c << 16 | a;
}

void report(void) {
  char line[32];
  for (uint8_t ch = 0; ch < 4; ++ch) {
    snprintf(line, sizeof line, "ch%u: %ld", ch, (long)average(ch));
    puts(line);
  }
  memset(ring, 0, sizeof ring);
  printf("sum %08lx\n", (unsigned long)checksum(ring, sizeof ring));
}
"""


def add_arguments(ap):
    g = ap.add_argument_group("driver section")
    g.add_argument("--driver-runs", type=int, default=30,
                   help="timed rounds per command (default: 30)")
    g.add_argument("--driver-warmup", type=int, default=3,
                   help="warm-up rounds (default: 3)")
    g.add_argument("--real-clang", default="/usr/lib/llvm-22/bin/clang",
                   help="the clang noos-clang runs (default: %(default)s)")


def check_arguments(ap, args):
    if args.driver_runs < 1 or args.driver_warmup < 0:
        ap.error("--driver-runs must be >= 1, --driver-warmup >= 0")


def find_tools(args):
    noos = find_tool(os.path.join(args.build, "bin", "clang"), "noos-clang",
                     "run make build first", search_path=False)
    real = find_tool(args.real_clang, "clang-22", "install clang-22",
                     search_path=False)
    db = os.path.join(os.path.dirname(os.path.dirname(os.path.realpath(noos))),
                      "share", "noos", "targets.json")
    if not os.path.isfile(db):
        raise BenchError("noos target database not found at %s (run make build)" % db, 2)
    return {"noos-clang": os.path.abspath(noos), "clang": real, "targets.json": db}


def describe(args):
    return "%d rounds + %d warm-up per command" % (args.driver_runs, args.driver_warmup)


# ---------------------------------------------------------------- the rewrite

def _merge(dst, src):
    for k, v in src.items():
        if isinstance(v, dict) and isinstance(dst.get(k), dict):
            _merge(dst[k], v)
        else:
            dst[k] = v


def _resolve(targets, name, stack=()):
    if name in stack:
        raise BenchError("targets.json: inheritance cycle at %s" % name)
    raw = targets.get(name)
    if raw is None:
        raise BenchError("targets.json: no target %s" % name)
    out = {}
    parents = raw.get("inherits", [])
    for p in [parents] if isinstance(parents, str) else parents:
        _merge(out, _resolve(targets, p, stack + (name,)))
    out.pop("abstract", None)
    out.pop("name", None)
    _merge(out, {k: v for k, v in raw.items() if k != "inherits"})
    return out


def rewritten_args(db_path, triple):
    """The arguments noos-clang puts before the user's for a compile with
    only the target given (no -mcpu, -mfloat-abi, -mfpu or --board)."""
    with open(db_path) as f:
        targets = json.load(f)["targets"]
    arch = triple.split("-")[0]
    t = _resolve(targets, arch)
    cpu = t["cpu"]
    abi = ("hard" if triple.endswith("-eabihf") else
           "soft" if triple.endswith("-eabi") else t.get("float-abi", "soft"))
    fpu = "none" if abi == "soft" else t.get("cpu-fpus", {}).get(cpu, t.get("fpu", "none"))
    kind = "none" if abi == "soft" else t["fpus"][fpu]
    ml = next((m for m in t["multilibs"]
               if m["float-abi"] == abi and m["fp"] == kind), None)
    if ml is None:
        raise BenchError("targets.json: %s has no %s/%s variant" % (arch, abi, kind))
    llvm_arch = t.get("llvm-arch", arch)
    llvm_triple = (llvm_arch + "-unknown-none-" + ("eabihf" if abi == "hard" else "eabi")
                   if t.get("arch") == "arm" else llvm_arch + "-unknown-elf")
    sysroot = t.get("sysroot", {})
    expand = lambda paths: [p.replace("{multilib}", ml["dir"]) for p in paths]
    # noos's pass plugin, in lib/noos/ of the prefix whose share/noos holds
    # the database.
    prefix = os.path.dirname(os.path.dirname(os.path.dirname(db_path)))
    plugin = os.path.join(prefix, "lib", "noos", "noos-passes.so")
    out = ["--target=" + llvm_triple, "-mcpu=" + cpu, "-mfloat-abi=" + abi,
           "-mfpu=" + fpu, "-ffunction-sections", "-fdata-sections",
           "-fstack-size-section", "-fpass-plugin=" + plugin, "-nostdlibinc"]
    for d in expand(sysroot.get("c++-include", [])):
        out += ["-cxx-isystem", d]
    # The runtime's headers (noos/noos.h, and the standard headers it
    # implements over the C library's), beside the database, before the C
    # library's.
    out += ["-isystem", os.path.join(os.path.dirname(db_path), "include")]
    for d in expand(sysroot.get("include", [])):
        out += ["-isystem", d]
    return out


# ---------------------------------------------------------------- run

def _timed(cmd, what, cwd):
    """(wall seconds, CPU seconds) of one process and everything it waited
    for (noos-clang execs clang in place, which waits for cc1)."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL, text=True)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        raise BenchError("%s failed (exit %d): %s" % (what, p.returncode, first_line(p.stderr)))
    return wall, (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)


def run_section(args, tools, log):
    wdir = os.path.join(args.build, "bench", "driver")
    write_if_changed(os.path.join(wdir, "x.c"), SOURCE)
    rewrite = rewritten_args(tools["targets.json"], TARGET)
    noos = lambda extra: [tools["noos-clang"], "--target=" + TARGET] + USER_ARGS + extra
    real = lambda extra: [tools["clang"]] + rewrite + USER_ARGS + extra

    # Equivalence: the same cc1 job, and the same object.
    a = run(noos(["-o", "x.o", "-###"]), "noos-clang -###", cwd=wdir).stderr
    b = run(real(["-o", "x.o", "-###"]), "clang-22 -###", cwd=wdir).stderr
    if a != b:
        diff = next((x for x, y in zip(a.splitlines(), b.splitlines()) if x != y),
                    "(lengths differ)")
        raise BenchError("driver: the rebuilt clang command is not the one noos-clang runs "
                         "(-### differs: %s); update scripts/bench/driver.py" % diff[:160])
    run(noos(["-o", "noos.o"]), "noos-clang -c", cwd=wdir)
    run(real(["-o", "real.o"]), "clang-22 -c", cwd=wdir)
    with open(os.path.join(wdir, "noos.o"), "rb") as f1, \
            open(os.path.join(wdir, "real.o"), "rb") as f2:
        if f1.read() != f2.read():
            raise BenchError("driver: noos-clang and the rebuilt clang command wrote "
                             "different objects (%s/noos.o, real.o)" % wdir)

    kinds = {
        "compile": {"noos": noos(["-o", "noos.o"]), "real": real(["-o", "real.o"])},
        "-###": {"noos": noos(["-o", "noos.o", "-###"]),
                 "real": real(["-o", "real.o", "-###"])},
    }
    samples = {k: {"noos": [], "real": []} for k in kinds}
    cpu = {k: {"noos": [], "real": []} for k in kinds}
    for r in range(args.driver_warmup + args.driver_runs):
        order = ("noos", "real") if r % 2 == 0 else ("real", "noos")
        for k, cmds in kinds.items():
            for who in order:
                wall, used = _timed(cmds[who], "%s (%s)" % (
                    "noos-clang" if who == "noos" else "clang-22", k), wdir)
                if r >= args.driver_warmup:
                    samples[k][who].append(wall)
                    cpu[k][who].append(used)
    # noos-clang on its own: it answers -print-libgcc-file-name itself, after
    # reading the target's data and rewriting the command line as for the
    # compile, where it would exec clang.
    alone = [_timed(noos(["-o", "noos.o", "-print-libgcc-file-name"]), "noos-clang alone",
                    wdir) for _ in range(args.driver_runs)]
    true = [_timed(["true"], "true", wdir) for _ in range(args.driver_runs)]
    return {"samples": samples, "cpu": cpu, "rewrite": rewrite, "wdir": wdir,
            "alone": alone, "true": true,
            "obj_size": os.path.getsize(os.path.join(wdir, "noos.o"))}


def print_report(res, args, tools):
    ms = lambda s: "%.2f" % (s * 1000)
    pct = lambda a, b: "%+.1f %%" % ((a / b - 1) * 100)
    rows = [["command", "wall ms noos-clang / clang-22", "wall", "wall min ms",
             "CPU ms noos-clang / clang-22", "CPU", "CPU paired diff ms", "goal", "met"]]
    verdicts = []
    for k, s in res["samples"].items():
        c = res["cpu"][k]
        mn, mr = statistics.median(s["noos"]), statistics.median(s["real"])
        cn, cr = statistics.median(c["noos"]), statistics.median(c["real"])
        diff = statistics.median([a - b for a, b in zip(c["noos"], c["real"])])
        if k == "compile":
            met = cn / cr - 1 < GOAL
            goal, mark = "CPU overhead < %d %%" % round(GOAL * 100), "yes" if met else "NO"
            verdicts.append(("driver compile overhead %s CPU, %s wall (goal < %d %%)"
                             % (pct(cn, cr), pct(mn, mr), round(GOAL * 100)), met))
        else:
            goal, mark = "(driver alone)", "-"
        rows.append(["-Os -c x.c" if k == "compile" else "-Os -c x.c -###",
                     "%s / %s" % (ms(mn), ms(mr)), pct(mn, mr),
                     "%s / %s" % (ms(min(s["noos"])), ms(min(s["real"]))),
                     "%s / %s" % (ms(cn), ms(cr)), pct(cn, cr), "%+.2f" % (diff * 1000),
                     goal, mark])
    print()
    print("Compile time, medians of %d interleaved rounds after %d warm-up"
          " (per process: wall clock; CPU = user + system of the process tree)"
          % (args.driver_runs, args.driver_warmup))
    print(table(rows, "<>>>>>><<"))
    if args.verbose:
        for k, s in res["samples"].items():
            for who in ("noos", "real"):
                print("%s %s samples: %s" % (k, who, " ".join(ms(x) for x in s[who])))
    print()
    print("Notes:")
    print("  noos-clang: %s --target=%s %s -o noos.o" % (tools["noos-clang"], TARGET,
                                                         " ".join(USER_ARGS)))
    print("  clang-22:   %s %s %s -o real.o" % (tools["clang"], " ".join(res["rewrite"]),
                                                " ".join(USER_ARGS)))
    print("  equivalence: both print the same -### and write the same %d-byte object"
          " (byte for byte); x.c is %s/x.c." % (res["obj_size"], res["wdir"]))
    print("  the goal is judged on CPU time (getrusage of the process tree), which a busy"
          " machine disturbs far less than the wall clock; both are shown.")
    print("  paired diff: median over rounds of (noos-clang - clang-22) CPU time in the"
          " same round; the -### row is the driver's fixed cost without cc1.")
    med = lambda xs, i: statistics.median(x[i] for x in xs) * 1000
    cr = statistics.median(res["cpu"]["compile"]["real"])
    print("  noos-clang alone (the same command with -print-libgcc-file-name, which it"
          " answers itself where it would exec clang): %.2f ms CPU, %.2f ms wall; `true` takes %.2f ms CPU, %.2f ms"
          " wall; %.2f ms is %.1f %% of clang-22's compile"
          % (med(res["alone"], 1), med(res["alone"], 0), med(res["true"], 1),
             med(res["true"], 0), med(res["alone"], 1), med(res["alone"], 1) / 10 / cr))
    print("  version: %s" % tool_version([tools["clang"], "--version"]))
    print()
    print("Summary: %d of %d goals met: %s." % (
        sum(1 for v in verdicts if v[1]), len(verdicts),
        "; ".join("%s %s" % (t, "met" if m else "MISSED") for t, m in verdicts)))
    return verdicts

