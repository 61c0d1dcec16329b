"""Section "link": link times of noos-ld against ld.lld-22 and GNU ld.

Three workloads of generated Cortex-M4 objects (workload.py): one small
object, 400 modules and 4000 modules (each plus a startup object with the
vector table). Every linker gets the same inputs, the linker script noos-ld
generates (--emit-script) and the flags noos-ld passes to LLD (read from
`noos-ld -v`), so the comparison is like for like. Each link is a whole
process timed with a wall clock; after a warm-up round the linkers take
turns, so a noisy machine slows all of them alike, and the table shows the
median of --runs rounds.

Goals: the small link no slower than GNU ld; the large links within 1.05x
of ld.lld; the stack analysis (noos-ld against itself with
--stack-check=none, in the same rounds) adds at most 20 % to the 400-module
link.

Start-up (startup.py): the same run also times, with a preloaded timing
library, `--version` of each linker, the small link and /bin/true (the
floor), and splits each process into its phases: up to
__libc_start_main (exec, dynamic loading and relocation, the shared
libraries' constructors), the executable's static initialisers, main,
and exit; page faults by phase, maximum RSS, and what each binary brings
(constructors in it and in its shared libraries, the dynamic loader's
relocations). It has no goal of its own: issue 14 asks where noos-ld's
start-up time goes, against GNU ld's small link (the goal above) and
ld.lld-22.

Objects are generated into BUILD/bench/<workload>/obj and reused while the
generator, its parameters and llvm-mc are unchanged.
"""

import concurrent.futures
import hashlib
import os
import shutil
import statistics
import subprocess
import time

import startup
import workload
from common import (BenchError, elf_sizes, find_tool, first_line, human,
                    table, tool_version)

TITLE = "link: link time and start-up, noos-ld vs ld.lld-22 vs GNU ld"

TARGET = "thumbv7em-noos"
MC_FLAGS = ["-triple=thumbv7em-none-eabihf", "-mcpu=cortex-m4", "-filetype=obj"]

# name, modules, flash, RAM, goal: (baseline linker, max ratio noos-ld/baseline)
WORKLOADS = [
    ("small", 0, "0x08000000:1M", "0x20000000:256K", ("gnu", 1.00)),
    ("400", 400, "0x08000000:1M", "0x20000000:256K", ("lld", 1.05)),
    ("4000", 4000, "0x08000000:16M", "0x20000000:256K", ("lld", 1.05)),
]

LINKERS = ["noos", "lld", "gnu"]
LABEL = {"noos": "noos-ld", "lld": "ld.lld-22", "gnu": "GNU ld",
         "nostack": "noos-ld --stack-check=none",
         "lldthp": "ld.lld-22 with glibc.malloc.hugetlb=1"}
# noos-ld puts a large link's heap on transparent huge pages itself
# (heapOnHugePages in lib/Link/Driver.cpp, from 1 MiB of input); glibc's
# tunable does the same for ld.lld-22, which shows what LLD alone gains
# from them. Measured in the same rounds, shown beside the goal, not in it.
THP_ENV = {"GLIBC_TUNABLES": "glibc.malloc.hugetlb=1"}
# The stack analysis' cost: noos-ld / noos-ld --stack-check=none, per workload.
STACK_GOALS = {"400": 1.20}


# ---------------------------------------------------------------- inputs

def generator_stamp(mc, nmods):
    h = hashlib.sha256()
    with open(workload.__file__, "rb") as f:
        h.update(f.read())
    ver = subprocess.run([mc, "--version"], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True).stdout
    h.update(("%s\n%s\n%s\n%d\n" % (mc, ver, " ".join(MC_FLAGS), nmods)).encode())
    return h.hexdigest()


def object_list(nmods):
    """(relative path, assembly factory) for each object of a workload."""
    if nmods == 0:
        return [("obj/small.o", lambda: workload.startup_asm(0))]
    objs = [("obj/startup.o", lambda: workload.startup_asm(nmods))]
    width = len(str(nmods - 1))
    for m in range(nmods):
        objs.append(("obj/m%0*d.o" % (width, m),
                     lambda m=m: workload.module_asm(m, nmods)))
    return objs


def prepare(wdir, nmods, mc, jobs, force):
    """Generate a workload's objects unless cached; returns their paths."""
    objs = object_list(nmods)
    stamp_path = os.path.join(wdir, "stamp")
    stamp = generator_stamp(mc, nmods)
    paths = [p for p, _ in objs]
    if not force and os.path.exists(stamp_path):
        with open(stamp_path) as f:
            cached = f.read().strip() == stamp
        if cached and all(os.path.exists(os.path.join(wdir, p)) for p in paths):
            return paths, False
    shutil.rmtree(os.path.join(wdir, "obj"), ignore_errors=True)
    if os.path.exists(stamp_path):
        os.remove(stamp_path)
    os.makedirs(os.path.join(wdir, "obj"))

    def assemble(item):
        rel, make = item
        out = os.path.join(wdir, rel)
        tmp = out + ".tmp"
        p = subprocess.run([mc] + MC_FLAGS + ["-", "-o", tmp], input=make(),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
        if p.returncode != 0:
            raise BenchError("llvm-mc failed on %s: %s" % (rel, first_line(p.stderr)))
        os.replace(tmp, out)

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for _ in pool.map(assemble, objs):
            pass
    with open(stamp_path, "w") as f:
        f.write(stamp + "\n")
    return paths, True


# ---------------------------------------------------------------- links

def discover(noos, wdir, inputs, flash, ram):
    """Run noos-ld -v once: emits the script, returns the LLD flags it used."""
    os.makedirs(os.path.join(wdir, "out"), exist_ok=True)
    # The generated modules call each other at random: their static worst
    # path (recursion included) is no program's, so the stack check warns
    # rather than fails; the analysis runs in full either way.
    cmd = [noos, "-v", "-F", flash, "-M", ram, "--target=" + TARGET,
           "--stack-check=warn",
           "--emit-script=out/script.ld"] + inputs + ["-o", "out/noos.elf"]
    p = subprocess.run(cmd, cwd=wdir, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise BenchError("noos-ld failed (exit %d): %s"
                         % (p.returncode, first_line(p.stderr + p.stdout)))
    line = next((l for l in p.stderr.splitlines() if l.startswith("ld.lld ")), None)
    if line is None:
        raise BenchError("noos-ld -v did not show its LLD command line")
    toks = line.split()[1:]
    inset = set(inputs)
    flags, seen, script = [], 0, None
    i = 0
    while i < len(toks):
        t = toks[i]
        if t in ("-T", "-o") and i + 1 < len(toks):
            if t == "-T":
                script = toks[i + 1]
            i += 2
            continue
        if t in inset:
            seen += 1
        elif "noos-note" in os.path.basename(t):
            pass  # the driver's own note object; the baselines do without
        else:
            flags.append(t)
        i += 1
    if seen != len(inputs) or script is None:
        raise BenchError("cannot parse noos-ld -v's LLD command line: " + line[:200])
    return cmd[:1] + cmd[2:], flags


def time_once(cmd, cwd, who, wname):
    env = dict(os.environ, **THP_ENV) if who == "lldthp" else None
    t0 = time.perf_counter()
    p = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, env=env)
    dt = time.perf_counter() - t0
    if p.returncode != 0:
        # The first error, not a warning printed before it.
        errs = [l for l in p.stderr.splitlines() if "error" in l.lower()]
        raise BenchError("%s failed on workload %s (exit %d): %s"
                         % (LABEL[who], wname, p.returncode,
                            errs[0] if errs else first_line(p.stderr)))
    return dt


def bench_workload(tools, args, name, nmods, flash, ram, log):
    wdir = os.path.join(args.build, "bench", name)
    os.makedirs(wdir, exist_ok=True)
    t0 = time.perf_counter()
    inputs, made = prepare(wdir, nmods, tools["mc"], args.jobs, args.regen)
    if made:
        log("  %s: generated %d objects in %.1f s"
            % (name, len(inputs), time.perf_counter() - t0))
    in_bytes = sum(os.path.getsize(os.path.join(wdir, p)) for p in inputs)

    noos_cmd, flags = discover(tools["noos"], wdir, inputs, flash, ram)
    gnu_flags = [f for f in flags if not f.startswith("--threads")]
    cmds = {
        "noos": noos_cmd,
        "lld": [tools["lld"]] + flags + inputs + ["-T", "out/script.ld",
                                                  "-o", "out/lld.elf"],
        "gnu": [tools["gnu"]] + gnu_flags + inputs + ["-T", "out/script.ld",
                                                      "-o", "out/gnu.elf"],
        # noos-ld's command, ending in "-o out/noos.elf", without the analysis
        "nostack": noos_cmd[:-2] + ["--stack-check=none", "-o", "out/nostack.elf"],
        "lldthp": [tools["lld"]] + flags + inputs + ["-T", "out/script.ld",
                                                     "-o", "out/lldthp.elf"],
    }
    extra = ["nostack"] + (["lldthp"] if nmods else [])
    samples = {k: [] for k in LINKERS + extra}
    order = LINKERS + extra
    for r in range(args.warmup + args.runs):
        for who in order:
            dt = time_once(cmds[who], wdir, who, name)
            if r >= args.warmup:
                samples[who].append(dt)
        order = order[1:] + order[:1]  # rotate who goes first each round

    sizes = {k: elf_sizes(os.path.join(wdir, "out", k + ".elf")) for k in LINKERS}
    ref = sizes["noos"]
    for who in ("lld", "gnu"):
        for key in ("text", ".text", "data"):
            a, b = ref[key], sizes[who][key]
            if abs(a - b) > max(64, a // 100):
                raise BenchError(
                    "outputs differ on workload %s: %s %s is %d bytes, noos-ld's %d"
                    % (name, LABEL[who], key, b, a))
    threads = next((f for f in flags if f.startswith("--threads")), None)
    return {
        "name": name, "objects": len(inputs), "in_bytes": in_bytes,
        "median": {k: statistics.median(v) for k, v in samples.items()},
        "min": {k: min(v) for k, v in samples.items()},
        "max": {k: max(v) for k, v in samples.items()},
        "samples": samples, "sizes": sizes, "flags": flags,
        "threads": threads or "default (all cores)",
        "cmds": cmds, "wdir": wdir,
    }


# ---------------------------------------------------------------- report

def report(results, goals, args, tools):
    ms = lambda s: "%.1f" % (s * 1000)
    rows = [["workload", "objects", "input", "noos-ld ms", "ld.lld-22 ms",
             "GNU ld ms", "noos/lld", "noos/GNU", "goal", "met"]]
    verdicts = []
    for r in results:
        med = r["median"]
        base, limit = goals[r["name"]]
        ratio = med["noos"] / med[base]
        met = ratio <= limit
        verdicts.append((r["name"], base, ratio, limit, met))
        rows.append([r["name"], str(r["objects"]), human(r["in_bytes"]),
                     ms(med["noos"]), ms(med["lld"]), ms(med["gnu"]),
                     "%.2fx" % (med["noos"] / med["lld"]),
                     "%.2fx" % (med["noos"] / med["gnu"]),
                     "noos <= %.2fx %s" % (limit, LABEL[base]),
                     "yes" if met else "NO"])
    print()
    print("Link time, median of %d runs after %d warm-up (wall clock per process)"
          % (args.runs, args.warmup))
    print(table(rows, "<>>>>>>><<"))

    print()
    print("Spread, min..max ms")
    rows = [["workload"] + [LABEL[k] for k in LINKERS]]
    for r in results:
        rows.append([r["name"]] + ["%s..%s" % (ms(r["min"][k]), ms(r["max"][k]))
                                   for k in LINKERS])
    print(table(rows, "<>>>"))

    print()
    print("Output sizes, bytes (text / data / bss; .text section)")
    rows = [["workload"] + [LABEL[k] for k in LINKERS] + [".text"]]
    for r in results:
        s = r["sizes"]
        texts = sorted({s[k][".text"] for k in LINKERS})
        rows.append([r["name"]] +
                    ["%d / %d / %d" % (s[k]["text"], s[k]["data"], s[k]["bss"])
                     for k in LINKERS] +
                    ["all %d" % texts[0] if len(texts) == 1 else
                     " vs ".join(str(s[k][".text"]) for k in LINKERS)])
    print(table(rows, "<>>><"))
    diffs = []
    for r in results:
        ref = r["sizes"]["noos"]["sections"]
        for k in ("lld", "gnu"):
            other = r["sizes"][k]["sections"]
            for sec in sorted(set(ref) | set(other)):
                d = other.get(sec, 0) - ref.get(sec, 0)
                if d:
                    diffs.append("%s: %s %s %+d" % (r["name"], LABEL[k], sec, d))
    print("Allocated sections that differ from noos-ld's: " +
          ("; ".join(diffs) if diffs else "none"))

    if args.verbose:
        print()
        for r in results:
            for k in LINKERS:
                print("%s %s samples: %s" % (r["name"], LABEL[k],
                      " ".join(ms(x) for x in r["samples"][k])))

    print()
    print("Notes:")
    print("  noos-ld:   %s -F/-M <map> --target=%s --emit-script=... <inputs> -o ..."
          % (tools["noos"], TARGET))
    print("             in-process LLD, statically linked; its time includes writing"
          " the script and note object, the post-link checks and the memory-usage pass.")
    print("  ld.lld-22: %s; same inputs, noos-ld's emitted script (-T) and noos-ld's"
          " LLD flags, including its --threads choice:" % tools["lld"])
    for r in results:
        print("             %-6s %s" % (r["name"] + ":", " ".join(r["flags"])))
    print("  GNU ld:    %s; same inputs, script unchanged (GNU ld accepts it as"
          " generated), same flags minus --threads (GNU ld has none)." % tools["gnu"])
    print("  versions:  %s | %s | %s" % (tool_version([tools["noos"], "--version"]),
                                         tool_version([tools["lld"], "--version"]),
                                         tool_version([tools["gnu"], "--version"])))
    print("  The machine is shared; the linkers take turns each round, so noise"
          " hits all three alike, but small differences (a few %) are within noise.")
    print()
    print("Stack analysis cost: noos-ld (analysis on, the default) against "
          "noos-ld --stack-check=none, medians of the same rounds")
    rows = [["workload", "noos-ld ms", "--stack-check=none ms", "ratio", "goal", "met",
             "none/lld"]]
    stack_verdicts = []
    for r in results:
        med = r["median"]
        ratio = med["noos"] / med["nostack"]
        limit = STACK_GOALS.get(r["name"])
        ok = limit is None or ratio <= limit
        if limit is not None:
            stack_verdicts.append((r["name"], ratio, limit, ok))
        rows.append([r["name"], ms(med["noos"]), ms(med["nostack"]),
                     "%.2fx" % ratio,
                     "<= %.2fx" % limit if limit else "-",
                     ("yes" if ok else "NO") if limit else "-",
                     "%.2fx" % (med["nostack"] / med["lld"])])
    print(table(rows, "<>>><<>"))
    print("  none/lld: noos-ld without the analysis against ld.lld-22, the same"
          " rounds: what the driver (input scan, fork, checks) costs on top of"
          " LLD's own work; the link-time goal above counts the analysis too.")
    print()
    print("Huge pages: noos-ld puts a link's heap on transparent huge pages from"
          " 1 MiB of input (LLD's forked child inherits them); %s, the same rounds,"
          " shows what LLD alone gains from them" % LABEL["lldthp"])
    rows = [["workload", "noos-ld ms", "ld.lld-22 ms", "ld.lld-22 THP ms", "noos/lld THP"]]
    for r in results:
        med = r["median"]
        if "lldthp" in med:
            rows.append([r["name"], ms(med["noos"]), ms(med["lld"]), ms(med["lldthp"]),
                         "%.2fx" % (med["noos"] / med["lldthp"])])
    print(table(rows, "<>>>>"))
    print()
    met = sum(1 for v in verdicts if v[4])
    parts = ["%s %.2fx %s (goal <= %.2fx) %s" % (n, ratio, LABEL[b], lim,
                                                 "met" if ok else "MISSED")
             for n, b, ratio, lim, ok in verdicts]
    print("Summary: %d of %d goals met: %s." % (met, len(verdicts), "; ".join(parts)))
    return [("link %s %.2fx %s (goal <= %.2fx)" % (n, ratio, LABEL[b], lim), ok)
            for n, b, ratio, lim, ok in verdicts] + \
           [("link %s stack analysis %.2fx of --stack-check=none (goal <= %.2fx)"
             % (n, ratio, lim), ok) for n, ratio, lim, ok in stack_verdicts]


# ---------------------------------------------------------------- section

def add_arguments(ap):
    g = ap.add_argument_group("link section")
    g.add_argument("--runs", type=int, default=7, help="timed runs per linker (default: 7)")
    g.add_argument("--warmup", type=int, default=1, help="warm-up runs (default: 1)")
    g.add_argument("--workloads", default=",".join(w[0] for w in WORKLOADS),
                   help="comma-separated subset of: %(default)s")
    g.add_argument("--jobs", type=int, default=2, help="parallel assemblies (default: 2)")
    g.add_argument("--regen", action="store_true", help="regenerate the objects")
    g.add_argument("--noos-ld", help="default: BUILD/bin/noos-ld")
    g.add_argument("--ld-lld", default="/usr/bin/ld.lld-22")
    g.add_argument("--gnu-ld", default="/usr/bin/arm-none-eabi-ld")
    g.add_argument("--llvm-mc", default="/usr/lib/llvm-22/bin/llvm-mc")
    g.add_argument("--startup-runs", type=int, default=15,
                   help="runs per command of the start-up breakdown (default: 15)")
    g.add_argument("--host-cc", default="/usr/bin/cc",
                   help="builds the start-up timing library (default: %(default)s)")


def check_arguments(ap, args):
    if args.runs < 1 or args.warmup < 0 or args.jobs < 1 or args.startup_runs < 1:
        ap.error("--runs, --startup-runs and --jobs must be >= 1, --warmup >= 0")
    args.chosen_workloads = [w.strip() for w in args.workloads.split(",") if w.strip()]
    known = {w[0] for w in WORKLOADS}
    for w in args.chosen_workloads:
        if w not in known:
            ap.error("unknown workload %r (known: %s)" % (w, ", ".join(w[0] for w in WORKLOADS)))


def find_tools(args):
    tools = {
        "noos": find_tool(args.noos_ld or os.path.join(args.build, "bin", "noos-ld"),
                          "noos-ld", "run make build first", search_path=False),
        "lld": find_tool(args.ld_lld, "ld.lld-22", "install lld-22"),
        "gnu": find_tool(args.gnu_ld, "arm-none-eabi-ld",
                         "install binutils-arm-none-eabi"),
        "mc": find_tool(args.llvm_mc, "llvm-mc", "install llvm-22"),
        "cc": find_tool(args.host_cc, "a host C compiler", "install gcc or pass --host-cc"),
        "true": find_tool("/bin/true", "true", "install coreutils"),
    }
    tools["noos"] = os.path.abspath(tools["noos"])
    return tools


def describe(args):
    return "%d runs + %d warm-up per linker; workloads: %s; start-up: %d runs" % (
        args.runs, args.warmup, ", ".join(args.chosen_workloads), args.startup_runs)


def run_section(args, tools, log):
    known = {w[0]: w for w in WORKLOADS}
    results = []
    for w in args.chosen_workloads:
        name, nmods, flash, ram, _ = known[w]
        t0 = time.perf_counter()
        results.append(bench_workload(tools, args, name, nmods, flash, ram, log))
        log("  %s: done in %.1f s" % (name, time.perf_counter() - t0))
    return {"workloads": results, "startup": measure_startup(tools, args, results, log)}


def measure_startup(tools, args, results, log):
    """The start-up breakdown: --version of each linker, /bin/true, and the
    small link when the small workload ran."""
    cmds = [("true", "/bin/true", [tools["true"]], None, None)]
    for k in LINKERS:
        cmds.append((k + "-version", LABEL[k] + " --version", [tools[k], "--version"], None,
                     tools[k]))
    small = next((r for r in results if r["name"] == "small"), None)
    if small:
        for k in LINKERS:
            cmds.append((k + "-small", LABEL[k] + " small link", small["cmds"][k],
                         small["wdir"], tools[k]))
    return startup.measure(tools, cmds, args.startup_runs,
                           os.path.join(args.build, "bench", "startup"), log)


def print_report(res, args, tools):
    """Prints the tables; returns the goals as (label, met) pairs."""
    verdicts = report(res["workloads"], {w[0]: w[4] for w in WORKLOADS}, args, tools)
    small = next((r for r in res["workloads"] if r["name"] == "small"), None)
    startup.report(res["startup"],
                   small and small["median"]["noos"] / small["median"]["gnu"])
    return verdicts
