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
/// with one note (none when \p Owner is empty).
std::string makeELF(uint16_t Type, uint16_t Machine, StringRef Owner,
                    uint32_t NoteType, StringRef Desc) {
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
  std::string ShStr("\0.note.x\0.shstrtab\0", 19);
  const uint32_t NoteOff = sizeof(ELF::Elf32_Ehdr);
  const uint32_t StrOff = NoteOff + Note.size();
  const uint32_t ShOff = (StrOff + ShStr.size() + 3) & ~3u;
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
  put<uint16_t>(Out, 3);
  put<uint16_t>(Out, 2);
  Out += Note;
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
  return Out;
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
      "-chardev", "stdio,id=con,mux=on", "-serial", "chardev:con",
      "-semihosting-config", "enable=on,target=native,chardev=con,arg=fw.elf",
      "-kernel", "out/fw.elf"};
  EXPECT_EQ(qemuCommand("qemu-system-arm", M, O), Expect);

  // Program arguments, commas doubled; the debugger stub; no -cpu when the
  // board leaves it to the machine; --qemu's program.
  O.ProgramArgs = {"a,b", "", "x y", "-v"};
  O.GDBPort = 3333;
  M.CPU.clear();
  Expect = {"/opt/q", "-M", "mps2-an386", "-display", "none", "-monitor", "none",
            "-chardev", "stdio,id=con,mux=on", "-serial", "chardev:con",
            "-semihosting-config",
            "enable=on,target=native,chardev=con,arg=fw.elf,arg=a,,b,arg=,arg=x y,arg=-v",
            "-kernel", "out/fw.elf", "-S", "-gdb", "tcp::3333"};
  EXPECT_EQ(qemuCommand("/opt/q", M, O), Expect);
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
