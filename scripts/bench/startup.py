"""The link section's start-up part: where a linker's process time goes
around its work (issue 14: noos-ld's small link against GNU ld's, and
noos-ld's start-up against ld.lld-22's).

Each command runs with a timing library preloaded (LD_PRELOAD, built
here from SHIM_C with the host's C compiler). It interposes
__libc_start_main, which the executable's entry point calls once the
dynamic loader has loaded and relocated everything and run the shared
libraries' constructors, and hands it a main of its own, which libc calls
once it has run the executable's own constructors (.init_array). Each
point takes CLOCK_MONOTONIC and getrusage's page-fault count; the last
point is exit (an atexit handler) or _exit, whichever comes first, and
also reads the image's peak resident set (VmHWM). fork and waitpid are
timed too: noos-ld links in a forked child. The parent takes the same
clock before it spawns the process and once it has reaped it (os.wait4,
whose rusage gives the page faults and CPU time of the process and the
children it reaped). So a run splits into:

  to libc      spawn, exec, dynamic loading and relocation, the shared
               libraries' constructors (up to __libc_start_main)
  static init  the executable's constructors (__libc_start_main to main)
  main         main, to exit or _exit
  exit         from there until the parent has reaped the process:
               atexit handlers and destructors, unmapping, the kernel's
               exit

The preloaded library adds its own loading to every row alike; /bin/true
(libc only, no constructors) is the floor. Beside the timings: the
constructors each binary and its shared libraries carry (.init_array
entries), and the relocations the dynamic loader applies at start-up
(LD_DEBUG=statistics: symbol lookups, cached or not, and relative ones).
"""

import os
import re
import statistics
import struct
import subprocess
import time

from common import BenchError, first_line, run, table, write_if_changed

SHIM_C = r"""/* make bench, link section (generated, scripts/bench/startup.py): the
 * start-up timing library, preloaded into each measured command. Points:
 * 0 __libc_start_main, 1 main, 2 the first fork, 3 that child reaped,
 * 4 exit or _exit; each a CLOCK_MONOTONIC time and this process' page
 * faults, and at 4 its reaped children's page faults too. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef int main_fn(int, char **, char **);
static long long when[5];
static long faults[5], child_faults;
static int reported;
static pid_t self, child;
static main_fn *real_main;

static long count(int who) {
  struct rusage ru;
  getrusage(who, &ru);
  return ru.ru_minflt + ru.ru_majflt;
}

static void take(int i) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  when[i] = ts.tv_sec * 1000000000LL + ts.tv_nsec;
  faults[i] = count(RUSAGE_SELF);
}

static void report(void) {
  if (reported++ || getpid() != self) /* not from a forked child */
    return;
  take(4);
  child_faults = count(RUSAGE_CHILDREN);
  const char *path = getenv("NOOS_STARTUP_OUT");
  int fd = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644) : -1;
  if (fd < 0)
    return;
  /* The image's own peak RSS: getrusage's ru_maxrss keeps the peak of the
   * process that forked it from before the exec. */
  long hwm = -1;
  FILE *st = fopen("/proc/self/status", "r");
  char line[400];
  while (st && fgets(line, sizeof line, st))
    if (sscanf(line, "VmHWM: %ld", &hwm) == 1)
      break;
  if (st)
    fclose(st);
  int n = snprintf(line, sizeof line, "%lld %lld %lld %lld %lld %ld %ld %ld %ld %ld %ld %ld\n",
                   when[0], when[1], when[2], when[3], when[4], faults[0], faults[1],
                   faults[2], faults[3], faults[4], child_faults, hwm);
  if (write(fd, line, n) != n)
    unlink(path);
  close(fd);
}

/* Programs that leave through _exit (LLD does) skip atexit handlers. */
void _exit(int status) {
  report();
  syscall(SYS_exit_group, status);
  __builtin_unreachable();
}
void _Exit(int status) { _exit(status); }

pid_t fork(void) {
  pid_t (*next)(void) = (pid_t(*)(void))dlsym(RTLD_NEXT, "fork");
  int first = !child && getpid() == self;
  if (first)
    take(2);
  pid_t pid = next();
  if (first && pid > 0)
    child = pid;
  return pid;
}

pid_t waitpid(pid_t pid, int *status, int options) {
  pid_t (*next)(pid_t, int *, int) =
      (pid_t(*)(pid_t, int *, int))dlsym(RTLD_NEXT, "waitpid");
  pid_t r = next(pid, status, options);
  if (child && r == child && status && (WIFEXITED(*status) || WIFSIGNALED(*status)))
    take(3);
  return r;
}

static int timed_main(int argc, char **argv, char **envp) {
  take(1);
  atexit(report);
  return real_main(argc, argv, envp);
}

int __libc_start_main(main_fn *main, int argc, char **argv, void (*init)(void),
                      void (*fini)(void), void (*rtld_fini)(void), void *stack_end) {
  take(0);
  self = getpid();
  real_main = main;
  int (*next)(main_fn *, int, char **, void (*)(void), void (*)(void), void (*)(void),
              void *) = dlsym(RTLD_NEXT, "__libc_start_main");
  return next(timed_main, argc, argv, init, fini, rtld_fini, stack_end);
}
"""

PHASES = [("libc", "to libc"), ("init", "static init"), ("main", "main"), ("exit", "exit")]


def build_shim(cc, wdir):
    src = os.path.join(wdir, "shim.c")
    lib = os.path.join(wdir, "shim.so")
    changed = write_if_changed(src, SHIM_C)
    if changed or not os.path.exists(lib) or os.path.getmtime(lib) < os.path.getmtime(src):
        run([cc, "-O2", "-shared", "-fPIC", src, "-o", lib + ".tmp", "-ldl"],
            "link: building the start-up timing library (%s)" % os.path.basename(cc))
        os.replace(lib + ".tmp", lib)
    return lib


def init_array_entries(path):
    """The number of constructors in an ELF file's .init_array (pointers),
    from its section headers."""
    with open(path, "rb") as f:
        head = f.read(64)
        if head[:4] != b"\x7fELF" or head[5] != 1:
            raise BenchError("link: %s is not a little-endian ELF file" % path)
        if head[4] == 2:
            shoff, = struct.unpack_from("<Q", head, 0x28)
            shentsize, shnum = struct.unpack_from("<HH", head, 0x3A)
            fmt, ptr = "<IIQQQQ", 8
        else:
            shoff, = struct.unpack_from("<I", head, 0x20)
            shentsize, shnum = struct.unpack_from("<HH", head, 0x2E)
            fmt, ptr = "<IIIIII", 4
        f.seek(shoff)
        table = f.read(shentsize * shnum)
    n = 0
    for i in range(shnum):
        _name, typ, _flags, _addr, _off, size = struct.unpack_from(fmt, table, i * shentsize)
        if typ == 14:  # SHT_INIT_ARRAY
            n += size // ptr
    return n


def shared_libraries(path):
    """The shared libraries the dynamic loader maps for an executable."""
    try:
        p = subprocess.run(["ldd", path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True)
    except OSError:
        return []
    return [m.group(1) for m in re.finditer(r"=>\s+(/\S+)", p.stdout)]


def loader_relocations(cmd):
    """(symbol relocations, relative relocations) the dynamic loader applies
    starting cmd, from LD_DEBUG=statistics."""
    env = dict(os.environ, LD_DEBUG="statistics")
    env.pop("LD_DEBUG_OUTPUT", None)
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                       env=env)
    def num(what):
        m = re.search(r"^\s*\d+:\s+%s:\s+(\d+)" % re.escape(what), p.stderr, re.M)
        return int(m.group(1)) if m else 0
    if "runtime linker statistics" not in p.stderr:
        return None
    return (num("number of relocations") + num("number of relocations from cache"),
            num("number of relative relocations"))


def run_once(cmd, cwd, shim, out):
    env = dict(os.environ, NOOS_STARTUP_OUT=out)
    env["LD_PRELOAD"] = " ".join(x for x in (shim, os.environ.get("LD_PRELOAD")) if x)
    if os.path.exists(out):
        os.remove(out)
    t0 = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
    try:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except OSError as e:
        raise BenchError("link: cannot run %s: %s" % (cmd[0], e))
    err = proc.stderr.read()
    _, status, ru = os.wait4(proc.pid, 0)
    t1 = time.clock_gettime_ns(time.CLOCK_MONOTONIC)
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise BenchError("link: %s failed (exit %d): %s" % (
            os.path.basename(cmd[0]), proc.returncode, first_line(err.decode(errors="replace"))))
    r = {"wall": (t1 - t0) / 1e6, "faults": ru.ru_minflt + ru.ru_majflt,
         "cpu": (ru.ru_utime + ru.ru_stime) * 1000}
    try:
        with open(out) as f:
            w0, w1, w2, w3, w4, f0, f1, f2, f3, f4, fc, hwm = map(int, f.read().split())
    except (OSError, ValueError):
        return r  # not dynamically linked against libc, or it never returned to exit
    r.update({"libc": (w0 - t0) / 1e6, "init": (w1 - w0) / 1e6, "main": (w4 - w1) / 1e6,
              "exit": (t1 - w4) / 1e6, "f_libc": f0, "f_init": f1 - f0, "f_main": f4 - f1,
              "f_exit": r["faults"] - f4 - fc, "f_child": fc, "rss": hwm / 1024.0})
    if w2 and w3:  # main forked a child and reaped it
        r.update({"fork": (w2 - w1) / 1e6, "child": (w3 - w2) / 1e6,
                  "after": (w4 - w3) / 1e6, "f_fork": f2 - f1, "f_after": f4 - f3})
    return r


def measure(tools, commands, runs, wdir, log):
    """commands: (key, label, cmd, cwd, binary or None). Returns medians per
    key, the binaries' constructors and relocations."""
    os.makedirs(wdir, exist_ok=True)
    shim = build_shim(tools["cc"], wdir)
    out = os.path.join(wdir, "phases.txt")
    samples = {c[0]: [] for c in commands}
    order = list(commands)
    for r in range(runs + 1):  # one warm-up round
        for key, _label, cmd, cwd, _bin in order:
            s = run_once(cmd, cwd, shim, out)
            if r:
                samples[key].append(s)
        order = order[1:] + order[:1]
    med = {}
    for key, v in samples.items():
        med[key] = {m: statistics.median(s[m] for s in v) for m in v[0]
                    if all(m in s for s in v)}
    bins = {}
    for key, label, cmd, cwd, binary in commands:
        if binary and binary not in bins:
            libs = shared_libraries(binary)
            bins[binary] = {
                "ctors": init_array_entries(binary),
                "lib_ctors": sum(init_array_entries(l) for l in libs if os.path.isfile(l)),
                "libs": len(libs),
                "relocs": loader_relocations([binary, "--version"]),
                "size": os.path.getsize(binary),
            }
    log("  start-up: %d commands x %d runs" % (len(commands), runs))
    return {"commands": [(k, l, b) for k, l, _c, _w, b in commands], "median": med,
            "bins": bins, "runs": runs, "shim": shim}


def report(res, small_ratio_gnu):
    """Prints the start-up tables; small_ratio_gnu: (noos-ld / GNU ld on the
    small link, from the timed rounds, or None)."""
    med = res["median"]
    ms = lambda v: "%.2f" % v
    print()
    print("Start-up: where the process time goes, ms (median of %d runs each, a timing library"
          " preloaded; phases below)" % res["runs"])
    rows = [["command", "wall", "to libc", "static init", "main", "exit", "page faults",
             "to libc / init / main / child / exit", "max RSS MiB", "CPU ms"]]
    for key, label, _b in res["commands"]:
        m = med[key]
        has = "libc" in m
        rows.append([label, ms(m["wall"])] +
                    [ms(m[p]) if has else "n/a" for p, _ in PHASES] +
                    ["%d" % m["faults"],
                     " / ".join("%d" % m["f_" + p] for p in ("libc", "init", "main", "child",
                                                             "exit")) if has else "n/a",
                     "%.1f" % m["rss"] if has else "n/a", "%.1f" % m["cpu"]])
    print(table(rows, "<>>>>>>>>>"))
    print("  to libc: spawn, exec, dynamic loading and relocation, the shared libraries'"
          " constructors (to __libc_start_main); static init: the executable's own"
          " constructors (to main); main: to exit or _exit; exit: to reaped (destructors,"
          " unmapping, the kernel's exit). Page faults: minor + major, by phase, and in the"
          " child processes main forked (noos-ld links in a forked child); CPU: user +"
          " system, children included; max RSS: the image's peak resident set (VmHWM at"
          " exit), children not included.")
    for key, label, _b in res["commands"]:
        m = med[key]
        if "fork" in m:
            print("  %s, main: %.2f ms before forking, %.2f until the child was reaped (%d page"
                  " faults in the child), %.2f after it (%d page faults)."
                  % (label, m["fork"], m["child"], m["f_child"], m["after"], m["f_after"]))
    print()
    print("What each binary brings to its start-up")
    rows = [["binary", "size", "constructors (.init_array)", "in its shared libraries",
             "ld.so relocations: symbol / relative"]]
    seen = set()
    for key, label, b in res["commands"]:
        if not b or b in seen:
            continue
        seen.add(b)
        i = res["bins"][b]
        rel = i["relocs"]
        rows.append([os.path.basename(b), "%.1f MiB" % (i["size"] / 1048576.0),
                     "%d" % i["ctors"], "%d (%d libraries)" % (i["lib_ctors"], i["libs"]),
                     "%d / %d" % rel if rel else "n/a"])
    print(table(rows, "<>>><"))
    n, g = med.get("noos-small"), med.get("gnu-small")
    if n and g and "libc" in n:
        before = n["libc"] + n["init"]
        print("noos-ld's small link: %.2f ms, %.2f before main (%.0f %%), of which %.2f in its"
              " static initialisers (%d page faults); main %.2f; GNU ld's whole small link"
              " %.2f ms (issue 14's anchor: 13 ms on its machine)%s."
              % (n["wall"], before, 100.0 * before / n["wall"], n["init"], n["f_init"],
                 n["main"], g["wall"],
                 "; the timed rounds above: noos-ld %.2fx GNU ld" % small_ratio_gnu
                 if small_ratio_gnu else ""))
    v = med.get("noos-version")
    if v and "libc" in v:
        print("noos-ld --version: %.2f ms, static initialisers %.2f ms and %d of its %d page"
              " faults; ld.lld-22 --version %.2f ms, %.2f of them before __libc_start_main."
              % (v["wall"], v["init"], v["f_init"], v["faults"],
                 med["lld-version"]["wall"], med["lld-version"].get("libc", float("nan"))))
