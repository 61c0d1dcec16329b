"""Section "reset": instructions from reset to main on QEMU mps2-an385.

The program (generated into BUILD/bench/reset/src) has 4 KiB of
initialised .data and 16 KiB of .bss; main reads both and returns 0 only if
.data arrived intact and .bss is zero, so every image is also checked to
start correctly. It is built three ways for the Cortex-M3:
  noos               BUILD/bin/clang --target=thumbv7m-noos -Os reset.c
  gcc -Os C loop     arm-none-eabi-gcc -Os with a minimal C reset handler
                     (copy loop, zero loop, call main; vector table and
                     linker script generated here): the anchor's startup,
                     21,516 instructions, measured side by side
  gcc + picolibc     picolibc's hosted crt0 (memcpy/memset), for reference

Counting: QEMU runs one instruction per translation block (-singlestep, or
one-insn-per-tb on QEMU 8.1+) without block chaining (-d nochain) and logs
every block it executes (-d exec), so each "Trace" line is one executed
instruction. That is checked rather than assumed: every logged address must
start an instruction in llvm-objdump's disassembly, every step that is not
a branch must go to the next instruction, and direct branches must land on
their target or fall through. The count is the number of lines before the
first one at main's address (llvm-nm's, Thumb bit cleared).

noos's count is split at noos_start: before it, the reset handler (FPU and
VTOR set-up, .data copy, .bss zeroing); after it, TLS, the board hooks,
constructors, the time and RNG set-up and the semihosting command line.

Goal: half the anchor or less (<= 10,758 instructions).

The same program is also built for armv7a-noos (Cortex-A7, -Os) and traced
the same way on its two boards' QEMU (virt-a7, mcimx6ul-evk), from the ELF
entry point: a RAM-loaded image (no .data copy), the exception-mode
stacks, VBAR, NEON enable and the MMU map besides. Those counts are
another ISA's, shown in a table of their own with no ratio to the M-profile
anchor and no goal.

Likewise aarch64-noos on virt-a53 and riscv64-noos/riscv32-noos on virt,
virt32 and sifive_e (issues 9 and 10), each in its architecture's table,
run with the QEMU command noos-run --print-command gives for the board plus
the tracing flags above, and counted from the ELF entry: the instructions
QEMU's reset ROM runs before it (riscv, -bios none) are shown apart.
sifive_e runs from flash (.data copied) and its 16 KiB of RAM cannot hold
16 KiB of .bss: it runs the program with 4 KiB of .data and 6 KiB of .bss.
A board whose QEMU is not installed gets a row saying so.
"""

import collections
import os
import re
import shlex
import shutil

from common import (BenchError, Elf, find_tool, run, table, tool_version,
                    write_if_changed)
from qemutrace import (branch_kind_for, direct_target, disassemble, func_mapper,
                       qemu_step_flags)

TITLE = "reset: instructions from reset to main, QEMU mps2-an385 (Cortex-M3)"
ANCHOR = 21516
GOAL = ANCHOR // 2
DATA_WORDS, BSS_WORDS = 1024, 4096
MACHINE = "mps2-an385"

IMAGES = ["noos", "gcc-loop", "picolibc"]
LABEL = {"noos": "noos", "gcc-loop": "gcc -Os C loop (anchor's startup)",
         "picolibc": "gcc + picolibc hosted crt0",
         "noos-virt-a7": "noos armv7a, virt-a7",
         "noos-mcimx6ul-evk": "noos armv7a, mcimx6ul-evk"}
# A-profile images: name -> (board, QEMU machine options).
A_IMAGES = {
    "noos-virt-a7": ("virt-a7", ["-M", "virt", "-cpu", "cortex-a7", "-m", "128M",
                                 "-nodefaults"]),
    "noos-mcimx6ul-evk": ("mcimx6ul-evk", ["-M", "mcimx6ul-evk", "-cpu", "cortex-a7",
                                           "-m", "512M"]),
}

# Other instruction sets (issues 9 and 10): name -> (target, board, .data
# words, .bss words). Their QEMU command is noos-run --print-command's for
# the board. sifive_e's 16 KiB of RAM (QEMU's DTIM, which -m cannot change)
# cannot hold 20 KiB of .data and .bss besides the stacks: it runs the same
# program with 6 KiB of .bss (compare per word).
X_IMAGES = {
    "noos-virt-a53": ("aarch64-noos", "virt-a53", DATA_WORDS, BSS_WORDS),
    "noos-virt": ("riscv64-noos", "virt", DATA_WORDS, BSS_WORDS),
    "noos-virt32": ("riscv32-noos", "virt32", DATA_WORDS, BSS_WORDS),
    "noos-sifive_e": ("riscv32-noos", "sifive_e", DATA_WORDS, 1536),
}
LABEL.update({"noos-virt-a53": "noos aarch64, virt-a53",
              "noos-virt": "noos riscv64, virt (rv64imafdc)",
              "noos-virt32": "noos riscv32, virt32 (rv32imac)",
              "noos-sifive_e": "noos riscv32, sifive_e (rv32imac, XIP)"})
QEMU_PACKAGE = {"qemu-system-aarch64": "qemu-system-arm",
                "qemu-system-riscv64": "qemu-system-misc",
                "qemu-system-riscv32": "qemu-system-misc"}

CM3 = ["-mcpu=cortex-m3", "-mthumb", "-Os"]
PICO_MAP = ["-Wl,--defsym=__flash=0", "-Wl,--defsym=__flash_size=4M",
            "-Wl,--defsym=__ram=0x20000000", "-Wl,--defsym=__ram_size=4M"]


def _value(i):
    return (i * 7919) % 1000 + 1  # never 0, so .data cannot pass for .bss


def program_source(data_words=DATA_WORDS, bss_words=BSS_WORDS):
    vals = [str(_value(i)) for i in range(data_words)]
    lines = [", ".join(vals[i:i + 16]) for i in range(0, data_words, 16)]
    return ("/* make bench, reset section (generated): %d bytes of .data, %d of .bss. */\n"
            "int data[%d] = {\n  %s};\n"
            "int bss[%d];\n\n"
            "int main(void) {\n"
            "  volatile int *d = data, *b = bss;\n"
            "  return d[0] == %d && d[%d] == %d && d[%d] == %d && b[0] == 0 && b[%d] == 0"
            " ? 0 : 1;\n"
            "}\n" % (data_words * 4, bss_words * 4, data_words, ",\n  ".join(lines),
                     bss_words, _value(0), data_words // 2, _value(data_words // 2),
                     data_words - 1, _value(data_words - 1), bss_words - 1))


REF_START = r"""/* make bench, reset section (generated): the classic C startup, for
 * gcc -Os. Copies .data, zeroes .bss a word at a time, calls main and ends
 * the program through semihosting with main's status. */
extern unsigned int __data_load[], __data_start[], __data_end[];
extern unsigned int __bss_start[], __bss_end[], __stack_top[];
int main(void);

__attribute__((noreturn)) static void semihost_exit(int status) {
  unsigned int block[2] = {0x20026u /* ADP_Stopped_ApplicationExit */,
                           (unsigned int)status};
  register unsigned int op __asm__("r0") = 0x20; /* SYS_EXIT_EXTENDED */
  register unsigned int *arg __asm__("r1") = block;
  __asm__ volatile("bkpt 0xab" : "+r"(op) : "r"(arg) : "memory");
  for (;;) {
  }
}

__attribute__((noreturn)) void Reset_Handler(void) {
  unsigned int *src = __data_load, *dst = __data_start;
  while (dst < __data_end)
    *dst++ = *src++;
  for (dst = __bss_start; dst < __bss_end;)
    *dst++ = 0;
  semihost_exit(main());
}

static void Fault_Handler(void) { semihost_exit(99); }

__attribute__((section(".vectors"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))__stack_top, Reset_Handler, Fault_Handler, Fault_Handler,
    Fault_Handler, Fault_Handler, Fault_Handler, 0, 0, 0, 0, Fault_Handler,
    Fault_Handler, 0, Fault_Handler, Fault_Handler};
"""

REF_LD = """/* make bench, reset section (generated): mps2-an385's memory. */
MEMORY {
  FLASH (rx) : ORIGIN = 0x00000000, LENGTH = 4M
  RAM (rwx) : ORIGIN = 0x20000000, LENGTH = 4M
}
ENTRY(Reset_Handler)
SECTIONS {
  .vectors : { KEEP(*(.vectors)) } > FLASH
  .text : { *(.text*) *(.rodata*) } > FLASH
  .data : { . = ALIGN(4); __data_start = .; *(.data*) . = ALIGN(4); __data_end = .; } > RAM AT > FLASH
  __data_load = LOADADDR(.data);
  .bss (NOLOAD) : { . = ALIGN(4); __bss_start = .; *(.bss*) *(COMMON) . = ALIGN(4); __bss_end = .; } > RAM
  __stack_top = ORIGIN(RAM) + LENGTH(RAM);
}
"""


def add_arguments(ap):
    g = ap.add_argument_group("reset section")
    g.add_argument("--llvm-objdump", default="/usr/bin/llvm-objdump-22")


def check_arguments(ap, args):
    pass


def find_tools(args):
    gcc = find_tool(args.gcc,
                    "arm-none-eabi-gcc", "install gcc-arm-none-eabi")
    return {
        "clang": os.path.abspath(find_tool(os.path.join(args.build, "bin", "clang"),
                                           "noos-clang", "run make build first",
                                           search_path=False)),
        "gcc": gcc,
        "qemu": find_tool(args.qemu,
                          "qemu-system-arm", "install qemu-system-arm"),
        "objdump": find_tool(args.llvm_objdump, "llvm-objdump-22", "install llvm-22"),
        "noos-run": os.path.abspath(find_tool(os.path.join(args.build, "bin", "noos-run"),
                                              "noos-run", "run make build first",
                                              search_path=False)),
    }


def describe(args):
    return ("9 images (3 Cortex-M3, 2 Cortex-A7, 1 AArch64, 3 RISC-V), one traced QEMU"
            " run each")


# ---------------------------------------------------------------- tracing

def trace(tools, wdir, name, elf_path, step_flags, machine=None, command=None):
    """machine: QEMU options of an A-profile board (the trace starts at the
    ELF entry); None: mps2-an385, from the reset vector. command: the whole
    QEMU command (noos-run --print-command's) of another instruction set's
    board: the trace starts at the ELF entry, and what QEMU's reset ROM runs
    before it (riscv's, with -bios none) is counted apart as "rom"."""
    elf = Elf(elf_path)
    main = elf.symbol("main")
    if main is None:
        raise BenchError("reset: %s has no main" % elf_path)
    if machine is None and command is None:
        vec = elf.read(4, 4)
        if vec is None:
            raise BenchError("reset: %s has no vector table at address 0" % elf_path)
        reset_pc = int.from_bytes(vec, "little") & ~1
    else:
        reset_pc = elf.entry & ~1
    log = os.path.join(wdir, "out", name + ".log")
    if os.path.exists(log):
        os.remove(log)
    if command is not None:
        qemu_cmd = command + step_flags + ["-d", "exec,nochain", "-D", log]
    else:
        qemu_cmd = ([tools["qemu"]] + (["-M", MACHINE] if machine is None else machine)
                    + ["-nographic", "-monitor", "none", "-semihosting"]
                    # A relative image path: semihosting's command line is the
                    # path, and noos parses it before main, so the count must
                    # not depend on BUILD.
                    + step_flags + ["-d", "exec,nochain", "-D", log, "-kernel",
                                    os.path.relpath(elf_path, wdir)])
    run(qemu_cmd,
        "reset: running the %s image in QEMU (main returns 1 if .data or .bss is wrong)"
        % LABEL[name], cwd=wdir, timeout=60)
    pat = re.compile(r"Trace \d+: \S+ \[[0-9a-f]+/([0-9a-f]+)/")
    pcs = []
    rom = 0
    with open(log) as f:
        for line in f:
            m = pat.match(line)
            if m:
                pc = int(m.group(1), 16)
                if pc == main:
                    break
                if command is not None and not pcs and pc != reset_pc:
                    rom += 1
                    continue
                pcs.append(pc)
        else:
            raise BenchError("reset: the %s trace never reaches main (0x%x)"
                             % (LABEL[name], main))

    # Each line one instruction, none missing.
    insns = disassemble(tools["objdump"], elf_path, "reset: llvm-objdump -d",
                        triple="thumbv7m-none-eabi" if machine is None and command is None
                        else None)
    if not pcs or pcs[0] != reset_pc:
        raise BenchError("reset: the %s trace does not start at the reset vector 0x%x"
                         % (LABEL[name], reset_pc))
    for a, b in zip(pcs, pcs[1:] + [main]):
        if a not in insns:
            raise BenchError("reset: QEMU logged 0x%x in the %s trace, which starts no "
                             "instruction: the log is not one line per instruction"
                             % (a, LABEL[name]))
        size, mn, ops = insns[a]
        if b == a + size:
            continue
        kind = branch_kind_for(elf.machine, mn, ops)
        if command is not None:
            target = direct_target(ops) if kind == "direct" else None
        else:
            target = re.search(r"0x([0-9a-f]+)", ops) if kind == "direct" else None
            target = int(target.group(1), 16) if target else None
        if kind is None or (target is not None and target != b):
            raise BenchError("reset: the %s trace goes from 0x%x (%s %s) to 0x%x: the log is"
                             " not one line per executed instruction"
                             % (LABEL[name], a, mn, ops.strip(), b))

    func_of = func_mapper(elf_path)
    by_func = collections.Counter(func_of(pc) for pc in pcs)
    secs = {s["name"]: s["size"] for s in elf.sections}
    return {"count": len(pcs), "pcs": pcs, "by_func": by_func, "main": main, "rom": rom,
            "noos_start": elf.symbol("noos_start"), "log": log,
            # mmu.c: noos__mmu_init and its static helpers
            "mmu": sum(by_func.get(f, 0) for f in ("noos__mmu_init", "map", "map_ram",
                                                  "map_sections", "split_at_reset",
                                                  "fill_pages", "invalidate_l1_dcache")),
            # aarch64's mmu.c: noos_fault_init and its static helpers
            "mmu_a64": sum(by_func.get(f, 0) for f in ("noos_fault_init", "map", "table",
                                                      "down", "up")),
            "data": secs.get(".data", 0) + secs.get(".tdata", 0),
            "bss": secs.get(".bss", 0) + secs.get(".tbss", 0)}


# ---------------------------------------------------------------- run

def run_section(args, tools, log):
    wdir = os.path.join(args.build, "bench", "reset")
    write_if_changed(os.path.join(wdir, "src", "reset.c"), program_source())
    write_if_changed(os.path.join(wdir, "src", "ref_start.c"), REF_START)
    write_if_changed(os.path.join(wdir, "src", "ref.ld"), REF_LD)
    os.makedirs(os.path.join(wdir, "out"), exist_ok=True)
    cmds = {
        "noos": [tools["clang"], "--target=thumbv7m-noos", "-Os", "src/reset.c",
                 "-o", "out/noos.elf"],
        "gcc-loop": [tools["gcc"]] + CM3 + [
            "-ffreestanding", "-fno-tree-loop-distribute-patterns", "-nostdlib",
            "-nostartfiles", "-T", "src/ref.ld", "src/ref_start.c", "src/reset.c",
            "-o", "out/gcc-loop.elf"],
        "picolibc": [tools["gcc"]] + CM3 + [
            "-ffunction-sections", "-fdata-sections", "--specs=picolibc.specs",
            "--crt0=hosted", "--oslib=semihost"] + PICO_MAP + ["src/reset.c", "-o",
                                                                "out/picolibc.elf"],
    }
    step = qemu_step_flags(tools["qemu"])
    res = {"cmds": cmds, "traces": {}, "wdir": wdir, "step": step}
    for name, (board, _) in A_IMAGES.items():
        cmds[name] = [tools["clang"], "--target=armv7a-noos", "--board=" + board, "-Os",
                      "src/reset.c", "-o", "out/%s.elf" % name]
    for name in IMAGES + list(A_IMAGES):
        run(cmds[name], "reset: building the %s image" % LABEL[name], cwd=wdir)
        res["traces"][name] = trace(tools, wdir, name,
                                    os.path.join(wdir, "out", name + ".elf"), step,
                                    A_IMAGES[name][1] if name in A_IMAGES else None)

    # Other instruction sets, each board's QEMU as noos-run starts it.
    res["skipped"], res["qemu_cmds"] = {}, {}
    for name, (target, board, dwords, bwords) in X_IMAGES.items():
        src = "src/reset.c"
        if (dwords, bwords) != (DATA_WORDS, BSS_WORDS):
            src = "src/reset-%d-%d.c" % (dwords * 4, bwords * 4)
            write_if_changed(os.path.join(wdir, src), program_source(dwords, bwords))
        elf = "out/%s.elf" % name
        cmds[name] = [tools["clang"], "--target=" + target, "--board=" + board, "-Os",
                      src, "-o", elf]
        run(cmds[name], "reset: building the %s image" % LABEL[name], cwd=wdir)
        # The relative image path (semihosting's command line) as above.
        qemu = shlex.split(run([tools["noos-run"], "--print-command", elf],
                               "reset: noos-run --print-command %s" % elf,
                               cwd=wdir).stdout.strip())
        if not qemu or not shutil.which(qemu[0]):
            res["skipped"][name] = "%s not found (install %s)" % (
                qemu[0] if qemu else "QEMU", QEMU_PACKAGE.get(qemu[0] if qemu else "",
                                                            "QEMU"))
            continue
        qemu[0] = shutil.which(qemu[0])
        res["qemu_cmds"][name] = qemu
        res["traces"][name] = trace(tools, wdir, name, os.path.join(wdir, elf),
                                    qemu_step_flags(qemu[0]), command=qemu)
    return res


def print_report(res, args, tools):
    T = res["traces"]
    n, g = T["noos"], T["gcc-loop"]
    rows = [["image", ".data", ".bss", "reset -> main", "vs gcc C loop",
             "per word (.data+.bss)", "goal", "met"]]
    for name in IMAGES:
        t = T[name]
        words = (t["data"] + t["bss"]) // 4
        rows.append([LABEL[name], str(t["data"]), str(t["bss"]), "{:,}".format(t["count"]),
                     "%.2fx" % (t["count"] / g["count"]),
                     "%.2f" % (t["count"] / words) if words else "-",
                     "<= {:,} (anchor / 2)".format(GOAL) if name == "noos" else "",
                     ("yes" if t["count"] <= GOAL else "NO") if name == "noos" else ""])
    rows.append(["anchor: gcc -Os C startup loop", "4096", "16384", "{:,}".format(ANCHOR),
                 "%.2fx" % (ANCHOR / g["count"]), "", "", ""])
    print()
    print("Instructions executed from reset to main's first instruction"
          " (QEMU %s, one logged block per instruction)" % MACHINE)
    print(table(rows, "<>>>>><<"))

    # noos's split at noos_start.
    ns = n["noos_start"]
    cut = n["pcs"].index(ns) if ns is not None and ns in n["pcs"] else None
    print()
    if cut is None:
        print("noos split: noos_start not found in the trace")
    else:
        rows = [["noos part", "instructions", "share", "functions (instructions)"]]
        side_b = collections.Counter()
        side_a = collections.Counter()
        fmap = func_mapper(os.path.join(res["wdir"], "out", "noos.elf"))
        for i, pc in enumerate(n["pcs"]):
            (side_b if i < cut else side_a)[fmap(pc)] += 1
        for label, side, total in (("before noos_start: reset handler (.data copy, .bss zero)",
                                    side_b, cut),
                                   ("after: TLS, hooks, constructors, time, RNG, command line",
                                    side_a, n["count"] - cut)):
            rows.append([label, "{:,}".format(total), "%.1f %%" % (100.0 * total / n["count"]),
                         ", ".join("%s %d" % kv for kv in side.most_common())])
        print("noos, split at noos_start")
        print(table(rows, "<>><"))

    # The A-profile boards: another ISA, so no ratio to the anchor.
    rows = [["image (Cortex-A7, -Os)", ".data", ".bss", "reset -> main",
             "before noos_start", "MMU map", "per word (.data+.bss)"]]
    for name in A_IMAGES:
        t = T[name]
        words = (t["data"] + t["bss"]) // 4
        ns = t["noos_start"]
        cut = t["pcs"].index(ns) if ns is not None and ns in t["pcs"] else None
        rows.append([LABEL[name], str(t["data"]), str(t["bss"]), "{:,}".format(t["count"]),
                     "{:,}".format(cut) if cut is not None else "-",
                     "{:,}".format(t["mmu"]),
                     "%.2f" % (t["count"] / words) if words else "-"])
    print()
    print("armv7a-noos, same program and harness, from the ELF entry (RAM-loaded:"
          " .data is not copied; MMU map: mmu.c's functions)")
    print(table(rows, "<>>>>>>"))

    # AArch64 and RISC-V: other ISAs again, each in a table of its own.
    def cut_of(t):
        ns = t["noos_start"]
        return t["pcs"].index(ns) if ns is not None and ns in t["pcs"] else None

    for title, head, names, extra in (
            ("aarch64-noos, same program and harness, from the ELF entry (RAM-loaded:"
             " .data is not copied; MMU map: mmu.c's functions, from noos_start's"
             " noos_fault_init)", "image (AArch64, -Os)", ["noos-virt-a53"],
             ("MMU map", lambda t: "{:,}".format(t["mmu_a64"]))),
            ("riscv64-noos and riscv32-noos, same program and harness, from the ELF"
             " entry (QEMU's reset ROM, which jumps there, not counted); virt and virt32"
             " are RAM-loaded, sifive_e runs from flash and copies .data",
             "image (RISC-V, -Os)", ["noos-virt", "noos-virt32", "noos-sifive_e"],
             ("ROM before entry", lambda t: str(t["rom"])))):
        rows = [[head, ".data", ".bss", "reset -> main", "before noos_start", extra[0],
                 "per word (.data+.bss)"]]
        for name in names:
            if name in res["skipped"]:
                rows.append([LABEL[name], "-", "-", "not run", "-", "-", "-"])
                continue
            t = T[name]
            words = (t["data"] + t["bss"]) // 4
            cut = cut_of(t)
            rows.append([LABEL[name], str(t["data"]), str(t["bss"]),
                         "{:,}".format(t["count"]),
                         "{:,}".format(cut) if cut is not None else "-", extra[1](t),
                         "%.2f" % (t["count"] / words) if words else "-"])
        print()
        print(title)
        print(table(rows, "<>>>>>>"))
        for name in names:
            if name in res["skipped"]:
                print("  %s not run: %s" % (LABEL[name], res["skipped"][name]))
    print("(another ISA's instructions: no ratio to the Cortex-M anchor and no goal;"
          " sifive_e's 16 KiB of RAM holds 4 KiB of .data and 6 KiB of .bss, not 16)")

    print()
    print("Notes:")
    for name in IMAGES + list(A_IMAGES) + list(X_IMAGES):
        print("  %-34s %s" % (LABEL[name] + ":", " ".join(
            os.path.basename(c) if i == 0 else c for i, c in enumerate(res["cmds"][name]))))
    print("  QEMU: %s -M %s -nographic -semihosting %s -d exec,nochain -D <log> -kernel <elf>"
          % (os.path.basename(tools["qemu"]), MACHINE, " ".join(res["step"])))
    for name, (board, machine) in A_IMAGES.items():
        print("  QEMU for %s: %s %s (the rest as above)"
              % (board, os.path.basename(tools["qemu"]), " ".join(machine)))
    for name, cmd in res["qemu_cmds"].items():
        print("  QEMU for %s: noos-run --print-command's, + %s -d exec,nochain -D <log>: %s"
              % (X_IMAGES[name][1], " ".join(qemu_step_flags(cmd[0])),
                 " ".join([os.path.basename(cmd[0])] + cmd[1:])))
    print("  checked: every traced address starts an instruction (llvm-objdump), every"
          " non-branch steps to the next one, direct branches land on their targets;"
          " each image's main confirmed .data and .bss (exit status 0).")
    for name in ["gcc-loop", "picolibc"] + [n for n in X_IMAGES if n in T]:
        top = T[name]["by_func"].most_common(4)
        print("  %s by function: %s" % (LABEL[name], ", ".join("%s %d" % kv for kv in top)))
    print("  .data/.bss are the images' own (noos adds its runtime's bss; picolibc its"
          " TLS and stdio); per word = count / ((.data + .bss) / 4).")
    print("  version: %s; sources, images and logs in %s"
          % (tool_version([tools["qemu"], "--version"]), res["wdir"]))
    met = n["count"] <= GOAL
    verdict = ("reset noos {:,} instructions vs gcc C loop {:,} ({:.2f}x, goal <= 0.50x"
               " of the {:,} anchor)".format(n["count"], g["count"], n["count"] / g["count"],
                                             ANCHOR), met)
    print()
    print("Summary: %d of 1 goals met: %s %s." % (1 if met else 0, verdict[0],
                                                 "met" if met else "MISSED"))
    return [verdict]

