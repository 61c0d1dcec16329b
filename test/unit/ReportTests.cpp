//===- ReportTests.cpp - Memory usage, map parsing, JSON report -----------===//
//
// Images are real links: the tests assemble with llvm-mc and link with
// ld.lld (or build odd layouts with yaml2obj) in a temporary directory. The
// Arm M-profile cases link with the real linker-scripts/arm-m.ld under a
// MEMORY header like the one noos-ld generates.
//
//===----------------------------------------------------------------------===//

#include "ScratchDir.h"
#include "noos/MemoryUsage.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <gtest/gtest.h>
#include <optional>

using namespace llvm;
using namespace noos;

namespace {

/// A map file captured from ld.lld 22 (thumbv7m, 32-bit columns): an archive
/// member, a command between output sections (__text_end = .), one inside an
/// output section (. += 0x400), symbols, a load address differing from the
/// run address, TLS and the unallocated sections every link has.
const char *const Map32 =
    R"(     VMA      LMA     Size Align Out     In      Symbol
 8000000  8000000        8     1 .vectors
 8000000  8000000        8     1         a.o:(.vectors)
 8000008  8000008     1404     4 .text
 8000008  8000008        4     4         a.o:(.text)
 8000008  8000008        0     1                 $t
 8000009  8000009        0     1                 Reset_Handler
 800000c  800000c     1388     1         a.o:(.text.big)
 8001394  8001394        0     4         lib.a(b.o):(.text)
 8001394  8001394       78     1         lib.a(b.o):(.text.b)
 800140c  800140c        0     1 __text_end = .
 800140c  800140c      12c     1 .rodata
 800140c  800140c      12c     1         a.o:(.rodata.tbl)
20000000 20000000      400     1 .stack
20000000 20000000      400     1         . += 0x400
20000400  8001538       34     8 .data
20000400  8001538        c     1         a.o:(.data)
2000040c  8001544       28     1         lib.a(b.o):(.data)
20000434 20000434     1f40     1 .bss
20000434 20000434     1f40     1         a.o:(.bss)
20002374 20002374        4     1 .tdata
20002374 20002374        4     1         a.o:(.tdata)
20002378 20002378       10     1 .tbss
20002378 20002378       10     1         a.o:(.tbss)
       0        0       1a     1 .comment
       0        0       1a     1         <internal>:(.comment)
       0        0       40     4 .symtab
       0        0       40     4         <internal>:(.symtab)
       0        0       5a     1 .shstrtab
       0        0       5a     1         <internal>:(.shstrtab)
       0        0       1d     1 .strtab
       0        0       1d     1         <internal>:(.strtab)
)";

/// A map file captured from ld.lld 22 for riscv64: 16-digit columns.
const char *const Map64 =
    R"(             VMA              LMA     Size Align Out     In      Symbol
        80000000         80000000       68     4 .text
        80000000         80000000       68     4         r.o:(.text)
        80000000         80000000        0     1                 $x
        80000000         80000000        0     1                 _start
        80000004         80000004        0     1                 $d
        80001068         80001068        8     1 .data
        80001068         80001068        8     1         r.o:(.data)
        80001068         80001068        0     1                 $d
               0                0       1a     1 .comment
               0                0       1a     1         <internal>:(.comment)
               0                0       78     8 .symtab
               0                0       78     8         <internal>:(.symtab)
               0                0       30     1 .shstrtab
               0                0       30     1         <internal>:(.shstrtab)
               0                0       11     1 .strtab
               0                0       11     1         <internal>:(.strtab)
)";

Region flash(uint64_t Origin, uint64_t Size) {
  return {"FLASH", {Origin, Size}, true};
}
Region ram(uint64_t Origin, uint64_t Size, std::string Name = "RAM") {
  return {std::move(Name), {Origin, Size}, false};
}

std::string tableOf(ArrayRef<RegionUsage> U) {
  std::string S;
  raw_string_ostream OS(S);
  printUsageTable(OS, U);
  return S;
}

//===----------------------------------------------------------------------===//
// The usage table.
//===----------------------------------------------------------------------===//

TEST(UsageTable, MatchesGNULd) {
  std::vector<RegionUsage> U = {{flash(0x08000000, 1 << 20), 5424},
                                {ram(0x20000000, 128 << 10), 8208}};
  EXPECT_EQ(tableOf(U),
            "Memory region         Used Size  Region Size  %age Used\n"
            "           FLASH:        5424 B         1 MB      0.52%\n"
            "             RAM:        8208 B       128 KB      6.26%\n");
}

// Sizes in the largest unit that divides them exactly, 0 as "0 GB" as GNU
// ld prints it, numbers too wide for the column, a full region, an
// overflowing one, and a region of no size (GNU ld prints no percentage).
TEST(UsageTable, UnitsAndEdges) {
  std::vector<RegionUsage> U = {
      {ram(0x10000000, 64 << 10, "RAM2"), 0},
      {ram(0, 4ull << 30, "BIG"), 3ull << 20},
      {ram(0, 3000, "ODD"), 3000},
      {ram(0, 1024, "OVER"), 1536},
      {ram(0, 0, "NONE"), 0},
      {ram(0, 1ull << 40, "HUGE"), 12345678901ull},
      {ram(0, 1000, "A_REGION_NAME_LONGER_THAN_16"), 10}};
  EXPECT_EQ(tableOf(U),
            "Memory region         Used Size  Region Size  %age Used\n"
            "            RAM2:          0 GB        64 KB      0.00%\n"
            "             BIG:          3 MB         4 GB      0.07%\n"
            "             ODD:        3000 B       3000 B    100.00%\n"
            "            OVER:        1536 B         1 KB    150.00%\n"
            "            NONE:          0 GB         0 GB\n"
            "            HUGE:  12345678901 B      1024 GB      1.12%\n"
            "A_REGION_NAME_LONGER_THAN_16:          10 B       1000 B      "
            "1.00%\n");
}

TEST(UsageTable, HeaderOnlyWithoutRegions) {
  EXPECT_EQ(tableOf({}),
            "Memory region         Used Size  Region Size  %age Used\n");
}

TEST(RegionUsage, OverflowArithmetic) {
  RegionUsage Fits{flash(0, 65536), 65536};
  EXPECT_FALSE(Fits.overflows());
  EXPECT_EQ(Fits.over(), 0u);
  RegionUsage Over{flash(0, 65536), 66770};
  EXPECT_TRUE(Over.overflows());
  EXPECT_EQ(Over.over(), 1234u);
}

//===----------------------------------------------------------------------===//
// LLD map files.
//===----------------------------------------------------------------------===//

void expectInput(const InputSectionInfo &I, StringRef Out, StringRef In,
                 uint64_t VMA, uint64_t LMA, uint64_t Size) {
  EXPECT_EQ(I.OutputSection, Out) << I.Input;
  EXPECT_EQ(I.Input, In);
  EXPECT_EQ(I.VMA, VMA) << I.Input;
  EXPECT_EQ(I.LMA, LMA) << I.Input;
  EXPECT_EQ(I.Size, Size) << I.Input;
}

TEST(LLDMap, InputSectionsOfARealMap) {
  std::vector<InputSectionInfo> In = parseLLDMap(Map32);
  ASSERT_EQ(In.size(), 11u);
  expectInput(In[0], ".vectors", "a.o:(.vectors)", 0x8000000, 0x8000000, 8);
  expectInput(In[1], ".text", "a.o:(.text)", 0x8000008, 0x8000008, 4);
  expectInput(In[2], ".text", "a.o:(.text.big)", 0x800000c, 0x800000c, 0x1388);
  expectInput(In[3], ".text", "lib.a(b.o):(.text)", 0x8001394, 0x8001394, 0);
  expectInput(In[4], ".text", "lib.a(b.o):(.text.b)", 0x8001394, 0x8001394,
              0x78);
  expectInput(In[5], ".rodata", "a.o:(.rodata.tbl)", 0x800140c, 0x800140c,
              0x12c);
  expectInput(In[6], ".data", "a.o:(.data)", 0x20000400, 0x8001538, 0xc);
  expectInput(In[7], ".data", "lib.a(b.o):(.data)", 0x2000040c, 0x8001544,
              0x28);
  expectInput(In[8], ".bss", "a.o:(.bss)", 0x20000434, 0x20000434, 0x1f40);
  expectInput(In[9], ".tdata", "a.o:(.tdata)", 0x20002374, 0x20002374, 4);
  expectInput(In[10], ".tbss", "a.o:(.tbss)", 0x20002378, 0x20002378, 0x10);
}

TEST(LLDMap, SixtyFourBitColumns) {
  std::vector<InputSectionInfo> In = parseLLDMap(Map64);
  ASSERT_EQ(In.size(), 2u);
  expectInput(In[0], ".text", "r.o:(.text)", 0x80000000, 0x80000000, 0x68);
  expectInput(In[1], ".data", "r.o:(.data)", 0x80001068, 0x80001068, 8);
}

// Without the header LLD's indents are assumed; CRLF line ends, blank and
// malformed lines are tolerated; a command between output sections ends the
// previous section's list.
TEST(LLDMap, NoHeaderCRLFAndJunk) {
  std::string Text = " 8000000  8000000       10     4 .text\r\n"
                     " 8000000  8000000       10     4         x.o:(.text)\r\n"
                     "\r\n"
                     "garbage line\r\n"
                     " 80000zz  8000000       10     4         y.o:(.text)\r\n"
                     " 8000010  8000010        0     1 . = ALIGN(8)\r\n"
                     " 8000010  8000010        4     1         z.o:(.text)\r\n";
  std::vector<InputSectionInfo> In = parseLLDMap(Text);
  ASSERT_EQ(In.size(), 1u);
  expectInput(In[0], ".text", "x.o:(.text)", 0x8000000, 0x8000000, 0x10);
}

// Column positions come from the header, not from fixed indents.
TEST(LLDMap, IndentsFromHeader) {
  std::string Text = "VMA LMA Size Align Out  In  Symbol\n"
                     "100 100 20 4 .text\n"
                     "100 100 20 4      a.o:(.text)\n"
                     "100 100 0 1          main\n";
  std::vector<InputSectionInfo> In = parseLLDMap(Text);
  ASSERT_EQ(In.size(), 1u);
  expectInput(In[0], ".text", "a.o:(.text)", 0x100, 0x100, 0x20);
  // With LLD's indents the input line would be an output-section line.
  EXPECT_TRUE(parseLLDMap(StringRef(Text).split('\n').second).empty());
  EXPECT_TRUE(parseLLDMap("").empty());
}

TEST(LLDMap, UnallocatedSectionsDroppedByName) {
  std::string Text =
      "     VMA      LMA     Size Align Out     In      Symbol\n"
      "       0        0      100     1 .debug_info\n"
      "       0        0      100     1         a.o:(.debug_info)\n"
      "       0        0       30     1 .ARM.attributes\n"
      "       0        0       30     1         a.o:(.ARM.attributes)\n"
      "       0        0       44     4 .note.noos\n"
      "       0        0       44     4         "
      "/tmp/noos-note-1.o:(.note.noos)\n"
      "       0        0       10     1 .vectors\n"
      "       0        0       10     1         a.o:(.vectors)\n";
  std::vector<InputSectionInfo> In = parseLLDMap(Text);
  ASSERT_EQ(In.size(), 1u);
  EXPECT_EQ(In[0].Input, "a.o:(.vectors)");
}

//===----------------------------------------------------------------------===//
// Largest input sections and the overflow line.
//===----------------------------------------------------------------------===//

std::vector<std::string> names(ArrayRef<InputSectionInfo> In) {
  std::vector<std::string> N;
  for (const InputSectionInfo &I : In)
    N.push_back(I.Input);
  return N;
}

using Names = std::vector<std::string>;

TEST(LargestInputs, FlashByLoadAddressRAMByRunAddress) {
  std::vector<InputSectionInfo> In = parseLLDMap(Map32);
  Region F = flash(0x08000000, 64 << 10);
  Region R = ram(0x20000000, 16 << 10);
  // .data counts to flash at its load address; .bss does not.
  EXPECT_EQ(names(largestInputs(In, F, 10)),
            (Names{"a.o:(.text.big)", "a.o:(.rodata.tbl)",
                   "lib.a(b.o):(.text.b)", "lib.a(b.o):(.data)", "a.o:(.data)",
                   "a.o:(.vectors)", "a.o:(.text)"}));
  // Zero-size sections are left out; equal sizes keep map order.
  EXPECT_EQ(names(largestInputs(In, R, 10)),
            (Names{"a.o:(.bss)", "lib.a(b.o):(.data)", "a.o:(.tbss)",
                   "a.o:(.data)", "a.o:(.tdata)"}));
  EXPECT_EQ(names(largestInputs(In, F, 2)),
            (Names{"a.o:(.text.big)", "a.o:(.rodata.tbl)"}));
  EXPECT_TRUE(largestInputs(In, F, 0).empty());
  EXPECT_TRUE(largestInputs(In, ram(0x30000000, 4096), 5).empty());
}

// In a measurement link the sections past the region's end still belong to
// it when all regions are given; without them only the inside counts.
TEST(LargestInputs, PastTheEndOfAnOverflowingRegion) {
  std::vector<InputSectionInfo> In = parseLLDMap(Map32);
  Region F = flash(0x08000000, 0x1000); // .text.big starts inside
  Region R = ram(0x20000000, 0x400);    // only the stack fits
  std::vector<Region> All = {F, R};
  EXPECT_EQ(names(largestInputs(In, F, 3)),
            (Names{"a.o:(.text.big)", "a.o:(.vectors)", "a.o:(.text)"}));
  EXPECT_EQ(
      names(largestInputs(In, F, 3, All)),
      (Names{"a.o:(.text.big)", "a.o:(.rodata.tbl)", "lib.a(b.o):(.text.b)"}));
  EXPECT_TRUE(largestInputs(In, R, 3).empty());
  EXPECT_EQ(names(largestInputs(In, R, 3, All)),
            (Names{"a.o:(.bss)", "lib.a(b.o):(.data)", "a.o:(.tbss)"}));
  // A region above the RAM takes what starts above its origin.
  std::vector<Region> Three = {F, R, ram(0x20002000, 0x1000, "RAM2")};
  EXPECT_EQ(names(largestInputs(In, R, 5, Three)),
            (Names{"a.o:(.bss)", "lib.a(b.o):(.data)", "a.o:(.data)"}));
  EXPECT_EQ(names(largestInputs(In, Three[2], 5, Three)),
            (Names{"a.o:(.tbss)", "a.o:(.tdata)"}));
}

TEST(DescribeOverflow, OneLine) {
  RegionUsage U{flash(0, 65536), 66770};
  std::vector<InputSectionInfo> L = {
      {".text", "foo.o:(.text.big)", 0, 0, 40000},
      {".rodata", "bar.o:(.rodata.tbl)", 0, 0, 20000}};
  EXPECT_EQ(describeOverflow(U, L),
            "region FLASH overflowed by 1234 bytes (used 66770 of 65536); "
            "largest input sections: foo.o:(.text.big) 40000, "
            "bar.o:(.rodata.tbl) 20000; make them smaller or give the "
            "region more room (-F or --board)");
  EXPECT_EQ(describeOverflow({ram(0x20000000, 1024), 1536}, {}),
            "region RAM overflowed by 512 bytes (used 1536 of 1024); make "
            "the image smaller, shrink the stack (--stack-size) or give the "
            "region more room (-M or --board)");
  EXPECT_EQ(describeOverflow({ram(0x10000000, 100, "RAM2"), 101},
                             {{".ram2", "a.o:(.ram2)", 0, 0, 101}}),
            "region RAM2 overflowed by 1 bytes (used 101 of 100); largest "
            "input sections: a.o:(.ram2) 101; make them smaller or give the "
            "region more room (-M or --board)");
}

//===----------------------------------------------------------------------===//
// Linked images.
//===----------------------------------------------------------------------===//

class LinkedImage : public ScratchDirTest {
protected:

  bool assemble(StringRef Triple, StringRef Name, StringRef Source) {
    write(Name.str() + ".s", Source);
    return run("llvm-mc",
               {"-triple=" + Triple.str(), "-filetype=obj",
                path(Name.str() + ".s"), "-o", path(Name.str() + ".o")});
  }

  /// Links \p Objs (names without ".o") with \p Script into out.elf and
  /// writes out.map.
  bool link(StringRef Script, std::vector<std::string> Objs) {
    write("link.ld", Script);
    std::vector<std::string> Args = {
        "-T", path("link.ld"), "-o", path("out.elf"), "-Map", path("out.map")};
    for (const std::string &O : Objs)
      Args.push_back(path(O + ".o"));
    return run("ld.lld", Args);
  }

  /// The map's input sections, their file names relative to the
  /// temporary directory.
  std::vector<InputSectionInfo>
  mapInputs(const object::ELFObjectFileBase *Image) {
    std::vector<InputSectionInfo> In = parseLLDMap(read("out.map"), Image);
    std::string Prefix = (Dir + "/").str();
    for (InputSectionInfo &I : In)
      if (StringRef(I.Input).starts_with(Prefix))
        I.Input.erase(0, Prefix.size());
    return In;
  }

  /// Loads an ELF image written by the test.
  const object::ELFObjectFileBase *load(StringRef Name) {
    auto Bin = object::ObjectFile::createObjectFile(path(Name));
    if (!Bin) {
      ADD_FAILURE() << toString(Bin.takeError());
      return nullptr;
    }
    Images.push_back(std::move(*Bin));
    auto *E = dyn_cast<object::ELFObjectFileBase>(Images.back().getBinary());
    EXPECT_NE(E, nullptr);
    return E;
  }

  std::vector<object::OwningBinary<object::ObjectFile>> Images;
};

/// The MEMORY header of a flash image with RAM block 1 at 0x20000000 (the
/// stack at its bottom), as noos-ld writes it, then arm-m.ld.
std::string armMScript(uint64_t FlashOrigin, uint64_t FlashLen, uint64_t RamLen,
                       uint64_t Stack) {
  auto Buf = MemoryBuffer::getFile(NOOS_SOURCE_DIR "/linker-scripts/arm-m.ld");
  if (!Buf) {
    ADD_FAILURE() << "cannot read arm-m.ld";
    return "";
  }
  std::string S;
  raw_string_ostream OS(S);
  OS << "MEMORY\n{\n"
     << format("  FLASH (rx) : ORIGIN = 0x%llx, LENGTH = 0x%llx\n",
               (unsigned long long)FlashOrigin, (unsigned long long)FlashLen)
     << format("  STACK (rw) : ORIGIN = 0x20000000, LENGTH = 0x%llx\n",
               (unsigned long long)Stack)
     << format("  RAM (rwx) : ORIGIN = 0x%llx, LENGTH = 0x%llx\n",
               (unsigned long long)(0x20000000 + Stack),
               (unsigned long long)(RamLen - Stack))
     << "}\n"
     << "REGION_ALIAS(\"REGION_TEXT\", FLASH);\n"
     << "REGION_ALIAS(\"REGION_LOAD\", FLASH);\n"
     << "REGION_ALIAS(\"REGION_STACK\", STACK);\n"
     << "REGION_ALIAS(\"REGION_DATA\", RAM);\n"
     << "REGION_ALIAS(\"REGION_RAM2\", RAM);\n"
     << format("__noos_stack_size = 0x%llx;\n", (unsigned long long)Stack)
     << "__noos_has_ram2 = 0;\n__noos_data_align = 0x8;\n"
     << (*Buf)->getBuffer();
  return S;
}

/// Every kind of section arm-m.ld places: a 64-byte vector table, 4 KiB of
/// code, 512 bytes of read-only data, 48 bytes of .data, 8 of .tdata, 16 of
/// .tbss and 256 of .bss.
const char *const ArmMSource = R"(
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20000400
  .word Reset_Handler
  .space 56
  .section .text.reset,"ax",%progbits
  .globl Reset_Handler
  .type Reset_Handler,%function
  .thumb_func
Reset_Handler:
  b.w Reset_Handler
  .space 4092
  .section .rodata.table,"a",%progbits
  .space 512
  .section .data.vars,"aw",%progbits
  .balign 8
  .space 48
  .section .tdata.x,"awT",%progbits
  .space 8
  .section .tbss.y,"awT",%nobits
  .space 16
  .section .bss.buf,"aw",%nobits
  .space 256
)";

// FLASH: vectors 0x40 + text 0x1000 + rodata 0x200 = 0x1240, then the .data
// load image (0x30, already 8-aligned) and .tdata's (8): 0x1278 = 4728.
// RAM: stack 0x400, .data 0x30, .tdata 8, .tbss_space 0x10 (.tbss itself
// overlaps it and is not counted), .bss 0x100: 0x548 = 1352.
TEST_F(LinkedImage, ArmMLayout) {
  ASSERT_TRUE(assemble("thumbv7m-none-eabi", "a", ArmMSource));
  ASSERT_TRUE(link(armMScript(0x08000000, 1 << 20, 128 << 10, 0x400), {"a"}));
  const object::ELFObjectFileBase *Image = load("out.elf");
  ASSERT_NE(Image, nullptr);

  std::vector<Region> Regions = {flash(0x08000000, 1 << 20),
                                 ram(0x20000000, 128 << 10)};
  auto U = computeUsage(*Image, Regions);
  ASSERT_TRUE(bool(U)) << toString(U.takeError());
  ASSERT_EQ(U->size(), 2u);
  EXPECT_EQ((*U)[0].R.Name, "FLASH");
  EXPECT_EQ((*U)[0].Used, 4728u);
  EXPECT_EQ((*U)[1].R.Name, "RAM");
  EXPECT_EQ((*U)[1].Used, 1352u);
  EXPECT_FALSE((*U)[0].overflows());
  EXPECT_EQ(tableOf(*U),
            "Memory region         Used Size  Region Size  %age Used\n"
            "           FLASH:        4728 B         1 MB      0.45%\n"
            "             RAM:        1352 B       128 KB      1.03%\n");

  // The order of the regions does not matter.
  std::vector<Region> Reversed = {Regions[1], Regions[0]};
  auto V = computeUsage(*Image, Reversed);
  ASSERT_TRUE(bool(V)) << toString(V.takeError());
  EXPECT_EQ((*V)[0].Used, 1352u);
  EXPECT_EQ((*V)[1].Used, 4728u);

  // The map of the same link agrees with the image.
  std::vector<InputSectionInfo> In = mapInputs(Image);
  EXPECT_EQ(
      names(largestInputs(In, Regions[0], 3, Regions)),
      (Names{"a.o:(.text.reset)", "a.o:(.rodata.table)", "a.o:(.vectors)"}));
  EXPECT_EQ(names(largestInputs(In, Regions[1], 2, Regions)),
            (Names{"a.o:(.bss.buf)", "a.o:(.data.vars)"}));
}

TEST_F(LinkedImage, JSONReport) {
  ASSERT_TRUE(assemble("thumbv7m-none-eabi", "a", ArmMSource));
  ASSERT_TRUE(link(armMScript(0x08000000, 1 << 20, 128 << 10, 0x400), {"a"}));
  const object::ELFObjectFileBase *Image = load("out.elf");
  ASSERT_NE(Image, nullptr);
  std::vector<Region> Regions = {flash(0x08000000, 1 << 20),
                                 ram(0x20000000, 128 << 10)};
  auto U = computeUsage(*Image, Regions);
  ASSERT_TRUE(bool(U)) << toString(U.takeError());

  std::string Text;
  raw_string_ostream OS(Text);
  writeJSONReport(OS, "thumbv7m-none-eabi", "bluepill", *U, *Image);
  // Pretty-printed with an indent of 2, percentages with two decimals.
  EXPECT_EQ(StringRef(Text).take_front(40),
            "{\n  \"target\": \"thumbv7m-none-eabi\",\n  \"b");
  EXPECT_NE(Text.find("\n      \"percent\": 0.45\n"), std::string::npos)
      << Text;
  EXPECT_NE(Text.find("\n      \"percent\": 1.03\n"), std::string::npos)
      << Text;
  EXPECT_EQ(Text.back(), '}');

  auto V = json::parse(Text);
  ASSERT_TRUE(bool(V)) << toString(V.takeError());
  const json::Object *Root = V->getAsObject();
  ASSERT_NE(Root, nullptr);
  EXPECT_EQ(Root->getString("target"), "thumbv7m-none-eabi");
  EXPECT_EQ(Root->getString("board"), "bluepill");

  const json::Array *Rs = Root->getArray("regions");
  ASSERT_NE(Rs, nullptr);
  ASSERT_EQ(Rs->size(), 2u);
  const json::Object *F = (*Rs)[0].getAsObject();
  ASSERT_NE(F, nullptr);
  EXPECT_EQ(F->getString("name"), "FLASH");
  EXPECT_EQ(F->getInteger("origin"), 0x08000000);
  EXPECT_EQ(F->getInteger("size"), 1 << 20);
  EXPECT_EQ(F->getInteger("used"), 4728);
  EXPECT_EQ(F->getInteger("free"), (1 << 20) - 4728);
  EXPECT_EQ(F->getNumber("percent"), 0.45);
  const json::Object *R = (*Rs)[1].getAsObject();
  ASSERT_NE(R, nullptr);
  EXPECT_EQ(R->getString("name"), "RAM");
  EXPECT_EQ(R->getInteger("origin"), 0x20000000);
  EXPECT_EQ(R->getInteger("used"), 1352);
  EXPECT_EQ(R->getInteger("free"), (128 << 10) - 1352);

  // Allocated, non-empty sections in header order.
  const json::Array *Ss = Root->getArray("sections");
  ASSERT_NE(Ss, nullptr);
  std::vector<std::string> SecNames;
  for (const json::Value &S : *Ss)
    SecNames.push_back(S.getAsObject()->getString("name")->str());
  // .tbss_space is empty: LLD already moves the location counter past .tbss
  // when the next output section starts.
  EXPECT_EQ(SecNames, (Names{".vectors", ".text", ".rodata", ".stack", ".data",
                             ".tdata", ".tbss", ".bss"}));
  auto Sec = [&](size_t I) { return (*Ss)[I].getAsObject(); };
  EXPECT_EQ(Sec(0)->getInteger("address"), 0x08000000);
  EXPECT_EQ(Sec(0)->getInteger("load-address"), 0x08000000);
  EXPECT_EQ(Sec(0)->getInteger("size"), 0x40);
  EXPECT_EQ(Sec(0)->getString("type"), "progbits");
  EXPECT_EQ(Sec(4)->getInteger("address"), 0x20000400);
  EXPECT_EQ(Sec(4)->getInteger("load-address"), 0x08001240);
  EXPECT_EQ(Sec(4)->getInteger("size"), 0x30);
  EXPECT_EQ(Sec(5)->getInteger("load-address"), 0x08001270);
  EXPECT_EQ(Sec(6)->getString("name"), ".tbss");
  EXPECT_EQ(Sec(6)->getString("type"), "nobits");
  EXPECT_EQ(Sec(7)->getInteger("address"), 0x20000448);
  EXPECT_EQ(Sec(7)->getInteger("load-address"), 0x20000448);
  EXPECT_EQ(Sec(7)->getInteger("size"), 0x100);
  EXPECT_EQ(Sec(7)->getString("type"), "nobits");
  EXPECT_EQ(Sec(3)->getString("type"), "nobits");

  // No board: null. An overflowing region has nothing free; a region of no
  // size has no percentage.
  std::vector<RegionUsage> Odd = {{ram(0x20000000, 1024), 1536},
                                  {ram(0x10000000, 0, "RAM2"), 0}};
  std::string Text2;
  raw_string_ostream OS2(Text2);
  writeJSONReport(OS2, "thumbv6m-none-eabi", "", Odd, *Image);
  auto V2 = json::parse(Text2);
  ASSERT_TRUE(bool(V2)) << toString(V2.takeError());
  const json::Object *Root2 = V2->getAsObject();
  ASSERT_NE(Root2, nullptr);
  ASSERT_NE(Root2->get("board"), nullptr);
  EXPECT_EQ(Root2->get("board")->kind(), json::Value::Null);
  const json::Object *Over = (*Root2->getArray("regions"))[0].getAsObject();
  EXPECT_EQ(Over->getInteger("used"), 1536);
  EXPECT_EQ(Over->getInteger("free"), 0);
  EXPECT_EQ(Over->getNumber("percent"), 150.0);
  const json::Object *Empty = (*Root2->getArray("regions"))[1].getAsObject();
  ASSERT_NE(Empty->get("percent"), nullptr);
  EXPECT_EQ(Empty->get("percent")->kind(), json::Value::Null);
}

// The measurement link of an overflowing image: regions unbounded, as
// noos-ld relinks. FLASH: vectors 64 + code 4 + 70000 = 70068, then .data's
// load image at the next multiple of 8 (70072) + 16 = 70088, 4552 over 64K.
// RAM: stack 0x400 + .data 16 + .bss 200000 = 201040, 69968 over 128K.
TEST_F(LinkedImage, OverflowMeasurement) {
  ASSERT_TRUE(assemble("thumbv7m-none-eabi", "start", R"(
  .syntax unified
  .thumb
  .section .vectors,"a",%progbits
  .word 0x20000400
  .word Reset_Handler
  .space 56
  .section .text.reset,"ax",%progbits
  .globl Reset_Handler
  .type Reset_Handler,%function
  .thumb_func
Reset_Handler:
  b.w Reset_Handler
)"));
  ASSERT_TRUE(assemble("thumbv7m-none-eabi", "big", R"(
  .section .text.big,"ax",%progbits
  .space 70000
  .section .data.small,"aw",%progbits
  .balign 8
  .space 16
  .section .bss.huge,"aw",%nobits
  .balign 8
  .space 200000
)"));
  ASSERT_TRUE(link(armMScript(0, 0x100000000ull, 0xe0000000ull, 0x400),
                   {"start", "big"}));
  const object::ELFObjectFileBase *Image = load("out.elf");
  ASSERT_NE(Image, nullptr);

  std::vector<Region> Regions = {flash(0, 64 << 10),
                                 ram(0x20000000, 128 << 10)};
  auto U = computeUsage(*Image, Regions);
  ASSERT_TRUE(bool(U)) << toString(U.takeError());
  EXPECT_EQ((*U)[0].Used, 70088u);
  EXPECT_EQ((*U)[0].over(), 4552u);
  EXPECT_EQ((*U)[1].Used, 201040u);
  EXPECT_EQ((*U)[1].over(), 69968u);
  EXPECT_EQ(tableOf(*U),
            "Memory region         Used Size  Region Size  %age Used\n"
            "           FLASH:       70088 B        64 KB    106.95%\n"
            "             RAM:      201040 B       128 KB    153.38%\n");

  // Flash at 0: the map's unallocated sections (also at 0) stay out.
  std::vector<InputSectionInfo> In = mapInputs(Image);
  for (const InputSectionInfo &I : In)
    EXPECT_NE(I.OutputSection, ".comment") << I.Input;
  EXPECT_EQ(
      describeOverflow((*U)[0], largestInputs(In, Regions[0], 5, Regions)),
      "region FLASH overflowed by 4552 bytes (used 70088 of 65536); "
      "largest input sections: big.o:(.text.big) 70000, "
      "start.o:(.vectors) 64, big.o:(.data.small) 16, "
      "start.o:(.text.reset) 4; make them smaller or give the region "
      "more room (-F or --board)");
  EXPECT_EQ(
      describeOverflow((*U)[1], largestInputs(In, Regions[1], 5, Regions)),
      "region RAM overflowed by 69968 bytes (used 201040 of 131072); "
      "largest input sections: big.o:(.bss.huge) 200000, "
      "big.o:(.data.small) 16; make them smaller, shrink the stack "
      "(--stack-size) or give the region more room (-M or --board)");
}

// Flash above the RAM: code must not be charged to the RAM below it, nor
// .bss (load address = run address) to a flash region. RAM2 below both.
TEST_F(LinkedImage, FlashAboveRAMAndRAM2) {
  ASSERT_TRUE(assemble("thumbv7m-none-eabi", "a", R"(
  .section .text.a,"ax",%progbits
  .space 0x300
  .section .data.a,"aw",%progbits
  .space 0x20
  .section .bss.a,"aw",%nobits
  .space 0x80
  .section .ram2.a,"aw",%nobits
  .space 0x44
)"));
  ASSERT_TRUE(link(R"(
MEMORY {
  RAM2 (rw) : ORIGIN = 0x00001000, LENGTH = 0x1000
  RAM (rwx) : ORIGIN = 0x00010000, LENGTH = 0x4000
  FLASH (rx) : ORIGIN = 0x00100000, LENGTH = 0x10000
}
SECTIONS {
  .text : { *(.text .text.*) } > FLASH
  .data : { *(.data .data.*) } > RAM AT> FLASH
  .bss (NOLOAD) : { *(.bss .bss.*) } > RAM
  .ram2 (NOLOAD) : { *(.ram2 .ram2.*) } > RAM2
}
)",
                   {"a"}));
  const object::ELFObjectFileBase *Image = load("out.elf");
  ASSERT_NE(Image, nullptr);
  std::vector<Region> Regions = {flash(0x100000, 0x10000), ram(0x10000, 0x4000),
                                 ram(0x1000, 0x1000, "RAM2")};
  auto U = computeUsage(*Image, Regions);
  ASSERT_TRUE(bool(U)) << toString(U.takeError());
  EXPECT_EQ((*U)[0].Used, 0x320u);
  EXPECT_EQ((*U)[1].Used, 0xa0u);
  EXPECT_EQ((*U)[2].Used, 0x44u);

  std::vector<InputSectionInfo> In = mapInputs(Image);
  EXPECT_EQ(names(largestInputs(In, Regions[1], 5, Regions)),
            (Names{"a.o:(.bss.a)", "a.o:(.data.a)"}));
  EXPECT_EQ(names(largestInputs(In, Regions[0], 5, Regions)),
            (Names{"a.o:(.text.a)", "a.o:(.data.a)"}));
}

// With the image, exactly its unallocated output sections are dropped from
// the map, whatever their names.
TEST_F(LinkedImage, MapFilteredByImage) {
  ASSERT_TRUE(assemble("thumbv7m-none-eabi", "a", R"(
  .section .text.a,"ax",%progbits
  .space 0x10
  .section .mynotes,"",%progbits
  .space 0x1000
)"));
  ASSERT_TRUE(link(R"(
MEMORY { FLASH (rx) : ORIGIN = 0, LENGTH = 0x1000 }
SECTIONS {
  .text : { *(.text .text.*) } > FLASH
  .mynotes 0 : { *(.mynotes) }
}
)",
                   {"a"}));
  const object::ELFObjectFileBase *Image = load("out.elf");
  ASSERT_NE(Image, nullptr);
  std::string Map = read("out.map");
  ASSERT_NE(Map.find("a.o:(.mynotes)"), std::string::npos) << Map;
  std::string A = path("a.o");
  EXPECT_EQ(names(parseLLDMap(Map, Image)),
            (Names{A + ":(.text)", A + ":(.text.a)"}));
  // By name alone an unknown unallocated section cannot be told apart.
  EXPECT_EQ(names(parseLLDMap(Map)),
            (Names{A + ":(.text)", A + ":(.text.a)", A + ":(.mynotes)"}));
}

// Images yaml2obj lays out: 64-bit big-endian; a section outside every
// PT_LOAD (its load address is its run address); a segment loading .data
// elsewhere; two overlays sharing a run address, each loaded by its own
// segment (told apart by file offset); zero-size, unallocated and .tbss
// sections that must not count.
TEST_F(LinkedImage, SectionsOutsideSegmentsAndOtherELFKinds) {
  write("img.yaml", R"(--- !ELF
FileHeader:
  Class: ELFCLASS64
  Data:  ELFDATA2MSB
  Type:  ET_EXEC
  Machine: EM_PPC64
Sections:
  - Name: .text
    Type: SHT_PROGBITS
    Flags: [ SHF_ALLOC, SHF_EXECINSTR ]
    Address: 0x100000
    Size: 0x100
  - Name: .data
    Type: SHT_PROGBITS
    Flags: [ SHF_ALLOC, SHF_WRITE ]
    Address: 0x80000000
    Size: 0x20
  - Name: .bss
    Type: SHT_NOBITS
    Flags: [ SHF_ALLOC, SHF_WRITE ]
    Address: 0x80000020
    Size: 0x40
  - Name: .tbss
    Type: SHT_NOBITS
    Flags: [ SHF_ALLOC, SHF_WRITE, SHF_TLS ]
    Address: 0x80000060
    Size: 0x1000
  - Name: .orphan
    Type: SHT_PROGBITS
    Flags: [ SHF_ALLOC ]
    Address: 0x100200
    Size: 0x10
  - Name: .ov1
    Type: SHT_PROGBITS
    Flags: [ SHF_ALLOC, SHF_WRITE ]
    Address: 0x80000100
    Size: 0x10
  - Name: .ov2
    Type: SHT_PROGBITS
    Flags: [ SHF_ALLOC, SHF_WRITE ]
    Address: 0x80000100
    Size: 0x10
  - Name: .empty
    Type: SHT_PROGBITS
    Flags: [ SHF_ALLOC ]
    Address: 0x100f00
    Size: 0
  - Name: .notes
    Type: SHT_PROGBITS
    Address: 0x100800
    Size: 0x500
ProgramHeaders:
  - Type: PT_LOAD
    VAddr: 0x100000
    PAddr: 0x100000
    FirstSec: .text
    LastSec: .text
  - Type: PT_LOAD
    VAddr: 0x80000000
    PAddr: 0x100100
    FirstSec: .data
    LastSec: .bss
  - Type: PT_LOAD
    VAddr: 0x80000100
    PAddr: 0x100300
    FirstSec: .ov1
    LastSec: .ov1
  - Type: PT_LOAD
    VAddr: 0x80000100
    PAddr: 0x100400
    FirstSec: .ov2
    LastSec: .ov2
)");
  ASSERT_TRUE(run("yaml2obj", {path("img.yaml"), "-o", path("img.elf")}));
  const object::ELFObjectFileBase *Image = load("img.elf");
  ASSERT_NE(Image, nullptr);
  std::vector<Region> Regions = {flash(0x100000, 0x1000),
                                 ram(0x80000000, 0x1000)};
  auto U = computeUsage(*Image, Regions);
  ASSERT_TRUE(bool(U)) << toString(U.takeError());
  // .text ends at 0x100, .data's load image at 0x120, .orphan at 0x210,
  // the overlays' at 0x310 and 0x410; in RAM the overlays end at 0x110.
  EXPECT_EQ((*U)[0].Used, 0x410u);
  EXPECT_EQ((*U)[1].Used, 0x110u);

  std::string Text;
  raw_string_ostream OS(Text);
  writeJSONReport(OS, "powerpc64", "", *U, *Image);
  auto V = json::parse(Text);
  ASSERT_TRUE(bool(V)) << toString(V.takeError());
  const json::Array *Ss = V->getAsObject()->getArray("sections");
  ASSERT_NE(Ss, nullptr);
  ASSERT_EQ(Ss->size(), 7u); // not .empty, not .notes
  const json::Object *Data = (*Ss)[1].getAsObject();
  EXPECT_EQ(Data->getString("name"), ".data");
  EXPECT_EQ(Data->getInteger("address"), 0x80000000);
  EXPECT_EQ(Data->getInteger("load-address"), 0x100100);
  const json::Object *Orphan = (*Ss)[4].getAsObject();
  EXPECT_EQ(Orphan->getString("name"), ".orphan");
  EXPECT_EQ(Orphan->getInteger("load-address"), 0x100200);
  const json::Object *Ov2 = (*Ss)[6].getAsObject();
  EXPECT_EQ(Ov2->getString("name"), ".ov2");
  EXPECT_EQ(Ov2->getInteger("address"), 0x80000100);
  EXPECT_EQ(Ov2->getInteger("load-address"), 0x100400);
}

TEST_F(LinkedImage, NoRegionsNoSections) {
  ASSERT_TRUE(assemble("thumbv7m-none-eabi", "a", ".text\n"));
  ASSERT_TRUE(link("SECTIONS { .text 0x1000 : { *(.text) } }\n", {"a"}));
  const object::ELFObjectFileBase *Image = load("out.elf");
  ASSERT_NE(Image, nullptr);
  auto None = computeUsage(*Image, {});
  ASSERT_TRUE(bool(None)) << toString(None.takeError());
  EXPECT_TRUE(None->empty());
  auto U = computeUsage(*Image, {flash(0, 0x10000)});
  ASSERT_TRUE(bool(U)) << toString(U.takeError());
  EXPECT_EQ((*U)[0].Used, 0u);
}

} // namespace
