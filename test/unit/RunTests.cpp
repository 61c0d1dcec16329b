//===- RunTests.cpp - noos-run: image notes, QEMU command, options --------===//

#include "noos/ImageInfo.h"
#include "noos/Run.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <gtest/gtest.h>

using namespace llvm;
using namespace noos;

namespace {

// --- images ---------------------------------------------------------------

template <typename T> void put(std::string &S, T V) {
  char Buf[sizeof(T)];
  support::endian::write<T, llvm::endianness::little>(Buf, V);
  S.append(Buf, sizeof(T));
}

void pad4(std::string &S) {
  while (S.size() % 4)
    S.push_back('\0');
}

/// A little-endian ELF32 file of type \p Type holding one SHT_NOTE section
/// with one note (none when \p Owner is empty) and, when \p Attrs is not
/// empty, an SHT_ARM_ATTRIBUTES section with those contents.
std::string makeELF(uint16_t Type, uint16_t Machine, StringRef Owner,
                    uint32_t NoteType, StringRef Desc, StringRef Attrs = "") {
  std::string Note;
  if (!Owner.empty()) {
    put<uint32_t>(Note, Owner.size() + 1);
    put<uint32_t>(Note, Desc.size());
    put<uint32_t>(Note, NoteType);
    Note += Owner;
    Note.push_back('\0');
    pad4(Note);
    Note += Desc;
    pad4(Note);
  }
  std::string ShStr("\0.note.x\0.shstrtab\0.ARM.attributes\0", 35);
  const uint32_t NoteOff = sizeof(ELF::Elf32_Ehdr);
  const uint32_t AttrOff = NoteOff + Note.size();
  const uint32_t StrOff = AttrOff + Attrs.size();
  const uint32_t ShOff = (StrOff + ShStr.size() + 3) & ~3u;
  const uint16_t ShNum = Attrs.empty() ? 3 : 4;
  std::string Out("\x7f" "ELF", 4);
  Out.push_back(ELF::ELFCLASS32);
  Out.push_back(ELF::ELFDATA2LSB);
  Out.push_back(ELF::EV_CURRENT);
  Out.append(9, '\0');
  put<uint16_t>(Out, Type);
  put<uint16_t>(Out, Machine);
  put<uint32_t>(Out, ELF::EV_CURRENT);
  put<uint32_t>(Out, 0); // e_entry
  put<uint32_t>(Out, 0); // e_phoff
  put<uint32_t>(Out, ShOff);
  put<uint32_t>(Out, 0); // e_flags
  put<uint16_t>(Out, sizeof(ELF::Elf32_Ehdr));
  put<uint16_t>(Out, 0);
  put<uint16_t>(Out, 0);
  put<uint16_t>(Out, sizeof(ELF::Elf32_Shdr));
  put<uint16_t>(Out, ShNum);
  put<uint16_t>(Out, 2);
  Out += Note;
  Out += Attrs;
  Out += ShStr;
  pad4(Out);
  auto Shdr = [&](uint32_t Name, uint32_t ShType, uint32_t Off, uint32_t Size,
                  uint32_t Align) {
    for (uint32_t V : {Name, ShType, 0u, 0u, Off, Size, 0u, 0u, Align, 0u})
      put<uint32_t>(Out, V);
  };
  Shdr(0, ELF::SHT_NULL, 0, 0, 0);
  Shdr(1, ELF::SHT_NOTE, NoteOff, Note.size(), 4);
  Shdr(10, ELF::SHT_STRTAB, StrOff, ShStr.size(), 1);
  if (!Attrs.empty())
    Shdr(20, ELF::SHT_ARM_ATTRIBUTES, AttrOff, Attrs.size(), 1);
  return Out;
}

/// Offsets in makeELF's files.
constexpr size_t NoteNameSizeOff = sizeof(ELF::Elf32_Ehdr);
constexpr size_t NoteDescSizeOff = NoteNameSizeOff + 4;

/// An .ARM.attributes section ("aeabi", file scope) with Tag_CPU_name,
/// Tag_CPU_arch and, when FPArch is not 0, Tag_FP_arch and (SP) Tag_ABI_HardFP_use.
std::string armAttributes(StringRef CPU, unsigned Arch, unsigned FPArch,
                          bool SingleOnly) {
  std::string Attrs;
  Attrs.push_back(5); // Tag_CPU_name
  Attrs += CPU;
  Attrs.push_back('\0');
  Attrs.push_back(6); // Tag_CPU_arch
  Attrs.push_back(char(Arch));
  if (FPArch) {
    Attrs.push_back(10); // Tag_FP_arch
    Attrs.push_back(char(FPArch));
    if (SingleOnly) {
      Attrs.push_back(27); // Tag_ABI_HardFP_use
      Attrs.push_back(1);
    }
  }
  std::string File;
  File.push_back(1); // Tag_File
  put<uint32_t>(File, 5 + Attrs.size());
  File += Attrs;
  std::string Sub;
  put<uint32_t>(Sub, 4 + 6 + File.size());
  Sub += StringRef("aeabi\0", 6);
  Sub += File;
  return "A" + Sub;
}

std::string descriptor(StringRef Target, StringRef Board) {
  std::string D = ("target=" + Target).str();
  D.push_back('\0');
  if (!Board.empty()) {
    D += ("board=" + Board).str();
    D.push_back('\0');
  }
  return D;
}

class TempDir : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(sys::fs::createUniqueDirectory("noos-run-test", Dir));
  }
  void TearDown() override { sys::fs::remove_directories(Dir); }
  std::string write(StringRef Name, StringRef Contents) {
    SmallString<256> P(Dir);
    sys::path::append(P, Name);
    std::error_code EC;
    raw_fd_ostream OS(P, EC);
    EXPECT_FALSE(EC) << EC.message();
    OS << Contents;
    return std::string(P);
  }
  SmallString<256> Dir;
};

std::string errorOf(Expected<ImageInfo> I) {
  if (I) {
    ADD_FAILURE() << "expected an error";
    return "";
  }
  return toString(I.takeError());
}

TEST(ImageNote, Parse) {
  Expected<ImageInfo> I = parseImageInfoNote(descriptor("thumbv7em-noos", "mps2-an386"));
  ASSERT_TRUE(bool(I)) << toString(I.takeError());
  EXPECT_EQ(I->Target, "thumbv7em-noos");
  EXPECT_EQ(I->Board, "mps2-an386");
  EXPECT_TRUE(I->HasNote);

  I = parseImageInfoNote(descriptor("thumbv6m-noos", ""));
  ASSERT_TRUE(bool(I)) << toString(I.takeError());
  EXPECT_EQ(I->Target, "thumbv6m-noos");
  EXPECT_EQ(I->Board, "");

  // Unknown keys are for newer tools; order does not matter.
  I = parseImageInfoNote(StringRef("runtime=1\0board=microbit\0target=thumbv6m-noos\0", 46));
  ASSERT_TRUE(bool(I)) << toString(I.takeError());
  EXPECT_EQ(I->Board, "microbit");
  EXPECT_EQ(I->Target, "thumbv6m-noos");

  EXPECT_NE(errorOf(parseImageInfoNote(StringRef("board=x\0", 8))).find("no target"),
            std::string::npos);
  EXPECT_NE(errorOf(parseImageInfoNote("")).find("no target"), std::string::npos);
}

using ImageFile = TempDir;

TEST_F(ImageFile, ReadsTheNote) {
  std::string P = write("fw.elf", makeELF(ELF::ET_EXEC, ELF::EM_ARM, "noos", 1,
                                          descriptor("thumbv7em-noos", "netduinoplus2")));
  Expected<ImageInfo> I = readImageInfo(P);
  ASSERT_TRUE(bool(I)) << toString(I.takeError());
  EXPECT_EQ(I->Target, "thumbv7em-noos");
  EXPECT_EQ(I->Board, "netduinoplus2");
  EXPECT_EQ(I->Machine, unsigned(ELF::EM_ARM));
  EXPECT_TRUE(I->HasNote);
}

TEST_F(ImageFile, Errors) {
  std::string Missing = (Dir + "/missing.elf").str();
  EXPECT_NE(errorOf(readImageInfo(Missing)).find("cannot open image '" + Missing + "'"),
            std::string::npos);
  EXPECT_NE(errorOf(readImageInfo(Dir)).find("is a directory"), std::string::npos);

  std::string Hex = write("fw.hex", ":00000001FF\n");
  EXPECT_NE(errorOf(readImageInfo(Hex)).find("is not an ELF image"), std::string::npos);
  // Even when the note is not needed.
  EXPECT_NE(errorOf(readImageInfo(Hex, false)).find("is not an ELF image"),
            std::string::npos);

  std::string Obj = write("x.o", makeELF(ELF::ET_REL, ELF::EM_ARM, "noos", 1,
                                         descriptor("thumbv7m-noos", "")));
  EXPECT_NE(errorOf(readImageInfo(Obj)).find("object file, not a linked image"),
            std::string::npos);

  // A note of another owner or type is not ours.
  for (auto [Owner, Type] : {std::pair<StringRef, uint32_t>("", 1),
                             std::pair<StringRef, uint32_t>("GNU", 1),
                             std::pair<StringRef, uint32_t>("noos", 2)}) {
    std::string P = write("plain.elf", makeELF(ELF::ET_EXEC, ELF::EM_ARM, Owner, Type,
                                               descriptor("thumbv7m-noos", "x")));
    std::string E = errorOf(readImageInfo(P));
    EXPECT_NE(E.find("has no .note.noos"), std::string::npos) << E;
    EXPECT_NE(E.find("link it with noos-ld"), std::string::npos) << E;
    EXPECT_NE(E.find("--board"), std::string::npos) << E;
    Expected<ImageInfo> I = readImageInfo(P, /*RequireNote=*/false);
    ASSERT_TRUE(bool(I)) << toString(I.takeError());
    EXPECT_FALSE(I->HasNote);
    EXPECT_EQ(I->Machine, unsigned(ELF::EM_ARM));
  }

  std::string Bad = write("bad.elf", makeELF(ELF::ET_EXEC, ELF::EM_ARM, "noos", 1,
                                             StringRef("board=x\0", 8)));
  EXPECT_NE(errorOf(readImageInfo(Bad)).find("names no target"), std::string::npos);
}

TEST_F(ImageFile, ReadsBuildAttributes) {
  std::string P = write(
      "m7.elf", makeELF(ELF::ET_EXEC, ELF::EM_ARM, "noos", 1,
                        descriptor("thumbv7em-noos", "mps2-an500"),
                        armAttributes("Cortex-M7", 13, 8, false)));
  ImageInfo I = cantFail(readImageInfo(P));
  EXPECT_EQ(I.CPUArch, std::optional<unsigned>(13));
  EXPECT_EQ(I.FP, "dp");
  P = write("m4.elf", makeELF(ELF::ET_EXEC, ELF::EM_ARM, "", 1, "",
                              armAttributes("cortex-m4", 13, 6, true)));
  I = cantFail(readImageInfo(P, /*RequireNote=*/false));
  EXPECT_EQ(I.FP, "sp");
  EXPECT_FALSE(I.HasNote);
  P = write("m0.elf", makeELF(ELF::ET_EXEC, ELF::EM_ARM, "", 1, "",
                              armAttributes("cortex-m0", 12, 0, false)));
  I = cantFail(readImageInfo(P, false));
  EXPECT_EQ(I.FP, "none");
  EXPECT_EQ(I.CPUArch, std::optional<unsigned>(12));
  // No attributes: nothing known.
  P = write("none.elf", makeELF(ELF::ET_EXEC, ELF::EM_ARM, "", 1, ""));
  I = cantFail(readImageInfo(P, false));
  EXPECT_EQ(I.FP, "");
  EXPECT_FALSE(I.CPUArch.has_value());
}

/// readImageInfo on \p Bytes: a value, or a one-line error naming the file;
/// never a crash (or, under ASan, an out-of-bounds read).
void expectReadsOrFails(const std::string &Path, const std::string &Why) {
  for (bool Require : {true, false}) {
    Expected<ImageInfo> I = readImageInfo(Path, Require);
    if (!I) {
      std::string E = toString(I.takeError());
      EXPECT_EQ(E.find('\n'), std::string::npos) << Why << ": " << E;
      EXPECT_NE(E.find(Path), std::string::npos) << Why << ": " << E;
    } else if (I->HasNote) {
      EXPECT_FALSE(I->Target.empty()) << Why;
    }
  }
}

TEST_F(ImageFile, TruncatedFilesNeverCrash) {
  std::string Good = makeELF(ELF::ET_EXEC, ELF::EM_ARM, "noos", 1,
                             descriptor("thumbv7em-noos", "mps2-an386"),
                             armAttributes("cortex-m4", 13, 6, true));
  ASSERT_TRUE(bool(readImageInfo(write("good.elf", Good))));
  unsigned Errors = 0;
  for (size_t N = 0; N < Good.size(); ++N) {
    std::string P = write("cut.elf", StringRef(Good).take_front(N));
    expectReadsOrFails(P, "first " + std::to_string(N) + " bytes");
    Errors += !readImageInfo(P, true);
  }
  // The section headers are at the end: every cut loses them.
  EXPECT_EQ(Errors, Good.size());
}

TEST_F(ImageFile, OversizedNoteFieldsNeverCrash) {
  std::string Good = makeELF(ELF::ET_EXEC, ELF::EM_ARM, "noos", 1,
                             descriptor("thumbv7em-noos", "mps2-an386"));
  const size_t ShOff = support::endian::read32le(Good.data() + 32);
  const size_t NoteShdr = ShOff + sizeof(ELF::Elf32_Shdr);
  struct Patch {
    const char *Why;
    size_t Off;
    uint32_t Value;
  } Patches[] = {
      {"namesz 0", NoteNameSizeOff, 0},
      {"namesz past the section", NoteNameSizeOff, 64},
      {"namesz 2^32-1", NoteNameSizeOff, 0xffffffff},
      {"namesz 2^32-4", NoteNameSizeOff, 0xfffffffc},
      {"descsz 0", NoteDescSizeOff, 0},
      {"descsz past the section", NoteDescSizeOff, 1000},
      {"descsz 2^32-1", NoteDescSizeOff, 0xffffffff},
      {"descsz 2^31", NoteDescSizeOff, 0x80000000},
      {"section offset past the file", NoteShdr + 16, 0x7fffff00},
      {"section size past the file", NoteShdr + 20, 0xffffff00},
      {"section size cuts the note", NoteShdr + 20, 14},
      {"alignment 3", NoteShdr + 32, 3},
      {"alignment 8", NoteShdr + 32, 8},
      {"alignment 2^31", NoteShdr + 32, 0x80000000},
      {"section headers past the file", 32, 0xfffffff0},
      {"string table index past the table", 50, 0xffff0000 >> 16},
  };
  for (const Patch &P : Patches) {
    std::string Bad = Good;
    if (P.Off == 50) {
      Bad[50] = char(0xff);
      Bad[51] = char(0xff);
    } else {
      support::endian::write32le(&Bad[P.Off], P.Value);
    }
    expectReadsOrFails(write("bad.elf", Bad), P.Why);
  }
  // A descriptor longer than the note says is cut at descsz; one that says
  // more than the section holds is an error, not a read past it.
  std::string Bad = Good;
  support::endian::write32le(&Bad[NoteDescSizeOff], 1000);
  std::string E = errorOf(readImageInfo(write("desc.elf", Bad)));
  EXPECT_NE(E.find("cannot read its notes"), std::string::npos) << E;
}

TEST_F(ImageFile, EveryByteCorruptedNeverCrashes) {
  // Each byte of a note image and of its attributes set to 0, 0xff and +1:
  // about 1,500 files, each read or refused.
  std::string Good = makeELF(ELF::ET_EXEC, ELF::EM_ARM, "noos", 1,
                             descriptor("thumbv7em-noos", "mps2-an386"),
                             armAttributes("cortex-m4", 13, 6, true));
  std::string P = (Dir + "/flip.elf").str();
  for (size_t I = 0; I < Good.size(); ++I)
    for (int V : {0x00, 0xff, int((unsigned char)Good[I]) + 1}) {
      std::string Bad = Good;
      Bad[I] = char(V);
      write("flip.elf", Bad);
      expectReadsOrFails(P, "byte " + std::to_string(I) + " = " +
                                std::to_string(V & 0xff));
    }
}

// --- the QEMU command ------------------------------------------------------

TEST(QemuCommand, EscapesCommas) {
  EXPECT_EQ(escapeQemuOptionValue("plain"), "plain");
  EXPECT_EQ(escapeQemuOptionValue("a,b"), "a,,b");
  EXPECT_EQ(escapeQemuOptionValue(",,"), ",,,,");
  EXPECT_EQ(escapeQemuOptionValue(""), "");
  EXPECT_EQ(escapeQemuOptionValue("k=v"), "k=v");
}

TEST(QemuCommand, Command) {
  QemuModel M{"qemu-system-arm", "mps2-an386", "cortex-m4"};
  RunOptions O;
  O.Image = "out/fw.elf";
  std::vector<std::string> Expect = {
      "qemu-system-arm", "-M", "mps2-an386", "-cpu", "cortex-m4",
      "-display", "none", "-monitor", "none",
      "-chardev", "stdio,id=con", "-serial", "chardev:con",
      "-chardev", "file,id=semihost,path=/dev/fd/1,append=on",
      "-semihosting-config", "enable=on,target=native,chardev=semihost,arg=fw.elf",
      "-kernel", "out/fw.elf"};
  EXPECT_EQ(qemuCommand("qemu-system-arm", M, O), Expect);

  // Program arguments, commas doubled; the debugger stub; no -cpu when the
  // board leaves it to the machine; --qemu's program.
  O.ProgramArgs = {"a,b", "", "x y", "-v"};
  O.GDBPort = 3333;
  M.CPU.clear();
  Expect = {"/opt/q", "-M", "mps2-an386", "-display", "none", "-monitor", "none",
            "-chardev", "stdio,id=con", "-serial", "chardev:con",
            "-chardev", "file,id=semihost,path=/dev/fd/1,append=on",
            "-semihosting-config",
            "enable=on,target=native,chardev=semihost,arg=fw.elf,arg=a,,b,arg=,arg=x y,arg=-v",
            "-kernel", "out/fw.elf", "-S", "-gdb", "tcp::3333"};
  EXPECT_EQ(qemuCommand("/opt/q", M, O), Expect);

  // --qemu-arg words come last, in order, as given (no escaping: they are
  // QEMU's own words), so they can add devices and serial ports.
  O.QemuArgs = {"-serial", "null", "-device", "loader,file=a,,b.bin,addr=0x0"};
  std::vector<std::string> WithArgs = qemuCommand("/opt/q", M, O);
  ASSERT_EQ(WithArgs.size(), Expect.size() + 4);
  EXPECT_TRUE(std::equal(Expect.begin(), Expect.end(), WithArgs.begin()));
  EXPECT_EQ(std::vector<std::string>(WithArgs.end() - 4, WithArgs.end()),
            O.QemuArgs);
}

// A board's own QEMU options (the i.MX6UL's second UART, virt's -nodefaults)
// come after the console's -serial: the first -serial is the console.
TEST(QemuCommand, BoardArgs) {
  QemuModel M{"qemu-system-arm", "mcimx6ul-evk", "cortex-a7",
              {"-m", "512M", "-serial", "null"}};
  RunOptions O;
  O.Image = "fw.elf";
  std::vector<std::string> Expect = {
      "qemu-system-arm", "-M", "mcimx6ul-evk", "-cpu", "cortex-a7",
      "-display", "none", "-monitor", "none",
      "-chardev", "stdio,id=con", "-serial", "chardev:con",
      "-m", "512M", "-serial", "null",
      "-chardev", "file,id=semihost,path=/dev/fd/1,append=on",
      "-semihosting-config", "enable=on,target=native,chardev=semihost,arg=fw.elf",
      "-kernel", "fw.elf"};
  EXPECT_EQ(qemuCommand("qemu-system-arm", M, O), Expect);
}

// --- fault reports ------------------------------------------------------------

TEST(FaultReport, SourceLines) {
  using V = std::vector<uint64_t>;
  EXPECT_EQ(faultSourceAddresses(
                "  source:     llvm-addr2line -fipe <image.elf> 0x000002c2"),
            V{0x2c2});
  EXPECT_EQ(faultSourceAddresses("  source:     llvm-addr2line -fipe "
                                 "<image.elf> 0x00000400 0x0000012a\r"),
            V({0x400, 0x12a}));
  // Anything else is the program's own text.
  for (const char *L :
       {"", "source: llvm-addr2line -fipe <image.elf> 0x10",
        "  source:     llvm-addr2line -fipe <image.elf>",
        "  source:     llvm-addr2line -fipe <image.elf> 0x",
        "  source:     llvm-addr2line -fipe <image.elf> 0x12 zz",
        "  source:     llvm-addr2line -fipe <image.elf> 0x12g",
        "  source:     llvm-addr2line -fipe fw.elf 0x12",
        "  source:     llvm-addr2line -fipe <image.elf> 0x11112222333344445"})
    EXPECT_EQ(faultSourceAddresses(L), V{}) << L;
}

TEST(FaultReport, UnreadableImage) {
  // No lines, and no error: the report stays as the program printed it.
  EXPECT_TRUE(symbolizeAddresses("/nonexistent/fw.elf", {0x100}).empty());
}

TEST(QemuCommand, Format) {
  EXPECT_EQ(shellQuote("plain-1.elf"), "plain-1.elf");
  EXPECT_EQ(shellQuote("enable=on,arg=a"), "enable=on,arg=a");
  EXPECT_EQ(shellQuote(""), "''");
  EXPECT_EQ(shellQuote("a b"), "'a b'");
  EXPECT_EQ(shellQuote("it's"), "'it'\\''s'");
  EXPECT_EQ(shellQuote("$HOME"), "'$HOME'");
  EXPECT_EQ(formatCommand({"q", "-M", "x y", ""}), "q -M 'x y' ''");
}

TEST(QemuCommand, DefaultSystem) {
  TargetInfo T;
  T.Arch = "arm";
  EXPECT_EQ(defaultQemuSystem(T), "qemu-system-arm");
  T.Arch = "aarch64";
  EXPECT_EQ(defaultQemuSystem(T), "qemu-system-aarch64");
  T.Arch = "riscv";
  T.AddressBits = 32;
  EXPECT_EQ(defaultQemuSystem(T), "qemu-system-riscv32");
}

// --- boards ------------------------------------------------------------------

class Boards : public TempDir {
protected:
  void SetUp() override {
    TempDir::SetUp();
    Expected<Database> D = Database::open(NOOS_SHARE_DIR);
    ASSERT_TRUE(bool(D)) << toString(D.takeError());
    DB.emplace(std::move(*D));
  }
  std::optional<Database> DB;
};

TEST_F(Boards, WhichImagesRunWhere) {
  auto Image = [](StringRef Target, StringRef Board, std::string FP = "",
                  std::optional<unsigned> Arch = std::nullopt) {
    ImageInfo I;
    I.Target = Target.str();
    I.Board = Board.str();
    I.Machine = ELF::EM_ARM;
    I.HasNote = !Target.empty();
    I.FP = FP;
    I.CPUArch = Arch;
    return I;
  };
  auto Check = [&](const ImageInfo &I, StringRef Board) {
    Expected<BoardInfo> B = DB->board(Board);
    if (!B)
      return toString(B.takeError());
    Error E = checkImageRunsOnBoard(*DB, I, "fw.elf", *B);
    return E ? toString(std::move(E)) : std::string("ok");
  };
  // Its own board; the same board with a newer core; an older core's image
  // on the same board family.
  EXPECT_EQ(Check(Image("thumbv7em-noos", "mps2-an386", "sp"), "mps2-an386"), "ok");
  EXPECT_EQ(Check(Image("thumbv7em-noos", "mps2-an386", "sp"), "mps2-an500"), "ok");
  EXPECT_EQ(Check(Image("thumbv7m-noos", "mps2-an385", "none"), "mps2-an386"), "ok");
  EXPECT_EQ(Check(Image("thumbv7m-noos", "mps2-an385", "none"), "mps2-an500"), "ok");
  // A memory map (no board): only the core and the FPU count.
  EXPECT_EQ(Check(Image("thumbv6m-noos", ""), "mps2-an386"), "ok");
  EXPECT_EQ(Check(Image("", "", "none", 12), "mps2-an505"), "ok");
  // The core.
  EXPECT_EQ(Check(Image("thumbv7em-noos", "mps2-an386"), "mps2-an385"),
            "'fw.elf' is for thumbv7em-noos (cortex-m4), and board "
            "'mps2-an385' is thumbv7m-noos (cortex-m3), whose core cannot run "
            "it: run it on a board of thumbv7em-noos (mps2-an386, mps2-an500, "
            "netduinoplus2), or rebuild it for thumbv7m-noos (clang "
            "--board=mps2-an385)");
  EXPECT_NE(Check(Image("thumbv8m.main-noos", ""), "mps2-an386")
                .find("is for thumbv8m.main-noos (cortex-m33)"),
            std::string::npos);
  // Without a note, Tag_CPU_arch (13: v7E-M).
  EXPECT_NE(Check(Image("", "", "none", 13), "microbit")
                .find("'fw.elf' is for thumbv7em-noos (cortex-m4), and board "
                      "'microbit' is thumbv6m-noos (cortex-m0)"),
            std::string::npos);
  EXPECT_NE(Check(Image("", "", "none", 99), "microbit")
                .find("is for Tag_CPU_arch 99 code"),
            std::string::npos);
  // The FPU.
  EXPECT_EQ(Check(Image("thumbv7em-noos", "mps2-an500", "dp"), "mps2-an386"),
            "'fw.elf' uses a double-precision FPU (cortex-m7), and board "
            "'mps2-an386' (cortex-m4) has a single-precision FPU: run it on a "
            "board with a double-precision FPU, or rebuild it for mps2-an386 "
            "(clang --board=mps2-an386)");
  EXPECT_NE(Check(Image("", "", "sp", 10), "mps2-an385")
                .find("uses a single-precision FPU, and board 'mps2-an385' "
                      "(cortex-m3) has no FPU"),
            std::string::npos);
  // The board.
  EXPECT_EQ(Check(Image("thumbv6m-noos", "microbit", "none"), "mps2-an386"),
            "'fw.elf' was linked for board 'microbit' (thumbv6m-noos, "
            "cortex-m0), and board 'mps2-an386' (thumbv7em-noos, cortex-m4) "
            "has another memory map and board code: run it on microbit "
            "(without --board), or relink it with --board=mps2-an386");
  EXPECT_NE(Check(Image("thumbv7em-noos", "mps2-an386", "sp"), "mps2-an505")
                .find("has another memory map: "),
            std::string::npos);
  EXPECT_NE(Check(Image("thumbv7em-noos", "myboard", "sp"), "mps2-an386")
                .find("was linked for board 'myboard', which is not in the "
                      "board database"),
            std::string::npos);
  // Another architecture.
  ImageInfo RV = Image("", "");
  RV.Machine = ELF::EM_RISCV;
  EXPECT_EQ(Check(RV, "mps2-an386"),
            "'fw.elf' holds riscv code, but board 'mps2-an386' "
            "(thumbv7em-noos) runs arm code");
}

TEST_F(Boards, Model) {
  for (auto [Name, Machine, CPU] :
       {std::tuple<StringRef, StringRef, StringRef>("mps2-an386", "mps2-an386", "cortex-m4"),
        {"netduinoplus2", "netduinoplus2", "cortex-m4"},
        {"microbit", "microbit", "cortex-m0"}}) {
    Expected<BoardInfo> B = DB->board(Name);
    ASSERT_TRUE(bool(B)) << toString(B.takeError());
    Expected<QemuModel> M = qemuModel(*DB, *B);
    ASSERT_TRUE(bool(M)) << toString(M.takeError());
    EXPECT_EQ(M->System, "qemu-system-arm");
    EXPECT_EQ(M->Machine, Machine);
    EXPECT_EQ(M->CPU, CPU);
  }
  std::vector<std::string> All = qemuBoardNames(*DB);
  EXPECT_NE(llvm::find(All, "mps2-an386"), All.end());
  EXPECT_NE(llvm::find(All, "microbit"), All.end());
  std::vector<std::string> V6 = qemuBoardNames(*DB, "thumbv6m-noos");
  EXPECT_NE(llvm::find(V6, "microbit"), V6.end());
  EXPECT_EQ(llvm::find(V6, "mps2-an386"), V6.end());
}

TEST_F(Boards, NoModel) {
  std::string P = write("bare.json", R"({
    "target": "thumbv7m-noos",
    "memory": { "flash": "0x0:256K", "ram": ["0x20000000:64K"] }
  })");
  Expected<BoardInfo> B = DB->board(P);
  ASSERT_TRUE(bool(B)) << toString(B.takeError());
  Expected<QemuModel> M = qemuModel(*DB, *B);
  ASSERT_FALSE(bool(M));
  std::string E = toString(M.takeError());
  EXPECT_NE(E.find("board 'bare' has no QEMU model"), std::string::npos) << E;
  EXPECT_NE(E.find("mps2-an386"), std::string::npos) << E;
  EXPECT_NE(E.find("microbit"), std::string::npos) << E;
}

// --- options -------------------------------------------------------------------

Expected<RunOptions> parse(std::vector<const char *> Args) {
  return parseRunArgs(Args);
}

std::string parseError(std::vector<const char *> Args) {
  Expected<RunOptions> O = parse(Args);
  if (O) {
    ADD_FAILURE() << "expected an error";
    return "";
  }
  return toString(O.takeError());
}

TEST(Options, Defaults) {
  Expected<RunOptions> O = parse({"fw.elf"});
  ASSERT_TRUE(bool(O)) << toString(O.takeError());
  EXPECT_EQ(O->Image, "fw.elf");
  EXPECT_TRUE(O->ProgramArgs.empty());
  EXPECT_EQ(O->Board, "");
  EXPECT_FALSE(O->GDBPort);
  EXPECT_EQ(O->effectiveTimeout(), 60u);
  EXPECT_FALSE(O->Verbose);
  EXPECT_FALSE(O->PrintCommand);
}

TEST(Options, OptionsStopAtTheImage) {
  Expected<RunOptions> O =
      parse({"--board=microbit", "--timeout=5", "-v", "--qemu=/q", "fw.elf",
             "--board=x", "-v", "--timeout", "a,b"});
  ASSERT_TRUE(bool(O)) << toString(O.takeError());
  EXPECT_EQ(O->Board, "microbit");
  EXPECT_EQ(O->effectiveTimeout(), 5u);
  EXPECT_TRUE(O->Verbose);
  EXPECT_EQ(O->Qemu, "/q");
  EXPECT_EQ(O->Image, "fw.elf");
  EXPECT_EQ(O->ProgramArgs,
            (std::vector<std::string>{"--board=x", "-v", "--timeout", "a,b"}));

  // Separate values, and "--" before an image that looks like an option.
  O = parse({"--board", "netduinoplus2", "--timeout", "0", "--", "-odd.elf", "--"});
  ASSERT_TRUE(bool(O)) << toString(O.takeError());
  EXPECT_EQ(O->Board, "netduinoplus2");
  EXPECT_EQ(O->effectiveTimeout(), 0u);
  EXPECT_EQ(O->Image, "-odd.elf");
  EXPECT_EQ(O->ProgramArgs, (std::vector<std::string>{"--"}));
}

TEST(Options, GDB) {
  Expected<RunOptions> O = parse({"--gdb", "fw.elf"});
  ASSERT_TRUE(bool(O)) << toString(O.takeError());
  EXPECT_EQ(O->GDBPort, std::optional<unsigned>(1234));
  EXPECT_EQ(O->effectiveTimeout(), 0u); // a person is debugging
  O = parse({"--gdb=4321", "--timeout=9", "--print-command", "fw.elf"});
  ASSERT_TRUE(bool(O)) << toString(O.takeError());
  EXPECT_EQ(O->GDBPort, std::optional<unsigned>(4321));
  EXPECT_EQ(O->effectiveTimeout(), 9u);
  EXPECT_TRUE(O->PrintCommand);
}

TEST(Options, QemuArgs) {
  // Repeatable, joined or separate, in order; program arguments after the
  // image stay the program's, --qemu-arg included.
  Expected<RunOptions> O =
      parse({"--qemu-arg=-serial", "--qemu-arg", "null", "--no-symbolize",
             "fw.elf", "--qemu-arg=x"});
  ASSERT_TRUE(bool(O)) << toString(O.takeError());
  EXPECT_EQ(O->QemuArgs, std::vector<std::string>({"-serial", "null"}));
  EXPECT_EQ(O->ProgramArgs, std::vector<std::string>({"--qemu-arg=x"}));
  EXPECT_FALSE(O->Symbolize);
  O = parse({"fw.elf"});
  ASSERT_TRUE(bool(O)) << toString(O.takeError());
  EXPECT_TRUE(O->QemuArgs.empty());
  EXPECT_TRUE(O->Symbolize);
}

TEST(Options, Errors) {
  EXPECT_NE(parseError({}).find("no image to run"), std::string::npos);
  EXPECT_NE(parseError({"-v"}).find("no image to run"), std::string::npos);
  EXPECT_NE(parseError({"--timeout=soon", "x"}).find("--timeout=soon: expected a whole number"),
            std::string::npos);
  EXPECT_NE(parseError({"--timeout=-1", "x"}).find("--timeout=-1"), std::string::npos);
  EXPECT_NE(parseError({"--gdb=0", "x"}).find("a TCP port"), std::string::npos);
  EXPECT_NE(parseError({"--gdb=70000", "x"}).find("a TCP port"), std::string::npos);
  EXPECT_NE(parseError({"--board"}).find("'--board' needs a value"), std::string::npos);
  EXPECT_NE(parseError({"--bord=x", "fw.elf"}).find("did you mean '--board=x'"),
            std::string::npos);
  EXPECT_NE(parseError({"--frobnicate", "fw.elf"}).find("unknown option '--frobnicate'"),
            std::string::npos);
  Expected<RunOptions> O = parse({"--help"});
  ASSERT_TRUE(bool(O)) << toString(O.takeError());
  EXPECT_TRUE(O->Help);
}

} // namespace
