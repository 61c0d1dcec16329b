"""What the sections that count instructions on QEMU share (reset,
threads): QEMU's one-instruction-per-block flags, llvm-objdump's
disassembly, how an instruction changes the flow, and which function an
address is in."""

import re
import subprocess

from common import Elf, run


def qemu_step_flags(qemu):
    """The flags that make QEMU log one block per instruction."""
    out = subprocess.run([qemu, "--version"], stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True).stdout
    m = re.search(r"version (\d+)\.(\d+)", out)
    if m and (int(m.group(1)), int(m.group(2))) >= (8, 1):
        return ["-accel", "tcg,one-insn-per-tb=on"]
    return ["-singlestep"]


INSN = re.compile(r"^\s*([0-9a-f]+):\s+((?:[0-9a-f]{2,8} )+)\s*\t?(\S+)\s*(.*)$")
CONDS = {"eq", "ne", "cs", "hs", "cc", "lo", "mi", "pl", "vs", "vc", "hi", "ls",
         "ge", "lt", "gt", "le", "al"}


def disassemble(objdump, elf_path, what, triple=None, skip_data=False):
    """address -> (size, mnemonic, operands) for every instruction; with
    triple for that architecture rather than the image's own (its build
    attributes); skip_data leaves out literal pools (.word, .short)."""
    cmd = [objdump, "-d"] + (["--triple=" + triple] if triple else []) + [elf_path]
    p = run(cmd, what)
    insns = {}
    for line in p.stdout.splitlines():
        m = INSN.match(line)
        if m and not (skip_data and m.group(3).startswith(".")):
            size = len(m.group(2).replace(" ", "")) // 2
            insns[int(m.group(1), 16)] = (size, m.group(3).lower(), m.group(4))
    return insns


def branch_kind(mn, ops):
    """None for straight-line code, 'direct' for a branch with a target
    printed by llvm-objdump, 'other' for any other change of flow."""
    base = mn.split(".")[0]
    for stem in ("blx", "bx", "bl", "b", "cbnz", "cbz", "tbb", "tbh"):
        if base == stem or (base.startswith(stem) and base[len(stem):] in CONDS):
            if stem in ("b", "bl", "cbz", "cbnz") and re.search(r"0x[0-9a-f]+", ops):
                return "direct"
            return "other"
    if base in ("bkpt", "svc", "udf"):
        return "other"
    regs = ops.split(";")[0].split("@")[0]
    if base.startswith(("pop", "ldm")) and "pc" in regs:
        return "other"
    if base.startswith(("ldr", "mov", "add", "sub")) and regs.strip().startswith("pc"):
        return "other"
    return None


def func_mapper(elf_path):
    """pc -> the name of the function (sized STT_FUNC symbol) it is in, or
    its address."""
    elf = Elf(elf_path)
    funcs = sorted((s["value"] & ~1, s["size"], s["name"]) for s in elf.symbols
                   if s["type"] == 2 and s["shndx"] and s["size"])
    cache = {}

    def f(pc):
        if pc not in cache:
            cache[pc] = next((nm for lo, sz, nm in funcs if lo <= pc < lo + sz), "0x%x" % pc)
        return cache[pc]
    return f


EM_AARCH64, EM_RISCV = 183, 243
A64_DIRECT = {"b", "bl", "cbz", "cbnz", "tbz", "tbnz"}
A64_OTHER = {"br", "blr", "ret", "eret", "braa", "brab", "blraa", "blrab", "retaa",
             "retab", "svc", "hvc", "smc", "brk", "hlt", "udf"}
RV_DIRECT = {"j", "jal", "beq", "bne", "blt", "bge", "bltu", "bgeu", "beqz", "bnez",
             "blez", "bgez", "bltz", "bgtz", "bgt", "ble", "bgtu", "bleu"}
RV_OTHER = {"jr", "jalr", "ret", "mret", "sret", "ecall", "ebreak", "unimp"}


def branch_kind_for(machine, mn, ops):
    """branch_kind for the instruction set of an ELF e_machine: the Arm
    rules above, or AArch64's and RISC-V's branches (llvm-objdump's
    mnemonics; RISC-V's compressed forms print without "c.")."""
    if machine == EM_AARCH64:
        base = mn.split(".")[0]
        if base in A64_DIRECT:
            return "direct" if direct_target(ops) is not None else "other"
        return "other" if base in A64_OTHER else None
    if machine == EM_RISCV:
        base = mn[2:] if mn.startswith("c.") else mn
        if base in RV_DIRECT:
            return "direct" if direct_target(ops) is not None else "other"
        return "other" if base in RV_OTHER else None
    return branch_kind(mn, ops)


def direct_target(ops):
    """The branch target llvm-objdump prints (the last address outside the
    <symbol+offset> comment and not an immediate), or None."""
    found = re.findall(r"(?<![#\w])0x([0-9a-f]+)", re.sub(r"<[^>]*>", "", ops))
    return int(found[-1], 16) if found else None
