//===- StackTests.cpp - Tests of the link-time stack analysis -------------===//
//
// Fixtures are assembled with llvm-mc and linked with ld.lld, so every
// frame size and call edge is known exactly; the analysis runs on the
// image as noos-ld runs it.
//
//===----------------------------------------------------------------------===//

#include "ScratchDir.h"
#include "noos/StackUsage.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"
#include <gtest/gtest.h>

using namespace llvm;
using namespace noos;

namespace {
const StackFrameSizes Frames36{36, 36, 4, {}};

const char *const Script = R"(
MEMORY {
  FLASH (rx) : ORIGIN = 0x00000000, LENGTH = 256K
  RAM (rwx)  : ORIGIN = 0x20000000, LENGTH = 64K
}
ENTRY(Reset_Handler)
SECTIONS {
  .vectors : { __vectors_start = .; KEEP(*(.vectors)) __vectors_end = .; } > FLASH
  .text : { *(.text*) } > FLASH
  .stack (NOLOAD) : { __stack_limit = .; . += 1024; } > RAM
  __stack = __stack_limit + 1024;
}
)";

// reset -> a (tail call) -> b; reset -> rec -> rec; a handler calling
// through a register. b and the handler have no .stack_sizes entry: their
// frames come from the code (push 8 + sub 16 = 24, push 8).
const char *const Program = R"(
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20000400
  .word Reset_Handler
  .word Irq_Handler
  .word Irq_Handler
  .word 0
  .text
  .macro fn name
  .globl \name
  .type \name, %function
\name:
  .endm
  fn Reset_Handler
  push {r4, lr}
  bl a
  bl rec
  pop {r4, pc}
  .size Reset_Handler, . - Reset_Handler
  fn a
  b.w b
  .size a, . - a
  fn b
  push {r4, lr}
  sub sp, #16
  ldr r0, =0x12345678
  add sp, #16
  pop {r4, pc}
  .ltorg
  .size b, . - b
  fn rec
  push {r7, lr}
  bl rec
  pop {r7, pc}
  .size rec, . - rec
  fn Irq_Handler
  push {r7, lr}
  blx r3
  pop {r7, pc}
  .size Irq_Handler, . - Irq_Handler
  .section .stack_sizes,"",%progbits
  .long Reset_Handler
  .uleb128 8
  .long a
  .uleb128 0
  .long rec
  .uleb128 8
)";

class StackTest : public ScratchDirTest {
protected:
  std::unique_ptr<MemoryBuffer> Buf;
  std::unique_ptr<object::ObjectFile> Obj;

  const object::ELFObjectFileBase &image(StringRef Source,
                                         StringRef Triple = "thumbv7m-none-eabi",
                                         StringRef Link = Script,
                                         StringRef Attrs = "",
                                         StringRef LinkFlag = "") {
    write("p.s", Source);
    write("link.ld", Link);
    std::vector<std::string> Args = {"-triple=" + Triple.str(), "-filetype=obj",
                                     path("p.s"), "-o", path("p.o")};
    if (!Attrs.empty())
      Args.push_back("-mattr=" + Attrs.str());
    run("llvm-mc", Args);
    std::vector<std::string> LL = {"-T", path("link.ld"), path("p.o"), "-o",
                                     path("p.elf")};
    if (!LinkFlag.empty())
      LL.push_back(LinkFlag.str());
    run("ld.lld", LL);
    Buf = cantFail(errorOrToExpected(MemoryBuffer::getFile(path("p.elf"))));
    Obj = cantFail(object::ObjectFile::createObjectFile(Buf->getMemBufferRef()));
    return *cast<object::ELFObjectFileBase>(Obj.get());
  }
};

TEST_F(StackTest, WorstPathsTailCallsScanAndRecursion) {
  Expected<StackResult> R = analyzeStack(image(Program), {}, Frames36);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  ASSERT_EQ(R->Roots.size(), 2u);
  const StackRoot &Reset = R->Roots[0];
  EXPECT_EQ(Reset.Name, "Reset_Handler");
  EXPECT_EQ(Reset.Need, 8u + 0 + 24); // the tail call adds a's 0, not 8
  EXPECT_EQ(formatStackPath(Reset.Path), "Reset_Handler 8 -> a 0 -> b 24");
  ASSERT_EQ(Reset.Unknown.size(), 1u);
  EXPECT_EQ(Reset.Unknown[0], "rec: recursion rec -> rec (bound it with "
                              "'max-recursion rec DEPTH' in "
                              "--stack-annotations)");

  const StackRoot &Irq = R->Roots[1]; // twice in the table, once a root
  EXPECT_EQ(Irq.Name, "Irq_Handler");
  EXPECT_EQ(Irq.Need, 8u);
  EXPECT_EQ(Irq.ExceptionFrame, 36u);
  ASSERT_EQ(Irq.Unknown.size(), 1u);
  EXPECT_NE(Irq.Unknown[0].find("Irq_Handler: an indirect call"),
            std::string::npos);

  ASSERT_TRUE(R->MainStack.has_value());
  EXPECT_EQ(R->MainStack->Have, std::optional<uint64_t>(1024));
  EXPECT_EQ(R->MainStack->Need, 32u + 8 + 36);
  EXPECT_FALSE(R->MainStack->bounded());
  EXPECT_TRUE(R->Warnings.empty());
}

TEST_F(StackTest, AnnotationsBoundIndirectCallsAndSizeForeignCode) {
  Expected<StackAnnotations> N = parseStackAnnotations(
      "# the handler calls through r3\nindirect Irq_Handler b\n"
      "size rec 40\n",
      "notes");
  ASSERT_TRUE(bool(N)) << toString(N.takeError());
  Expected<StackResult> R = analyzeStack(image(Program), *N, Frames36);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  // rec is now a 40-byte leaf: deeper than a -> b.
  EXPECT_EQ(R->Roots[0].Need, 8u + 40);
  EXPECT_TRUE(R->Roots[0].bounded());
  EXPECT_EQ(R->Roots[1].Need, 8u + 24);
  EXPECT_TRUE(R->Roots[1].bounded());
  EXPECT_TRUE(R->MainStack->bounded());
}

TEST_F(StackTest, ScanAboveStackSizesIsAWarningAndTheLargerCounts) {
  std::string P = Program;
  P += "  .long b\n  .uleb128 4\n";
  Expected<StackResult> R = analyzeStack(image(P), {}, Frames36);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  ASSERT_EQ(R->Warnings.size(), 1u);
  EXPECT_EQ(R->Warnings[0].Function, "b");
  EXPECT_EQ(R->Roots[0].Need, 32u);
}

// AArch64 and RISC-V: main is the ELF entry, handlers are the roots the
// annotations put on a stack of their own.
const char *const OtherScript = R"(
MEMORY { RAM (rwx) : ORIGIN = 0x40000000, LENGTH = 64K }
ENTRY(_start)
SECTIONS {
  .text : { *(.text*) } > RAM
  .rodata : { *(.rodata*) } > RAM
  .stack (NOLOAD) : { __stack_limit = .; . += 1024; __stack = .; } > RAM
  .hs (NOLOAD) : { __hs_low = .; . += 512; __hs_top = .; } > RAM
}
)";

// _start: 32, calls f_pre (sub 64 + str pre-indexed 16 = 80), f_jt (a
// jump table: add + br, no frame), tail-calls tailee (48). The handler
// (16) calls f_vla (mov sp, x8) and, through a table, f_pre; f_tind
// tail-calls through a register.
const char *const A64Program = R"(
  .macro fn name
  .text
  .globl \name
  .type \name, %function
\name:
  .endm
  fn _start
  stp x29, x30, [sp, #-32]!
  bl f_pre
  bl f_jt
  ldp x29, x30, [sp], #32
  b tailee
  .size _start, . - _start
  fn f_pre
  sub sp, sp, #64
  str x30, [sp, #-16]!
  ldr x30, [sp], #16
  add sp, sp, #64
  ret
  .size f_pre, . - f_pre
  fn f_jt
  add x9, x10, w11, sxtb #2
  br x9
  .size f_jt, . - f_jt
  fn tailee
  sub sp, sp, #48
  mov sp, x29
  ret
  .size tailee, . - tailee
  fn handler
  stp x29, x30, [sp, #-16]!
  bl f_vla
  blr x2
  ldp x29, x30, [sp], #16
  ret
  .size handler, . - handler
  fn f_vla
  sub x8, sp, x0
  mov sp, x8
  ret
  .size f_vla, . - f_vla
  fn f_tind
  br x1
  .size f_tind, . - f_tind
  .section .rodata.table,"a",%progbits
  .globl table
  .type table, %object
table:
  .quad f_pre
  .quad 0
  .size table, . - table
)";

TEST_F(StackTest, AArch64RulesRootsAndHandlerStacks) {
  Expected<StackAnnotations> N = parseStackAnnotations(
      "stack H __hs_top __hs_low\nroot H handler ENTRY\nroot H f_tind\n"
      "indirect handler *table\n",
      "notes");
  ASSERT_TRUE(bool(N)) << toString(N.takeError());
  StackFrameSizes F{272, 0, 12, {{"ENTRY", 100}}};
  Expected<StackResult> R =
      analyzeStack(image(A64Program, "aarch64-none-elf", OtherScript), *N, F);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  ASSERT_EQ(R->Roots.size(), 3u);
  EXPECT_EQ(R->Roots[0].Name, "_start");
  EXPECT_EQ(R->Roots[0].Need, 32u + 80);
  EXPECT_TRUE(R->Roots[0].bounded());
  EXPECT_EQ(R->Roots[0].ExceptionFrame, 272u);
  ASSERT_TRUE(R->MainStack.has_value());
  EXPECT_EQ(R->MainStack->Name, "main (SP_EL0)");
  EXPECT_EQ(R->MainStack->Need, 32u + 80 + 272);
  EXPECT_EQ(R->MainStack->Have, 1024u);
  // handler: 16 + f_pre 80 through the table; f_vla's frame is dynamic.
  EXPECT_EQ(R->Roots[1].Name, "handler");
  EXPECT_EQ(R->Roots[1].Stack, "H");
  EXPECT_EQ(R->Roots[1].Need, 16u + 80);
  EXPECT_EQ(R->Roots[1].ExceptionFrame, 100u);
  ASSERT_EQ(R->Roots[1].Unknown.size(), 1u);
  EXPECT_EQ(R->Roots[1].Unknown[0],
            "f_vla: a variable-sized frame (alloca or a VLA)");
  EXPECT_EQ(R->Roots[2].Name, "f_tind");
  ASSERT_EQ(R->Roots[2].Unknown.size(), 1u);
  EXPECT_NE(R->Roots[2].Unknown[0].find("f_tind: an indirect call"),
            std::string::npos);
  ASSERT_EQ(R->Stacks.size(), 1u);
  EXPECT_EQ(R->Stacks[0].Name, "H");
  EXPECT_EQ(R->Stacks[0].Have, 512u);
  EXPECT_EQ(R->Stacks[0].Need, 16u + 80 + 100 + 0);
  EXPECT_FALSE(R->Stacks[0].bounded());

  // stack-switch: f_vla's mov sp is a switch, not a frame.
  N->StackSwitch.insert("f_vla");
  R = analyzeStack(*cast<object::ELFObjectFileBase>(Obj.get()), *N, F);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  EXPECT_TRUE(R->Roots[1].bounded());
}

// rv32 with C: _start 16 calls f1 (auipc + jalr, c.addi16sp 64) and f2
// (millicode jal t0: at most 64, + 16), tail-calls f3 (auipc t1 + jr, 32).
const char *const RVProgram = R"(
  .macro fn name
  .text
  .globl \name
  .type \name, %function
\name:
  .endm
  .option norelax
  fn _start
  addi sp, sp, -16
  sw ra, 12(sp)
  call f1
  jal ra, f2
  lw ra, 12(sp)
  addi sp, sp, 16
  tail f3
  .size _start, . - _start
  fn f1
  addi sp, sp, -64
  addi sp, sp, 64
  ret
  .size f1, . - f1
  fn f2
  jal t0, msave
  addi sp, sp, -16
  addi sp, sp, 16
  j mrestore
  .size f2, . - f2
  fn msave
  addi sp, sp, -64
  add sp, sp, t1
  jr t0
  .size msave, . - msave
  fn mrestore
  addi sp, sp, 64
  ret
  .size mrestore, . - mrestore
  fn f3
  addi sp, sp, -32
  addi sp, sp, 32
  ret
  .size f3, . - f3
)";

TEST_F(StackTest, RISCVCallPairsTailCallsAndMillicode) {
  Expected<StackResult> R = analyzeStack(
      image(RVProgram, "riscv32", OtherScript, "+c"), {}, {0, 288, 12, {}});
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  ASSERT_EQ(R->Roots.size(), 1u);
  EXPECT_EQ(R->MainStack->Name, "main (sp)");
  EXPECT_TRUE(R->Roots[0].bounded()) << R->Roots[0].Unknown[0];
  EXPECT_EQ(R->Roots[0].Need, 16u + 64 + 16);
  EXPECT_EQ(R->Roots[0].SwitchFrame, 288u);
  EXPECT_EQ(R->MainStack->Need, 16u + 64 + 16 + 288);
  ASSERT_GE(R->Roots[0].Path.size(), 2u);
  EXPECT_EQ(R->Roots[0].Path[1].Function, "f2");
}

// armv7a: A32 and Thumb-2 code in one image, told apart by $a/$t.
// _start (A32: push 8 + sub 1024, a rotated immediate) calls a32_leaf
// (str lr pre-indexed 4 + vpush 16), the Thumb t_fn through blx (push 8 +
// sub 8) and far, 128 MiB away, through LLD's A32 long-branch thunk; t_fn
// calls far through the Thumb one and a32_leaf through blx. far: push 36
// + sub 12. cond tail-calls a32_leaf with a conditional branch; f_ind
// calls through a register, f_tail jumps through one.
const char *const A32Script = R"(
MEMORY { RAM (rwx) : ORIGIN = 0x40000000, LENGTH = 64K
         FAR (rx) : ORIGIN = 0x48000000, LENGTH = 4K }
ENTRY(_start)
SECTIONS {
  .text : { *(.text*) } > RAM
  .far : { *(.far*) } > FAR
  .stack (NOLOAD) : { __stack_limit = .; . += 2048; __stack = .; } > RAM
  .hs (NOLOAD) : { __hs_low = .; . += 512; __hs_top = .; } > RAM
}
)";

const char *const A32Program = R"(
  .syntax unified
  .cpu cortex-a7
  .eabi_attribute 6, 10 @ Tag_CPU_arch: v7 (LLD's thunks then use movw/movt)
  .eabi_attribute 7, 65 @ Tag_CPU_arch_profile: A
  .macro fn name, mode
  .text
  .\mode
  .globl \name
  .type \name, %function
\name:
  .endm
  fn _start, arm
  push {r4, lr}
  sub sp, sp, #1024
  bl a32_leaf
  blx t_fn
  bl far
  add sp, sp, #1024
  pop {r4, pc}
  .size _start, . - _start
  fn a32_leaf, arm
  str lr, [sp, #-4]!
  vpush {d8-d9}
  vpop {d8-d9}
  ldr pc, [sp], #4
  .size a32_leaf, . - a32_leaf
  fn t_fn, thumb
  push {r7, lr}
  sub sp, #8
  blx a32_leaf
  bl far
  add sp, #8
  pop {r7, pc}
  .size t_fn, . - t_fn
  fn cond, arm
  cmp r0, #0
  bne a32_leaf
  bx lr
  .size cond, . - cond
  fn f_ind, arm
  push {r11, lr}
  blx r3
  pop {r11, pc}
  .size f_ind, . - f_ind
  fn f_tail, arm
  bx r2
  .size f_tail, . - f_tail
  .section .far,"ax",%progbits
  .arm
  .globl far
  .type far, %function
far:
  push {r4-r11, lr}
  sub sp, sp, #12
  add sp, sp, #12
  pop {r4-r11, pc}
  .size far, . - far
)";

TEST_F(StackTest, A32AndThumbRulesAndLLDThunks) {
  Expected<StackAnnotations> N = parseStackAnnotations(
      "stack H __hs_top __hs_low\nroot H cond\nroot H f_ind ENTRY\n"
      "root H f_tail\n",
      "notes");
  ASSERT_TRUE(bool(N)) << toString(N.takeError());
  StackFrameSizes F{76, 0, 8, {{"ENTRY", 100}}};
  Expected<StackResult> R =
      analyzeStack(image(A32Program, "armv7a-none-eabi", A32Script), *N, F);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  ASSERT_EQ(R->Roots.size(), 4u);
  const StackRoot &Main = R->Roots[0];
  EXPECT_EQ(Main.Name, "_start");
  ASSERT_TRUE(Main.bounded()) << Main.Unknown[0];
  EXPECT_EQ(Main.Need, 1032u + 16 + 48);
  ASSERT_EQ(Main.Path.size(), 4u);
  EXPECT_EQ(Main.Path[1].Function, "t_fn");
  // LLD's thunk (one for both callers: t_fn reaches it by blx).
  EXPECT_NE(Main.Path[2].Function.find("v7ABSLongThunk_far"),
            std::string::npos)
      << Main.Path[2].Function;
  EXPECT_EQ(Main.Path[3].Function, "far");
  EXPECT_EQ(Main.Path[3].Size, 48u);
  ASSERT_TRUE(R->MainStack.has_value());
  EXPECT_EQ(R->MainStack->Name, "main (SVC)");
  EXPECT_EQ(R->MainStack->Have, 2048u);
  EXPECT_EQ(R->MainStack->Need, 1096u + 76);
  // A conditional branch to another function is a tail call.
  EXPECT_EQ(R->Roots[1].Name, "cond");
  EXPECT_TRUE(R->Roots[1].bounded());
  EXPECT_EQ(R->Roots[1].Need, 20u);
  EXPECT_EQ(R->Roots[2].Name, "f_ind");
  EXPECT_EQ(R->Roots[2].Need, 8u);
  EXPECT_EQ(R->Roots[2].ExceptionFrame, 100u);
  ASSERT_EQ(R->Roots[2].Unknown.size(), 1u);
  EXPECT_NE(R->Roots[2].Unknown[0].find("f_ind: an indirect call"),
            std::string::npos);
  ASSERT_EQ(R->Roots[3].Unknown.size(), 1u);
  EXPECT_NE(R->Roots[3].Unknown[0].find("f_tail: an indirect call"),
            std::string::npos);
  EXPECT_TRUE(R->Warnings.empty());
}

// The position-independent thunks (movw, movt, add ip, pc; bx ip) too.
TEST_F(StackTest, A32PositionIndependentThunks) {
  Expected<StackResult> R =
      analyzeStack(image(A32Program, "armv7a-none-eabi", A32Script, "",
                         "--pic-veneer"),
                   {}, StackFrameSizes{76, 0, 8, {}});
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  ASSERT_FALSE(R->Roots.empty());
  const StackRoot &Main = R->Roots[0];
  ASSERT_TRUE(Main.bounded()) << Main.Unknown[0];
  EXPECT_EQ(Main.Need, 1032u + 16 + 48);
  ASSERT_EQ(Main.Path.size(), 4u);
  EXPECT_NE(Main.Path[2].Function.find("PILongThunk_far"), std::string::npos)
      << Main.Path[2].Function;
}

// Thumb BLs are read from their encoding, not disassembled: calls
// forward and backward across more than 4 MiB (where I1 and I2, from J1,
// J2 and the sign, are the offset's bits 23 and 22) and a near one, each
// in both directions of the sign, must reach their callees.
const char *const FarScript = R"(
MEMORY {
  FLASH (rx) : ORIGIN = 0x00000000, LENGTH = 16M
  RAM (rwx)  : ORIGIN = 0x20000000, LENGTH = 64K
}
ENTRY(Reset_Handler)
SECTIONS {
  .vectors : { __vectors_start = .; KEEP(*(.vectors)) __vectors_end = .; } > FLASH
  .text.low 0x100 : { *(.text.low) } > FLASH
  .text.mid 0x600000 : { *(.text.mid) } > FLASH
  .text.high 0xC00000 : { *(.text.high) } > FLASH
  .stack (NOLOAD) : { __stack_limit = .; . += 1024; } > RAM
  __stack = __stack_limit + 1024;
}
)";

const char *const FarProgram = R"(
  .syntax unified
  .cpu cortex-m3
  .eabi_attribute Tag_CPU_arch, 10 @ v7: LLD then knows BL reaches 16 MiB
  .eabi_attribute Tag_CPU_arch_profile, 'M'
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20000400
  .word Reset_Handler
  .macro fn name
  .globl \name
  .type \name, %function
\name:
  .endm
  .section .text.low,"ax",%progbits
  fn Reset_Handler
  push {r7, lr}
  bl mid_a
  pop {r7, pc}
  .size Reset_Handler, . - Reset_Handler
  fn low_b
  push {r4, r5, r6, lr}
  bl low_c
  pop {r4, r5, r6, pc}
  .size low_b, . - low_b
  fn low_c
  push {r4, r5, r6, r7, lr}
  sub sp, #4
  add sp, #4
  pop {r4, r5, r6, r7, pc}
  .size low_c, . - low_c
  .section .text.mid,"ax",%progbits
  fn mid_a
  push {r4, lr}
  bl high_a
  pop {r4, pc}
  .size mid_a, . - mid_a
  .section .text.high,"ax",%progbits
  fn high_a
  push {r4, r5, lr}
  sub sp, #4
  bl low_b
  add sp, #4
  pop {r4, r5, pc}
  .size high_a, . - high_a
)";

TEST_F(StackTest, ThumbBLsAcrossMegabytes) {
  Expected<StackResult> R =
      analyzeStack(image(FarProgram, "thumbv7m-none-eabi", FarScript), {},
                   Frames36);
  ASSERT_TRUE(bool(R)) << toString(R.takeError());
  ASSERT_GE(R->Roots.size(), 1u);
  const StackRoot &Reset = R->Roots[0];
  EXPECT_EQ(Reset.Name, "Reset_Handler");
  ASSERT_TRUE(Reset.bounded()) << Reset.Unknown[0];
  EXPECT_EQ(formatStackPath(Reset.Path),
            "Reset_Handler 8 -> mid_a 8 -> high_a 16 -> low_b 16 -> low_c 24");
  EXPECT_EQ(Reset.Need, 8u + 8 + 16 + 16 + 24);
}

TEST(StackAnnotations, Errors) {
  auto Err = [](StringRef Text) {
    Expected<StackAnnotations> A = parseStackAnnotations(Text, "f.notes");
    return A ? std::string("no error") : toString(A.takeError());
  };
  EXPECT_EQ(Err("size f\n"), "f.notes:1: 'size' takes a function and a byte "
                             "count: size FUNCTION BYTES");
  EXPECT_EQ(Err("\n# x\nsize f 1O\n"),
            "f.notes:3: 'size' takes a function and a byte count: size "
            "FUNCTION BYTES");
  EXPECT_EQ(Err("indirect f\n"),
            "f.notes:1: 'indirect' takes a function and the targets of its "
            "indirect calls: indirect FUNCTION TARGET...");
  EXPECT_EQ(Err("stacks f 3"),
            "f.notes:1: unknown annotation 'stacks': use size, indirect, "
            "max-recursion, level, stack-switch, stack or root");
  EXPECT_EQ(Err("stack f 3"),
            "f.notes:1: 'stack' takes a name, the symbol of its top and its "
            "size (bytes, or a symbol): stack NAME TOP SIZE");
  EXPECT_EQ(Err("root S\n"),
            "f.notes:1: 'root' takes a stack, a function and optionally the "
            "stack-frames key of what its entry pushed first: root STACK "
            "FUNCTION [FRAME]");
  EXPECT_EQ(Err("stack-switch\n"),
            "f.notes:1: 'stack-switch' takes one function: stack-switch "
            "FUNCTION");
  EXPECT_EQ(Err("level A_IRQHandler\n"),
            "f.notes:1: 'level' takes two or more handlers that share a "
            "priority level: level HANDLER HANDLER...");
  EXPECT_EQ(Err("max-recursion f 0\n"),
            "f.notes:1: 'max-recursion' takes a function and how many calls "
            "deep its recursion goes (1 or more): max-recursion FUNCTION "
            "DEPTH");
  EXPECT_EQ(Err("  # only comments\n\n"), "no error");
  Expected<StackAnnotations> L =
      parseStackAnnotations("level A B C\nlevel D E\n", "f.notes");
  ASSERT_TRUE(bool(L));
  ASSERT_EQ(L->Levels.size(), 2u);
  EXPECT_EQ(L->Levels[0], (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(L->Levels[1], (std::vector<std::string>{"D", "E"}));
}

} // namespace
