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

  const object::ELFObjectFileBase &image(StringRef Source) {
    write("p.s", Source);
    write("link.ld", Script);
    run("llvm-mc", {"-triple=thumbv7m-none-eabi", "-filetype=obj", path("p.s"),
                    "-o", path("p.o")});
    run("ld.lld", {"-T", path("link.ld"), path("p.o"), "-o", path("p.elf")});
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
