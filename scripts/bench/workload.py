"""Deterministic Cortex-M4 link workloads for scripts/bench.py.

Each workload is a directory of objects assembled from generated Thumb-2
assembly: one startup object (the vector table and a Reset_Handler that
copies .data, zeroes .bss and calls into the modules) plus N module objects.

A module object holds FUNCS functions, each in its own .text.<name> section
(as -ffunction-sections makes them), and per-module .rodata (a table and
mergeable strings), .data (with function pointers) and .bss. The functions
mix 16- and 32-bit Thumb-2 encodings, FPU instructions, movw/movt and
literal-pool references to data, and calls to other modules, so the linker
sees the usual Arm relocations: R_ARM_THM_CALL, R_ARM_THM_JUMP24,
R_ARM_THM_MOVW_ABS_NC/MOVT_ABS and R_ARM_ABS32.

Reachability, so that --gc-sections keeps most code: module i's f0 calls
f0 of modules 2i+1 and 2i+2 (a binary tree rooted at Reset_Handler) and
its own f1..f6; f1..f5 also call f1..f5 of other modules. f7 is global but
never referenced: every module carries some dead code for --gc-sections
to drop.

Everything is derived from a seeded random.Random, so the same parameters
always give byte-identical assembly.
"""

import random

FUNCS = 8          # functions per module: f0 root, f1..f5 global, f6 static, f7 dead
BODY_INSNS = 64    # filler instructions per function (about 2 KB of text per module)

# Filler instruction templates: {d},{s},{t} are low registers r0-r3, {i}
# small immediates. Mixed 16-bit and 32-bit encodings, as compiled code has.
_ALU = [
    "adds {d}, {s}, {t}",
    "subs {d}, {s}, #{i3}",
    "eors {d}, {d}, {s}",
    "ands {d}, {d}, {s}",
    "orrs {d}, {d}, {s}",
    "lsls {d}, {s}, #{i5}",
    "lsrs {d}, {s}, #{i5}",
    "muls {d}, {s}, {d}",
    "add.w {d}, {s}, {t}, lsl #{i2}",
    "sub.w {d}, {s}, #{i8}",
    "eor.w {d}, {s}, #{i8}",
    "ubfx {d}, {s}, #{i3}, #{w}",
    "bfi {d}, {s}, #{i3}, #{w}",
    "mla {d}, {s}, {t}, {d}",
    "clz {d}, {s}",
    "rev {d}, {s}",
    "uxth {d}, {s}",
    "sxtb {d}, {s}",
    "ldr {d}, [r4, #{o4}]",
    "str {s}, [r4, #{o4}]",
    "ldrb {d}, [r5, #{i3}]",
    "ldrh.w {d}, [r5, #{o2}]",
    "str {s}, [sp, #{o4}]",
    "ldr {d}, [sp, #{o4}]",
    "vmov s0, {s}",
    "vcvt.f32.s32 s0, s0",
    "vmul.f32 s1, s0, s2",
    "vadd.f32 s2, s2, s1",
    "vcvt.s32.f32 s3, s2",
    "vmov {d}, s3",
]

ATTRS = """\
\t.syntax unified
\t.arch armv7e-m
\t.cpu cortex-m4
\t.fpu fpv4-sp-d16
\t.eabi_attribute 27, 1
\t.eabi_attribute 28, 1
\t.eabi_attribute 20, 1
\t.eabi_attribute 21, 1
\t.eabi_attribute 23, 3
\t.eabi_attribute 24, 1
\t.eabi_attribute 25, 1
\t.eabi_attribute 26, 1
\t.eabi_attribute 30, 2
\t.eabi_attribute 34, 1
\t.eabi_attribute 18, 4
\t.thumb
"""


def fname(m, f):
    return "m%d_f%d" % (m, f)


def _fill(rng, out, n):
    regs = ["r0", "r1", "r2", "r3"]
    for _ in range(n):
        t = rng.choice(_ALU)
        out.append("\t" + t.format(
            d=rng.choice(regs), s=rng.choice(regs), t=rng.choice(regs),
            i2=rng.randrange(1, 4), i3=rng.randrange(1, 8), i5=rng.randrange(1, 32),
            i8=rng.randrange(1, 256), w=rng.randrange(1, 9),
            o4=4 * rng.randrange(8), o2=2 * rng.randrange(8)))


def _function(rng, m, f, nmods, out):
    name = fname(m, f)
    out.append('\t.section .text.%s,"ax",%%progbits' % name)
    if f != 6:
        out.append("\t.globl %s" % name)
    out.append("\t.p2align 2")
    out.append("\t.type %s,%%function" % name)
    out.append("\t.thumb_func")
    out.append("%s:" % name)
    out.append("\tpush {r4, r5, r6, r7, lr}")
    out.append("\tsub sp, #36")
    out.append("\tmovw r4, #:lower16:m%d_state" % m)
    out.append("\tmovt r4, #:upper16:m%d_state" % m)
    out.append("\tldr r5, =m%d_table+%d" % (m, 4 * rng.randrange(8)))
    out.append("\tldr r6, =m%d_buf" % m)
    out.append("\tmov r7, r0")

    calls = []
    if f == 0:
        calls = ["m%d_f%d" % (m, k) for k in range(1, 7)]
        for child in (2 * m + 1, 2 * m + 2):
            if child < nmods:
                calls.append(fname(child, 0))
    elif f in (1, 2, 3, 4, 5) and nmods > 1:
        for _ in range(2):
            other = rng.randrange(nmods - 1)
            if other >= m:
                other += 1
            calls.append(fname(other, rng.randrange(1, 6)))
        if f < 5:
            calls.append(fname(m, 6))

    # Spread the calls through the body; each call site passes an argument.
    chunks = len(calls) + 1
    per = max(1, BODY_INSNS // chunks)
    for c in calls:
        _fill(rng, out, per)
        out.append("\tmov r0, r7")
        out.append("\tbl %s" % c)
        out.append("\tadd r7, r0")
    _fill(rng, out, per // 2)
    out.append("\tcmp r7, #%d" % rng.randrange(1, 200))
    out.append("\tbeq 1f")
    _fill(rng, out, per - per // 2)
    out.append("\tstr r7, [r6, #%d]" % (4 * rng.randrange(6)))
    out.append("1:")
    out.append("\tmov r0, r7")
    out.append("\tadd sp, #36")
    out.append("\tpop {r4, r5, r6, r7, pc}")
    out.append("\t.ltorg")
    out.append("\t.size %s, .-%s" % (name, name))
    out.append("")


def module_asm(m, nmods, seed=0):
    """Assembly text of module m of nmods."""
    rng = random.Random("noos-bench:%d:%d:%d" % (seed, nmods, m))
    out = [ATTRS]
    for f in range(FUNCS):
        _function(rng, m, f, nmods, out)
    # .rodata: a lookup table and mergeable strings.
    out.append('\t.section .rodata.m%d_table,"a",%%progbits' % m)
    out.append("\t.p2align 2")
    out.append("\t.type m%d_table,%%object" % m)
    out.append("m%d_table:" % m)
    out.append("\t.word " + ", ".join(str(rng.randrange(1 << 32)) for _ in range(16)))
    out.append("\t.size m%d_table, 64" % m)
    out.append('\t.section .rodata.str1.1,"aMS",%progbits,1')
    out.append('m%d_name:\n\t.asciz "module %d"' % (m, m))
    out.append('\t.asciz "status %d"' % rng.randrange(8))
    # .data: state words and a function pointer (R_ARM_ABS32 to a Thumb function).
    out.append('\t.section .data.m%d_state,"aw",%%progbits' % m)
    out.append("\t.p2align 2")
    out.append("\t.type m%d_state,%%object" % m)
    out.append("m%d_state:" % m)
    out.append("\t.word %d, %d" % (rng.randrange(1 << 16), rng.randrange(1 << 16)))
    out.append("\t.word %s" % fname(m, 6))
    out.append("\t.word m%d_name" % m)
    out.append("\t.size m%d_state, 16" % m)
    # .bss
    out.append('\t.section .bss.m%d_buf,"aw",%%nobits' % m)
    out.append("\t.p2align 2")
    out.append("\t.type m%d_buf,%%object" % m)
    out.append("m%d_buf:\n\t.zero 24" % m)
    out.append("\t.size m%d_buf, 24" % m)
    return "\n".join(out) + "\n"


def startup_asm(nmods, seed=0):
    """Assembly text of the startup object: vectors and Reset_Handler.

    With nmods == 0 it is the whole program (the small workload): it then
    carries a few functions of its own instead of calling into modules."""
    rng = random.Random("noos-bench-startup:%d:%d" % (seed, nmods))
    out = [ATTRS]
    handlers = ["NMI_Handler", "HardFault_Handler", "MemManage_Handler",
                "BusFault_Handler", "UsageFault_Handler"]
    out.append('\t.section .vectors,"a",%progbits')
    out.append("\t.p2align 2")
    out.append("\t.globl __vector_table")
    out.append("__vector_table:")
    out.append("\t.word __stack")
    out.append("\t.word Reset_Handler")
    for h in handlers:
        out.append("\t.word %s" % h)
    out.append("\t.word 0, 0, 0, 0")
    out.append("\t.word Default_Handler")  # SVCall
    out.append("\t.word Default_Handler")  # DebugMon
    out.append("\t.word 0")
    out.append("\t.word Default_Handler")  # PendSV
    out.append("\t.word Default_Handler")  # SysTick
    for _ in range(32):
        out.append("\t.word Default_Handler")
    out.append("")

    def func(name, body, glob=True):
        out.append('\t.section .text.%s,"ax",%%progbits' % name)
        if glob:
            out.append("\t.globl %s" % name)
        out.append("\t.p2align 2")
        out.append("\t.type %s,%%function" % name)
        out.append("\t.thumb_func")
        out.append("%s:" % name)
        out.extend(body)
        out.append("\t.size %s, .-%s" % (name, name))
        out.append("")

    entry = fname(0, 0) if nmods else "app_main"
    func("Reset_Handler", [
        "\tldr r0, =__data_start",
        "\tldr r1, =__data_source",
        "\tldr r2, =__data_size",
        "1:\tcbz r2, 2f",
        "\tldr r3, [r1], #4",
        "\tstr r3, [r0], #4",
        "\tsubs r2, #4",
        "\tb 1b",
        "2:\tldr r0, =__bss_start",
        "\tldr r2, =__bss_size",
        "\tmovs r3, #0",
        "3:\tcbz r2, 4f",
        "\tstr r3, [r0], #4",
        "\tsubs r2, #4",
        "\tb 3b",
        "4:\tldr r0, =0xE000ED88",  # CPACR: enable the FPU
        "\tldr r1, [r0]",
        "\torr r1, r1, #(0xF << 20)",
        "\tstr r1, [r0]",
        "\tdsb",
        "\tisb",
        "\tmovs r0, #0",
        "\tbl %s" % entry,
        "5:\twfi",
        "\tb 5b",
        "\t.ltorg",
    ])
    func("Default_Handler", ["\tb Default_Handler"])
    for h in handlers:
        func(h, ["\tb.w Default_Handler"])
    if not nmods:
        # The small program: a main and a few helpers in the same object.
        out.append('\t.section .bss.app_buf,"aw",%nobits')
        out.append("\t.p2align 2")
        out.append("app_buf:\n\t.zero 64")
        out.append('\t.section .data.app_state,"aw",%progbits')
        out.append("\t.p2align 2")
        out.append("app_state:\n\t.word 1, 2, 3, 4")
        out.append('\t.section .rodata.app_table,"a",%progbits')
        out.append("\t.p2align 2")
        out.append("app_table:")
        out.append("\t.word " + ", ".join(str(rng.randrange(1 << 32)) for _ in range(16)))
        helpers = ["app_helper%d" % k for k in range(4)]
        body = ["\tpush {r4, r5, r6, r7, lr}", "\tsub sp, #36",
                "\tldr r4, =app_state", "\tldr r5, =app_table",
                "\tldr r6, =app_buf", "\tmov r7, r0"]
        for h in helpers:
            lines = []
            _fill(rng, lines, 8)
            body += lines + ["\tmov r0, r7", "\tbl %s" % h, "\tadd r7, r0"]
        body += ["\tstr r7, [r6]", "\tmov r0, r7", "\tadd sp, #36",
                 "\tpop {r4, r5, r6, r7, pc}", "\t.ltorg"]
        func("app_main", body)
        for h in helpers + ["app_unused"]:
            lines = []
            _fill(rng, lines, 24)
            func(h, ["\tpush {r4, r5, r6, r7, lr}", "\tsub sp, #36",
                     "\tldr r4, =app_state", "\tldr r5, =app_table"] + lines +
                 ["\tadd sp, #36", "\tpop {r4, r5, r6, r7, pc}", "\t.ltorg"],
                 glob=(h == "app_unused"))
    return "\n".join(out) + "\n"
