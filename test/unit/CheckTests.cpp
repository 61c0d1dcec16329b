//===- CheckTests.cpp - Tests of the M-profile Thumb checks ---------------===//
//
// Each test assembles fixtures with llvm-mc (or compiles them with clang),
// links them with ld.lld into a temporary directory, and runs the checks on
// the image.
//
//===----------------------------------------------------------------------===//

#include "ScratchDir.h"
#include "noos/Checks.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>
#include <chrono>
#include <gtest/gtest.h>

using namespace llvm;
using namespace noos;


namespace {

// Flash at 0, RAM at 0x20000000; the vector table first in flash. The
// script's __text_start shares its address with the first function, which
// is the one to name.
const char *const LinkerScript = R"(
MEMORY {
  FLASH (rx) : ORIGIN = 0x00000000, LENGTH = 256K
  RAM (rwx)  : ORIGIN = 0x20000000, LENGTH = 64K
}
ENTRY(Reset_Handler)
SECTIONS {
  .vectors : { KEEP(*(.vectors)) } > FLASH
  .isr_vector : { KEEP(*(.isr_vector)) } > FLASH
  .text : { __text_start = .; *(.text*) } > FLASH
  .rodata : { *(.rodata*) } > FLASH
  .data : { *(.data*) } > RAM AT > FLASH
  .bss (NOLOAD) : { *(.bss*) } > RAM
}
)";

// A vector table (SP, Reset, NMI, HardFault) and Thumb handlers, as an
// M-profile object that clang would mark soft-float.
const char *const GoodStart = R"(
  .arch armv7-m
  .eabi_attribute Tag_ABI_enum_size, 1
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000
  .word Reset_Handler
  .word NMI_Handler
  .word HardFault_Handler
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  bl main
  b .
  .size Reset_Handler, . - Reset_Handler
  .globl NMI_Handler
  .thumb_func
NMI_Handler:
  b .
  .globl HardFault_Handler
  .type HardFault_Handler, %function
HardFault_Handler:
  b .
)";

const char *const GoodMain = R"(
  .arch armv7-m
  .eabi_attribute Tag_ABI_enum_size, 1
  .syntax unified
  .thumb
  .text
  .globl main
  .type main, %function
main:
  movs r0, #0
  bx lr
  .size main, . - main
)";

class ThumbChecksTest : public ScratchDirTest {
protected:
  /// Assembles \p Source into Name.o and returns its path.
  std::string assemble(StringRef Name, StringRef Source,
                       StringRef Triple = "thumbv7m-none-eabi") {
    std::string S = path(Name.str() + ".s"), O = path(Name.str() + ".o");
    write(Name.str() + ".s", Source);
    run("llvm-mc", {"-triple=" + Triple.str(), "-filetype=obj", S, "-o", O});
    return O;
  }

  /// Compiles C \p Source into Name.o with clang and \p Flags.
  std::string compile(StringRef Name, StringRef Source,
                      std::vector<std::string> Flags) {
    std::string C = path(Name.str() + ".c"), O = path(Name.str() + ".o");
    write(Name.str() + ".c", Source);
    Flags.insert(Flags.end(), {"-c", "-O1", C, "-o", O});
    run("clang", Flags);
    return O;
  }

  std::string archive(StringRef Name, ArrayRef<std::string> Members) {
    std::string A = path(Name);
    std::vector<std::string> Args{"rcs", A};
    Args.insert(Args.end(), Members.begin(), Members.end());
    run("llvm-ar", Args);
    return A;
  }

  /// Links \p Inputs with the test script into image.elf.
  std::string link(ArrayRef<std::string> Inputs,
                   ArrayRef<std::string> Extra = {}) {
    write("link.ld", LinkerScript);
    std::string Image = path("image.elf");
    std::vector<std::string> Args{"-T", path("link.ld"), "-o", Image};
    Args.insert(Args.end(), Extra.begin(), Extra.end());
    Args.insert(Args.end(), Inputs.begin(), Inputs.end());
    run("ld.lld", Args);
    return Image;
  }

  /// Runs the checks on \p Image in \p Mode; returns what they printed.
  std::string check(StringRef Image, ArrayRef<std::string> Inputs,
                    CheckMode Mode = CheckMode::Error) {
    auto Bin = object::ObjectFile::createObjectFile(Image);
    if (!Bin) {
      ADD_FAILURE() << toString(Bin.takeError());
      return "";
    }
    const auto *Elf =
        dyn_cast<object::ELFObjectFileBase>(Bin->getBinary());
    if (!Elf) {
      ADD_FAILURE() << Image.str() << " is not ELF";
      return "";
    }
    std::string Out;
    raw_string_ostream OS(Out);
    DiagSink Diag{OS, "noos-ld", Mode};
    runThumbChecks(*Elf, Inputs, Diag);
    Errors = Diag.Errors;
    Warnings = Diag.Warnings;
    return Out;
  }

  unsigned Errors = 0, Warnings = 0;
};

TEST(DiagSinkTest, ReportsPerMode) {
  std::string Out;
  raw_string_ostream OS(Out);
  DiagSink E{OS, "noos-ld", CheckMode::Error};
  E.report("one");
  E.report(Twine("two ") + "parts");
  EXPECT_EQ(E.Errors, 2u);
  EXPECT_EQ(E.Warnings, 0u);
  DiagSink W{OS, "tool", CheckMode::Warn};
  W.report("three");
  EXPECT_EQ(W.Errors, 0u);
  EXPECT_EQ(W.Warnings, 1u);
  DiagSink O{OS, "tool", CheckMode::Off};
  O.report("silent");
  EXPECT_EQ(O.Errors + O.Warnings, 0u);
  EXPECT_EQ(Out, "noos-ld: error: one\n"
                 "noos-ld: error: two parts\n"
                 "tool: warning: three\n");
}

TEST_F(ThumbChecksTest, GoodImageHasNoDiagnostics) {
  std::vector<std::string> In{assemble("start", GoodStart),
                              assemble("main", GoodMain)};
  std::string Image = link(In);
  EXPECT_EQ(check(Image, In), "");
  EXPECT_EQ(Errors + Warnings, 0u);
}

// A linked image whose symbol table lies past the end of the file (its
// section header's sh_offset corrupted): the checks cannot read it, and
// say so in one line.
TEST_F(ThumbChecksTest, UnreadableImageIsOneError) {
  std::vector<std::string> In{assemble("start", GoodStart),
                              assemble("main", GoodMain)};
  std::string Image = link(In);
  auto Buf = MemoryBuffer::getFile(Image);
  ASSERT_TRUE(bool(Buf));
  std::string Bytes = (*Buf)->getBuffer().str();
  auto U32 = [&](size_t At) {
    return support::endian::read32le(Bytes.data() + At);
  };
  uint32_t ShOff = U32(32);
  uint16_t ShEntSize = support::endian::read16le(Bytes.data() + 46);
  uint16_t ShNum = support::endian::read16le(Bytes.data() + 48);
  bool Patched = false;
  for (unsigned I = 0; I < ShNum; ++I) {
    size_t Hdr = ShOff + I * ShEntSize;
    if (U32(Hdr + 4) == ELF::SHT_SYMTAB) {
      support::endian::write32le(&Bytes[Hdr + 16], 0xffffff00); // sh_offset
      Patched = true;
    }
  }
  ASSERT_TRUE(Patched);
  write("corrupt.elf", Bytes);
  std::string Out = check(path("corrupt.elf"), In);
  EXPECT_EQ(Out.find("noos-ld: error: cannot read the image for the Thumb checks: "), 0u) << Out;
  EXPECT_EQ(StringRef(Out).count('\n'), 1u) << Out;
  EXPECT_EQ(Errors, 1u);
}

// Reset_Handler is a plain label: vector 1 and the entry point are even.
const char *const EvenReset = R"(
  .arch armv7-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000
  .word Reset_Handler
  .word NMI_Handler
  .text
  .globl Reset_Handler
Reset_Handler:
  b .
  .globl NMI_Handler
  .type NMI_Handler, %function
NMI_Handler:
  b .
)";

TEST_F(ThumbChecksTest, EvenVectorAndEntryAreErrors) {
  std::vector<std::string> In{assemble("start", EvenReset)};
  std::string Image = link(In);
  std::string Start = path("start.o");
  // .vectors is 12 bytes at 0, so .text and Reset_Handler are at 0xc.
  EXPECT_EQ(check(Image, In),
            "noos-ld: error: vector 1 (Reset) is 0x0000000c, an even address: "
            "symbol 'Reset_Handler' in " + Start +
            " is not marked as a Thumb function; add '.type Reset_Handler, "
            "%function' (or '.thumb_func') before it\n"
            "noos-ld: error: the entry point is 0x0000000c, an even address: "
            "symbol 'Reset_Handler' in " + Start +
            " is not marked as a Thumb function; add '.type Reset_Handler, "
            "%function' (or '.thumb_func') before it\n");
  EXPECT_EQ(Errors, 2u);
  EXPECT_EQ(Warnings, 0u);
}

TEST_F(ThumbChecksTest, WarnModeWarns) {
  std::vector<std::string> In{assemble("start", EvenReset)};
  std::string Image = link(In);
  std::string Out = check(Image, In, CheckMode::Warn);
  EXPECT_EQ(Errors, 0u);
  EXPECT_EQ(Warnings, 2u);
  EXPECT_EQ(Out.find("error:"), std::string::npos) << Out;
  EXPECT_EQ(Out.find("noos-ld: warning: vector 1 (Reset) is 0x0000000c, an "
                     "even address"),
            0u)
      << Out;
}

TEST_F(ThumbChecksTest, OffModeIsSilent) {
  std::vector<std::string> In{assemble("start", EvenReset)};
  std::string Image = link(In);
  EXPECT_EQ(check(Image, In, CheckMode::Off), "");
  EXPECT_EQ(Errors + Warnings, 0u);
}

TEST_F(ThumbChecksTest, NamesExceptionsAndIrqs) {
  // Vectors 2 (NMI), 7 (reserved), 15 (SysTick), 16 (IRQ0) and 18 (IRQ2)
  // are even; 1 and 17 are good.
  std::string Src = R"(
  .arch armv7-m
  .syntax unified
  .thumb
  .section .isr_vector,"a",%progbits
  .word 0x20010000, Good, Bad, 0, 0, 0, 0, Bad, 0, 0, 0
  .word 0, 0, 0, 0, Bad, Bad, Good, Bad
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  b .
  .type Good, %function
Good:
  b .
Bad:
  b .
)";
  std::vector<std::string> In{assemble("irq", Src)};
  std::string Out = check(link(In), In);
  EXPECT_EQ(Errors, 5u) << Out;
  EXPECT_NE(Out.find("error: vector 2 (NMI) is 0x"), std::string::npos) << Out;
  EXPECT_NE(Out.find("error: vector 7 is 0x"), std::string::npos) << Out;
  EXPECT_NE(Out.find("error: vector 15 (SysTick) is 0x"), std::string::npos)
      << Out;
  EXPECT_NE(Out.find("error: vector 16 (IRQ0) is 0x"), std::string::npos)
      << Out;
  EXPECT_NE(Out.find("error: vector 18 (IRQ2) is 0x"), std::string::npos)
      << Out;
  // A local label is still named; it is defined in irq.o.
  EXPECT_NE(Out.find("symbol 'Bad' in " + path("irq.o")), std::string::npos)
      << Out;
  EXPECT_EQ(Out.find("vector 1 "), std::string::npos) << Out;
  EXPECT_EQ(Out.find("vector 17"), std::string::npos) << Out;
}

TEST_F(ThumbChecksTest, NamesTheInputSymbolNotTheScriptOne) {
  // The local label 'start' shares its address with the script's global
  // __text_start; the label is the one the programmer wrote.
  std::string Src = R"(
  .arch armv7-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, start
  .text
start:
  b .
)";
  std::vector<std::string> In{assemble("local", Src)};
  std::string Out = check(link(In, {"--entry=0"}), In);
  EXPECT_EQ(Out, "noos-ld: error: vector 1 (Reset) is 0x00000008, an even "
                 "address: symbol 'start' in " + path("local.o") +
                 " is not marked as a Thumb function; add '.type start, "
                 "%function' (or '.thumb_func') before it\n");
}

TEST_F(ThumbChecksTest, NamesTheLabelTheEvenEntryCameFrom) {
  // 'alias' is a plain label on Thumb function 'f': the even vector came
  // from the label, so the label is what needs '.type'.
  std::string Src = R"(
  .arch armv7-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler, alias
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  b .
  .globl alias
alias:
  .globl f
  .type f, %function
f:
  b .
)";
  std::vector<std::string> In{assemble("alias", Src)};
  std::string Out = check(link(In), In);
  EXPECT_EQ(Out, "noos-ld: error: vector 2 (NMI) is 0x0000000e, an even "
                 "address: symbol 'alias' in " + path("alias.o") +
                 " is not marked as a Thumb function; add '.type alias, "
                 "%function' (or '.thumb_func') before it\n");
}

TEST_F(ThumbChecksTest, VectorToData) {
  std::string Src = R"(
  .arch armv7-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
  .word table
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  b .
  .section .rodata,"a",%progbits
  .globl table
  .type table, %object
table:
  .word 1, 2
)";
  std::vector<std::string> In{assemble("x", Src)};
  EXPECT_EQ(check(link(In), In),
            "noos-ld: error: vector 15 (SysTick) points at 'table', which is "
            "data, not code (in " + path("x.o") + ")\n");
}

TEST_F(ThumbChecksTest, VectorIntoTheMiddleOfAFunction) {
  std::string Src = R"(
  .arch armv7-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler, Reset_Handler + 2
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  nop
  nop
  b .
  .size Reset_Handler, . - Reset_Handler
)";
  std::vector<std::string> In{assemble("mid", Src)};
  std::string Out = check(link(In), In);
  EXPECT_EQ(Out, "noos-ld: error: vector 2 (NMI) is 0x0000000f, which points "
                 "0x2 bytes into function 'Reset_Handler' in " +
                     path("mid.o") + ", not at its start\n");
}

TEST_F(ThumbChecksTest, OddVectorsOutsideTheImageAreAccepted) {
  // A ROM routine (odd) is fine; an even address outside the image is not.
  std::string Src = R"(
  .arch armv7-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler, 0x1fff0001, 0x1fff0000
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  b .
)";
  std::vector<std::string> In{assemble("rom", Src)};
  EXPECT_EQ(check(link(In), In),
            "noos-ld: error: vector 3 (HardFault) is 0x1fff0000, an even "
            "address outside the image; Thumb code addresses have bit 0 "
            "set\n");
}

TEST_F(ThumbChecksTest, OddVectorsToLabelsAreAccepted) {
  // No Thumb function symbol is at 'plain' + 1, and the one at 'f' shares
  // its address with a label; neither is wrong.
  std::string Src = R"(
  .arch armv7-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler, plain + 1, f
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  b .
plain:
  b .
alias:
  .type f, %function
f:
  b .
)";
  std::vector<std::string> In{assemble("labels", Src)};
  EXPECT_EQ(check(link(In), In), "");
}

TEST_F(ThumbChecksTest, OddVectorToData) {
  // Bit 0 is set, but the address is data.
  std::string Src = R"(
  .arch armv7-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler, table + 1
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  b .
  .section .rodata,"a",%progbits
  .type table, %object
table:
  .word 1, 2
)";
  std::vector<std::string> In{assemble("x", Src)};
  EXPECT_EQ(check(link(In), In),
            "noos-ld: error: vector 2 (NMI) points at 'table', which is "
            "data, not code (in " + path("x.o") + ")\n");
}

TEST_F(ThumbChecksTest, InputsOnlyNameTheCulprit) {
  // The input objects are gone after the link: a good image is still good
  // and a bad one is still reported, only without naming the object.
  std::vector<std::string> Good{assemble("start", GoodStart),
                                assemble("main", GoodMain)};
  std::string GoodImage = path("good.elf");
  ASSERT_FALSE(sys::fs::rename(link(Good), GoodImage));
  std::vector<std::string> Bad{assemble("even", EvenReset)};
  std::string BadImage = link(Bad);
  for (const std::string &O : {Good[0], Good[1], Bad[0]})
    ASSERT_FALSE(sys::fs::remove(O));
  EXPECT_EQ(check(GoodImage, Good), "");
  EXPECT_EQ(Errors + Warnings, 0u);
  EXPECT_EQ(check(BadImage, Bad),
            "noos-ld: error: vector 1 (Reset) is 0x0000000c, an even address: "
            "symbol 'Reset_Handler' is not marked as a Thumb function; add "
            "'.type Reset_Handler, %function' (or '.thumb_func') before it\n"
            "noos-ld: error: the entry point is 0x0000000c, an even address: "
            "symbol 'Reset_Handler' is not marked as a Thumb function; add "
            "'.type Reset_Handler, %function' (or '.thumb_func') before it\n");
}


TEST_F(ThumbChecksTest, NamesArchiveMembers) {
  std::string Start = R"(
  .arch armv7-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler, SysTick_Handler
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  b .
)";
  std::string Handler = R"(
  .arch armv7-m
  .syntax unified
  .thumb
  .text
  .globl SysTick_Handler
SysTick_Handler:
  bx lr
)";
  std::string StartO = assemble("start", Start);
  std::string Lib = archive("libh.a", {assemble("tick", Handler)});
  std::vector<std::string> In{StartO, Lib};
  std::string Out = check(link(In), In);
  EXPECT_NE(Out.find("symbol 'SysTick_Handler' in " + Lib +
                     "(tick.o) is not marked as a Thumb function; add "
                     "'.type SysTick_Handler, %function'"),
            std::string::npos)
      << Out;
  EXPECT_EQ(Errors, 1u) << Out;
}

// ARM-state code called from Thumb start-up code.
const char *const ArmCode = R"(
  .arch armv7-a
  .syntax unified
  .arm
  .text
  .globl armfn
  .type armfn, %function
armfn:
  bx lr
  .size armfn, . - armfn
)";

const char *const CallsArm = R"(
  .arch armv7-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  bl armfn
  b .
  .size Reset_Handler, . - Reset_Handler
)";

TEST_F(ThumbChecksTest, ArmCodeIsNamed) {
  std::string Start = assemble("start", CallsArm);
  std::string Arm = assemble("arm", ArmCode, "armv7a-none-eabi");
  std::vector<std::string> In{Start, Arm};
  std::string Out = check(link(In), In);
  // .vectors is 8 bytes, Reset_Handler 6 bytes from 0x8, armfn at 0x10.
  EXPECT_EQ(Out, "noos-ld: error: " + Arm +
                     ":(.text) contains ARM-state (A32) code at 0x00000010 "
                     "(function 'armfn'), which a Cortex-M core cannot run; "
                     "compile it for Thumb (-mthumb) or with "
                     "--target=thumbv7m-none-eabi\n");
  EXPECT_EQ(Errors, 1u);
}

TEST_F(ThumbChecksTest, ArmCodeFirstStillChecked) {
  // LLD gives the image the first object's attributes (profile 'A' here);
  // the M-profile start-up object still makes it an M-profile image.
  std::string Start = assemble("start", CallsArm);
  std::string Arm = assemble("arm", ArmCode, "armv7a-none-eabi");
  std::vector<std::string> In{Arm, Start};
  std::string Out = check(link(In), In);
  EXPECT_NE(Out.find(Arm + ":(.text) contains ARM-state (A32) code"),
            std::string::npos)
      << Out;
}

TEST_F(ThumbChecksTest, ArmCodeInStrippedImageFromInputs) {
  std::string Start = assemble("start", CallsArm);
  std::string Arm = assemble("arm", ArmCode, "armv7a-none-eabi");
  std::vector<std::string> In{Start, Arm};
  std::string Out = check(link(In, {"--strip-all"}), In);
  EXPECT_EQ(Out, "noos-ld: error: " + Arm +
                     ":(.text) contains ARM-state (A32) code (function "
                     "'armfn'), which a Cortex-M core cannot run; compile it "
                     "for Thumb (-mthumb) or with --target=thumbv7m-none-eabi\n");
}

TEST_F(ThumbChecksTest, VectorToArmFunction) {
  std::string Src = R"(
  .arch armv7-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler, armfn
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  b .
)";
  std::string Start = assemble("start", Src);
  std::string Arm = assemble("arm", ArmCode, "armv7a-none-eabi");
  std::vector<std::string> In{Start, Arm};
  std::string Out = check(link(In), In);
  // armfn is 4-aligned after Reset_Handler (0x8..0xa).
  EXPECT_NE(Out.find("error: vector 2 (NMI) is 0x00000010, which points at "
                     "'armfn' (in " + Arm +
                     "), ARM-state (A32) code a Cortex-M core cannot run"),
            std::string::npos)
      << Out;
  EXPECT_EQ(Errors, 2u) << Out; // and the A32 code itself
}

TEST_F(ThumbChecksTest, VectorToArmLabel) {
  // An untyped label in ARM code: the mapping symbols tell its state.
  std::string Src = R"(
  .arch armv7-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler, arm_label
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  b .
)";
  std::string Arm = R"(
  .arch armv7-a
  .arm
  .text
  .globl arm_label
arm_label:
  b .
)";
  std::string Start = assemble("start", Src);
  std::string ArmO = assemble("armlabel", Arm, "armv7a-none-eabi");
  std::vector<std::string> In{Start, ArmO};
  std::string Out = check(link(In), In);
  EXPECT_NE(Out.find("error: vector 2 (NMI) is 0x00000010, which points at "
                     "'arm_label' (in " + ArmO +
                     "), ARM-state (A32) code a Cortex-M core cannot run"),
            std::string::npos)
      << Out;
  EXPECT_EQ(Out.find("not marked as a Thumb function"), std::string::npos)
      << Out;
}

TEST_F(ThumbChecksTest, ArmCodeInStaticFunctionNamesTheRightObject) {
  // Both objects have a local 'helper'; only the second one's is A32.
  std::string Thumb = R"(
  .arch armv7-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  bl helper
  bl armentry
  b .
  .type helper, %function
helper:
  bx lr
)";
  std::string Arm = R"(
  .arch armv7-a
  .arm
  .text
  .type helper, %function
helper:
  bx lr
  .globl armentry
  .type armentry, %function
armentry:
  b helper
)";
  std::string ThumbO = assemble("thumb", Thumb);
  std::string ArmO = assemble("helpers", Arm, "armv7a-none-eabi");
  std::vector<std::string> In{ThumbO, ArmO};
  std::string Out = check(link(In), In);
  EXPECT_EQ(Out, "noos-ld: error: " + ArmO +
                     ":(.text) contains ARM-state (A32) code at 0x00000014 "
                     "(function 'helper'), which a Cortex-M core cannot run; "
                     "compile it for Thumb (-mthumb) or with "
                     "--target=thumbv7m-none-eabi\n");
}

TEST_F(ThumbChecksTest, NonMProfileImageIsSkipped) {
  // Cortex-A code with an even "vector": not an M-profile image.
  std::string Src = R"(
  .arch armv7-a
  .syntax unified
  .arm
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler
  .text
  .globl Reset_Handler
Reset_Handler:
  b .
)";
  std::vector<std::string> In{assemble("a", Src, "armv7a-none-eabi")};
  std::string Image = link(In);
  EXPECT_EQ(check(Image, In), "");
}

TEST_F(ThumbChecksTest, ImageWithoutAttributesIsChecked) {
  // Hand-written assembly without .arch: nothing says it is not M-profile.
  std::string Src = R"(
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler
  .text
  .globl Reset_Handler
Reset_Handler:
  b .
)";
  std::vector<std::string> In{assemble("bare", Src)};
  std::string Out = check(link(In), In);
  EXPECT_EQ(Errors, 2u) << Out;
}

TEST_F(ThumbChecksTest, NonArmImageIsSkipped) {
  std::string Src = R"(
  .section .vectors,"a",@progbits
  .long 0x20010000, Reset_Handler
  .text
  .globl Reset_Handler
Reset_Handler:
  ret
)";
  std::vector<std::string> In{assemble("x86", Src, "i386-pc-linux")};
  std::string Image = link(In);
  EXPECT_EQ(check(Image, In), "");
}

// Objects as clang marks them: hard float sets Tag_ABI_VFP_args, soft float
// omits it but records other calling-convention attributes.
std::string floatObject(StringRef Name, bool Hard, bool Code = true) {
  std::string S = "  .arch armv7e-m\n  .syntax unified\n  .thumb\n";
  S += "  .eabi_attribute Tag_ABI_enum_size, 1\n";
  if (Hard)
    S += "  .eabi_attribute Tag_ABI_VFP_args, 1\n";
  S += Code ? "  .text\n" : "  .data\n";
  S += "  .globl " + Name.str() + "\n";
  if (Code)
    S += "  .type " + Name.str() + ", %function\n";
  S += Name.str() + ":\n";
  S += Code ? "  bx lr\n" : "  .word 0\n";
  return S;
}

const char *const StartCallsAll = R"(
  .arch armv7e-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  bl hardfn
  bl softfn
  ldr r0, =softdata
  b .
)";

TEST_F(ThumbChecksTest, MixedFloatAbi) {
  std::string Hard = assemble("hard", floatObject("hardfn", true));
  std::string Soft = assemble("soft", floatObject("softfn", false));
  std::string Data = assemble("data", floatObject("softdata", false, false));
  // start.o has only CPU attributes (assembly): it counts for neither.
  std::vector<std::string> In{assemble("start", StartCallsAll), Hard, Soft,
                              Data};
  std::string Out = check(link(In), In);
  EXPECT_EQ(Out, "noos-ld: error: " + Hard +
                     " passes floating-point arguments in FP registers "
                     "(-mfloat-abi=hard) but " +
                     Soft +
                     " passes them in core registers (-mfloat-abi=soft or "
                     "softfp); rebuild all objects with the same "
                     "-mfloat-abi\n");
  EXPECT_EQ(Errors, 1u);
}

TEST_F(ThumbChecksTest, SameFloatAbiIsFine) {
  std::string Hard = assemble("hard", floatObject("hardfn", true));
  std::string Soft = assemble("soft", floatObject("softfn", true));
  // A soft-float object without code does not count.
  std::string Data = assemble("data", floatObject("softdata", false, false));
  std::vector<std::string> In{assemble("start", StartCallsAll), Hard, Soft,
                              Data};
  EXPECT_EQ(check(link(In), In), "");
}

TEST_F(ThumbChecksTest, SoftFloatImageIsNotMixed) {
  // LLD marks an image soft-float (EF_ARM_ABI_FLOAT_SOFT) unless an object
  // it linked is hard-float, so the inputs of a soft-float image are not
  // read for the float ABI: an object rebuilt hard-float after the link
  // goes unnoticed.
  std::string Hard = assemble("hard", floatObject("hardfn", false));
  std::vector<std::string> In{
      assemble("start", StartCallsAll), Hard,
      assemble("soft", floatObject("softfn", false)),
      assemble("data", floatObject("softdata", false, false))};
  std::string Image = link(In);
  assemble("hard", floatObject("hardfn", true));
  EXPECT_EQ(check(Image, In), "");
}

TEST_F(ThumbChecksTest, UnlinkedArchiveMembersDoNotCount) {
  std::string Start = R"(
  .arch armv7e-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  bl hardfn
  b .
)";
  std::string Hard = assemble("hard", floatObject("hardfn", true));
  std::string Lib =
      archive("libsoft.a", {assemble("soft", floatObject("softfn", false))});
  std::vector<std::string> In{assemble("start", Start), Hard, Lib};
  EXPECT_EQ(check(link(In), In), "");

  // Nor does a member defining a symbol an object on the command line
  // defines: LLD took that one from the object.
  std::string Dup = archive(
      "libdup.a", {assemble("softdup", floatObject("hardfn", false))});
  std::vector<std::string> WithDup{In[0], Hard, Dup};
  EXPECT_EQ(check(link(WithDup), WithDup), "");

  // Once something calls softfn, the member is linked and counts.
  std::string Uses = R"(
  .arch armv7e-m
  .syntax unified
  .thumb
  .text
  .globl usesoft
  .type usesoft, %function
usesoft:
  b softfn
)";
  In.insert(In.begin() + 1, assemble("uses", Uses));
  std::string Out = check(link(In, {"--undefined=usesoft"}), In);
  EXPECT_NE(Out.find("but " + Lib + "(soft.o) passes them in core registers"),
            std::string::npos)
      << Out;
}

TEST_F(ThumbChecksTest, ClangObjectsWithMixedFloatAbi) {
  std::string Start = assemble("start", R"(
  .arch armv7e-m
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20010000, Reset_Handler
  .text
  .globl Reset_Handler
  .type Reset_Handler, %function
Reset_Handler:
  bl f
  bl g
  b .
)");
  std::vector<std::string> M4{"--target=thumbv7em-none-eabi",
                              "-mcpu=cortex-m4"};
  std::vector<std::string> HardFlags = M4, SoftFlags = M4;
  HardFlags.push_back("-mfloat-abi=hard");
  SoftFlags.push_back("-mfloat-abi=soft");
  std::string F = compile("f", "float f(float x) { return x; }", HardFlags);
  std::string G = compile("g", "float g(float x) { return x; }", SoftFlags);
  std::vector<std::string> In{Start, F, G};
  std::string Out = check(link(In), In);
  EXPECT_EQ(Errors, 1u) << Out;
  EXPECT_NE(Out.find(F + " passes floating-point arguments in FP registers"),
            std::string::npos)
      << Out;
  EXPECT_NE(Out.find("but " + G + " passes them in core registers"),
            std::string::npos)
      << Out;

  // Both hard: nothing to say, and the clang objects are good Thumb code.
  std::string G2 = compile("g2", "float g(float x) { return x; }",
                           HardFlags);
  In = {Start, F, G2};
  EXPECT_EQ(check(link(In), In), "");
}

} // namespace

//===----------------------------------------------------------------------===//
// findStoredThumbLabels / markThumbLabels
//===----------------------------------------------------------------------===//

const char *const UntypedLabels = R"(
  .syntax unified
  .thumb
  .section .text.a,"ax",%progbits
  .globl lab
lab:
  movs r0, #1
  bx lr
local:
  bx lr
  .globl code_end
code_end:
  .section .text.arm,"ax",%progbits
  .arm
  .globl armlab
armlab:
  bx lr
  .thumb
  .section .rodata.t,"a",%progbits
  .word local
  .word lab + 1
  .word code_end
  .word armlab
  .section .text.m,"ax",%progbits
  .type usemovw, %function
usemovw:
  movw r0, #:lower16:lab
  movt r0, #:upper16:lab
  ldr r1, =lab
  bx lr
)";

const char *const LabelUser = R"(
  .eabi_attribute Tag_ABI_enum_size, 1
  .section .data.tbl,"aw",%progbits
  .word lab
  .word lab + 4
)";

class StoredLabelsTest : public ThumbChecksTest {
protected:
  std::vector<std::unique_ptr<MemoryBuffer>> Keep;
  std::vector<ObjectBuffer> load(ArrayRef<std::string> Paths) {
    std::vector<ObjectBuffer> Out;
    for (const std::string &P : Paths) {
      auto B = MemoryBuffer::getFile(P);
      EXPECT_TRUE(bool(B)) << P;
      if (!B)
        continue;
      Out.push_back({P, (*B)->getBuffer()});
      Keep.push_back(std::move(*B));
    }
    return Out;
  }
};

TEST_F(StoredLabelsTest, FindsOnlyStoredThumbLabelsWithoutAddend) {
  std::vector<ObjectBuffer> Objs =
      load({assemble("labels", UntypedLabels, "thumbv7a-none-eabi"),
            assemble("user", LabelUser)});
  std::vector<StoredThumbLabel> Found = findStoredThumbLabels(Objs);
  std::vector<std::string> Got;
  for (const StoredThumbLabel &L : Found)
    Got.push_back(L.Label + " " + std::to_string(L.DefiningObject) + "<-" +
                  std::to_string(L.ReferringObject) + ":" +
                  L.ReferringSection + (L.ViaSection ? " via-section" : "") +
                  " type " + std::to_string(L.RelocType));
  std::sort(Got.begin(), Got.end());
  // Not: lab + 1, lab + 4, code_end (end of section), armlab ($a), MOVT,
  // the assembler's literal pool.
  std::vector<std::string> Want{
      "lab 0<-0:.text.m type 47",
      "lab 0<-1:.data.tbl type 2",
      "local 0<-0:.rodata.t via-section type 2",
  };
  EXPECT_EQ(Got, Want);
}

TEST_F(StoredLabelsTest, NothingToFindInOtherFiles) {
  std::string NotElf = path("notelf.o");
  write("notelf.o", "not an object");
  std::vector<ObjectBuffer> Objs = load({NotElf});
  EXPECT_TRUE(findStoredThumbLabels(Objs).empty());
}

TEST_F(StoredLabelsTest, MarkMakesLabelsThumbFunctions) {
  std::vector<ObjectBuffer> Objs =
      load({assemble("labels", UntypedLabels, "thumbv7a-none-eabi"),
            assemble("user", LabelUser)});
  std::vector<StoredThumbLabel> Found = findStoredThumbLabels(Objs);
  std::optional<std::string> Copy = markThumbLabels(Objs[0].Contents, Found, 0);
  ASSERT_TRUE(Copy.has_value());
  EXPECT_FALSE(markThumbLabels(Objs[1].Contents, Found, 1).has_value());
  // Marked, the labels are found no more.
  std::vector<ObjectBuffer> Again{{"labels", *Copy}, Objs[1]};
  EXPECT_TRUE(findStoredThumbLabels(Again).empty());
  // And 'lab' is a Thumb function in the copy.
  auto Obj = object::ObjectFile::createObjectFile(
      MemoryBufferRef(*Copy, "labels"));
  ASSERT_TRUE(bool(Obj));
  bool Seen = false;
  for (const object::SymbolRef &S : (*Obj)->symbols()) {
    Expected<StringRef> N = S.getName();
    if (!N || *N != "lab")
      continue;
    Seen = true;
    EXPECT_EQ(cantFail(S.getType()), object::SymbolRef::ST_Function);
    EXPECT_TRUE(cantFail(S.getFlags()) & object::SymbolRef::SF_Global);
  }
  EXPECT_TRUE(Seen);
}
