//===- CoreTests.cpp - Numbers, memory maps, database, script generation --===//

#include "noos/Database.h"
#include "noos/LinkerScript.h"
#include "noos/MemoryMap.h"
#include "noos/Support.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <gtest/gtest.h>
#include <map>

using namespace llvm;
using namespace noos;

namespace {

template <typename T> T take(Expected<T> V) {
  if (!V) {
    ADD_FAILURE() << toString(V.takeError());
    return T();
  }
  return std::move(*V);
}

const TargetInfo &tgt(const Database &DB, StringRef Triple) {
  Expected<const TargetInfo &> T = DB.target(Triple);
  if (!T) {
    ADD_FAILURE() << toString(T.takeError());
    return DB.targets().front();
  }
  return *T;
}

template <typename T> std::string errorOf(Expected<T> V) {
  if (V) {
    ADD_FAILURE() << "expected an error";
    return "";
  }
  return toString(V.takeError());
}

std::string errorOf(Error E) {
  if (!E)
    return "";
  return toString(std::move(E));
}

TEST(Numbers, CBasesAndSuffixes) {
  EXPECT_EQ(take(parseNumber("4096")), 4096u);
  EXPECT_EQ(take(parseNumber("0x20000000")), 0x20000000u);
  EXPECT_EQ(take(parseNumber("010")), 8u);
  EXPECT_EQ(take(parseNumber("0b101")), 5u);
  EXPECT_EQ(take(parseNumber("128K")), 128u * 1024);
  EXPECT_EQ(take(parseNumber("1M")), 1u << 20);
  EXPECT_EQ(take(parseNumber("2g")), 2ull << 30);
  EXPECT_EQ(take(parseNumber("0x10K")), 16u * 1024);
}

TEST(Numbers, Rejects) {
  EXPECT_NE(errorOf(parseNumber("")).find("empty"), std::string::npos);
  EXPECT_NE(errorOf(parseNumber("12Q")).find("not a number"), std::string::npos);
  EXPECT_NE(errorOf(parseNumber("-4")).find("not a number"), std::string::npos);
  EXPECT_NE(errorOf(parseNumber("K")).find("not a number"), std::string::npos);
  EXPECT_NE(errorOf(parseNumber("0xffffffffffffffffK")).find("64 bits"),
            std::string::npos);
  EXPECT_NE(errorOf(parseNumber("4K", /*AllowSuffix=*/false)).find("not a number"),
            std::string::npos);
  EXPECT_TRUE(looksLikeNumber("0x8000"));
  EXPECT_FALSE(looksLikeNumber("script.ld"));
}

// A value quoted in an error keeps the error on one line (the fuzzers found
// a board file's "stack-size" holding a newline).
TEST(Numbers, QuotedControlBytesStayOnOneLine) {
  std::string E = errorOf(parseNumber("v\x01\n4"));
  EXPECT_EQ(E.find('\n'), std::string::npos) << E;
  EXPECT_NE(E.find("'v\\x01\\x0a4' is not a number"), std::string::npos) << E;
  // UTF-8 in a quoted path is kept as it is.
  EXPECT_EQ(toString(makeError("board file 'caf\xc3\xa9.json'")),
            "board file 'caf\xc3\xa9.json'");
}

TEST(Numbers, Format) {
  EXPECT_EQ(formatSize(4096), "4K");
  EXPECT_EQ(formatSize(3u << 20), "3M");
  EXPECT_EQ(formatSize(1000), "1000");
  EXPECT_EQ(formatSize(0), "0");
  EXPECT_EQ(formatAddress(0x20000000), "0x20000000");
  EXPECT_EQ(formatAddress(0x100000000ull), "0x0000000100000000");
}

TEST(MemoryMap, ParseBlocks) {
  std::vector<MemBlock> B =
      take(parseBlockList("0x20000000:128K,0x10000000:64K", "-M"));
  ASSERT_EQ(B.size(), 2u);
  EXPECT_EQ(B[0].Origin, 0x20000000u);
  EXPECT_EQ(B[0].Size, 128u * 1024);
  EXPECT_EQ(B[1].Origin, 0x10000000u);
  EXPECT_EQ(B[1].str(), "0x10000000:64K");
}

TEST(MemoryMap, MalformedBlocks) {
  EXPECT_NE(errorOf(parseBlock("0x20000000", "-M")).find("expected ADDR:SIZE"),
            std::string::npos);
  EXPECT_NE(errorOf(parseBlock("0x2000:1:2", "-M")).find("expected ADDR:SIZE"),
            std::string::npos);
  EXPECT_NE(errorOf(parseBlock("zz:4K", "-M")).find("malformed address"),
            std::string::npos);
  EXPECT_NE(errorOf(parseBlock("0x0:4Q", "-F")).find("malformed size in -F"),
            std::string::npos);
  EXPECT_NE(errorOf(parseBlock("0x0:0", "-F")).find("zero-sized"),
            std::string::npos);
  // Suffixes are sizes, not addresses.
  EXPECT_NE(errorOf(parseBlock("1M:4K", "-M")).find("malformed address"),
            std::string::npos);
}

MemoryMap flashMap() {
  MemoryMap M;
  M.Flash = MemBlock{0x08000000, 1 << 20};
  M.RAM = {MemBlock{0x20000000, 128 << 10}, MemBlock{0x10000000, 64 << 10}};
  M.StackSize = 8 << 10;
  return M;
}

TEST(MemoryMap, ValidMaps) {
  EXPECT_EQ(errorOf(flashMap().validate(32)), "");
  MemoryMap M = flashMap();
  M.TextStart = 0x08004000; // bootloader offset
  EXPECT_EQ(errorOf(M.validate(32)), "");
  EXPECT_EQ(M.effectiveTextStart(), 0x08004000u);
  MemoryMap R; // TamaGo-style RAM image
  R.RAM = {MemBlock{0x80000000, 256 << 20}};
  R.StackSize = 64 << 10;
  EXPECT_EQ(errorOf(R.validate(32)), "");
  EXPECT_EQ(R.effectiveTextStart(), 0x80010000u);
  R.TextStart = 0x80010000;
  R.Quantum = 0x1000;
  EXPECT_EQ(errorOf(R.validate(32)), "");
}

// A layout that keeps the stack among the data ("stack-in-data", RISC-V):
// a RAM-loaded image starts at the RAM origin, where the harts start, and
// a text start below origin + stack size is no error.
TEST(MemoryMap, StackInData) {
  MemoryMap R;
  R.RAM = {MemBlock{0x80000000, 6 << 20}};
  R.StackSize = 16 << 10;
  R.StackInData = true;
  EXPECT_EQ(errorOf(R.validate(64)), "");
  EXPECT_EQ(R.effectiveTextStart(), 0x80000000u);
  R.TextStart = 0x80000000;
  EXPECT_EQ(errorOf(R.validate(64)), "");
  R.StackInData = false;
  EXPECT_NE(errorOf(R.validate(64)).find("bytes below it for a stack"),
            std::string::npos);
}

TEST(MemoryMap, Diagnostics) {
  struct Case {
    std::function<void(MemoryMap &)> Edit;
    const char *Expect;
  } Cases[] = {
      {[](MemoryMap &M) { M.RAM.clear(); }, "no RAM"},
      {[](MemoryMap &M) { M.RAM.push_back({0x30000000, 4096}); },
       "too many RAM blocks (3)"},
      {[](MemoryMap &M) { M.RAM[1] = {0x2001f000, 8192}; }, "overlap"},
      {[](MemoryMap &M) { M.Flash = MemBlock{0x1fff0000, 1 << 20}; },
       "overlaps RAM block"},
      {[](MemoryMap &M) { M.RAM[0] = {0xfffff000, 0x2000}; },
       "ends past the 32-bit address space"},
      {[](MemoryMap &M) { M.TextStart = 0x20000000; }, "is outside the flash"},
      {[](MemoryMap &M) { M.StackSize = 128 << 10; }, "does not fit in RAM block 1"},
      {[](MemoryMap &M) { M.Quantum = 0x3000; }, "not a power of two"},
      // The stack at the bottom of RAM block 1 inherits its alignment.
      {[](MemoryMap &M) { M.RAM[0] = {0x20000004, 128 << 10}; },
       "RAM block 1 0x20000004:128K starts at 0x20000004, which is not a "
       "multiple of 8: the main stack at the bottom of RAM needs 8-byte "
       "alignment (AAPCS); start the block at 0x20000008 (-M "
       "0x20000008:131068)"},
      // Block 2 holds no stack: any alignment will do for it.
      {[](MemoryMap &M) {
         M.RAM[1] = {0x10000002, 64 << 10};
         M.StackSize = 128 << 10;
       },
       "does not fit in RAM block 1"},
      {[](MemoryMap &M) {
         M.Flash.reset();
         M.TextStart = 0x20001000;
       },
       "leaves 4096 bytes below it for a stack of 8192"},
      {[](MemoryMap &M) {
         M.Flash.reset();
         M.TextStart = 0x30000000;
       },
       "is outside RAM block 1"},
  };
  for (const Case &C : Cases) {
    MemoryMap M = flashMap();
    C.Edit(M);
    std::string E = errorOf(M.validate(32));
    EXPECT_NE(E.find(C.Expect), std::string::npos)
        << "expected '" << C.Expect << "' in '" << E << "'";
    EXPECT_EQ(E.find('\n'), std::string::npos) << "one line: " << E;
  }
}

TEST(Inheritance, MergesObjectsAndDetectsCycles) {
  std::map<std::string, json::Object> Files;
  Files["base"] = json::Object{{"a", 1},
                               {"mem", json::Object{{"ram", "x"}, {"flash", "f"}}},
                               {"abstract", true}};
  Files["mid"] = json::Object{{"inherits", "base"},
                              {"mem", json::Object{{"ram", "y"}}},
                              {"b", 2}};
  Files["leaf"] = json::Object{{"inherits", json::Array{"mid"}}, {"a", 3}};
  Files["loop1"] = json::Object{{"inherits", "loop2"}};
  Files["loop2"] = json::Object{{"inherits", "loop1"}};
  auto Lookup = [&](StringRef N) -> Expected<json::Object> {
    auto It = Files.find(N.str());
    if (It == Files.end())
      return makeError("no " + N);
    return It->second;
  };
  json::Object Leaf = take(resolveInheritance("leaf", Lookup));
  EXPECT_EQ(Leaf.getInteger("a"), 3);
  EXPECT_EQ(Leaf.getInteger("b"), 2);
  EXPECT_EQ(Leaf.getObject("mem")->getString("ram"), "y");
  EXPECT_EQ(Leaf.getObject("mem")->getString("flash"), "f");
  EXPECT_FALSE(Leaf.get("abstract")); // abstract is not inherited
  EXPECT_FALSE(Leaf.get("inherits"));
  EXPECT_NE(errorOf(resolveInheritance("loop1", Lookup)).find("inheritance cycle"),
            std::string::npos);
  EXPECT_NE(errorOf(resolveInheritance("nope", Lookup)).find("no nope"),
            std::string::npos);
}

TEST(Inheritance, SharedParentsResolvedOnce) {
  // A lattice: each of a<i>, b<i> inherits both a<i+1> and b<i+1>. Without
  // memoizing, resolving a0 looks up 2^30 paths.
  const unsigned Levels = 30;
  std::map<std::string, unsigned> Calls;
  auto Lookup = [&](StringRef N) -> Expected<json::Object> {
    ++Calls[N.str()];
    unsigned Level = 0;
    N.drop_front().getAsInteger(10, Level);
    if (Level == Levels)
      return json::Object{{"deep", int64_t(Level)}, {N.str(), true}};
    std::string Next = std::to_string(Level + 1);
    return json::Object{{"inherits", json::Array{"a" + Next, "b" + Next}},
                        {N.str(), true}};
  };
  json::Object O = take(resolveInheritance("a0", Lookup));
  EXPECT_EQ(O.getInteger("deep"), int64_t(Levels));
  EXPECT_TRUE(O.get("b30"));
  EXPECT_EQ(Calls.size(), 2 * Levels + 1);
  for (const auto &KV : Calls)
    EXPECT_EQ(KV.second, 1u) << KV.first; // each file read once
}

TEST(Inheritance, Limits) {
  auto Chain = [](StringRef N) -> Expected<json::Object> {
    unsigned I = 0;
    N.drop_front().getAsInteger(10, I);
    return json::Object{{"inherits", "c" + std::to_string(I + 1)}};
  };
  EXPECT_EQ(errorOf(resolveInheritance("c0", Chain)),
            "'c0' inherits through more than 32 levels (at 'c32'): shorten "
            "the \"inherits\" chain");
  auto Lists = [](StringRef N) -> Expected<json::Object> {
    if (N == "twice")
      return json::Object{{"inherits", json::Array{"p", "p"}}};
    if (N == "number")
      return json::Object{{"inherits", json::Array{"p", 3}}};
    if (N == "many") {
      json::Array A;
      for (int I = 0; I < 17; ++I)
        A.push_back("p" + std::to_string(I));
      return json::Object{{"inherits", std::move(A)}};
    }
    if (N == "object")
      return json::Object{{"inherits", json::Object{}}};
    return json::Object{};
  };
  for (const char *N : {"twice", "number", "many", "object"})
    EXPECT_EQ(errorOf(resolveInheritance(N, Lists)),
              "'" + std::string(N) +
                  "': \"inherits\" must be a name or a list of at most 16 "
                  "different names");
  json::Array Sixteen;
  for (int I = 0; I < 16; ++I)
    Sixteen.push_back("p" + std::to_string(I));
  auto Ok = [&](StringRef N) -> Expected<json::Object> {
    if (N == "ok")
      return json::Object{{"inherits", json::Value(json::Array(Sixteen))}};
    json::Object O;
    O[N.str()] = 1;
    return O;
  };
  json::Object O = take(resolveInheritance("ok", Ok));
  EXPECT_EQ(O.size(), 16u);
}

TEST(DataFile, NestingIsBoundedBeforeParsing) {
  auto Nested = [](unsigned Depth, StringRef Open, StringRef Close) {
    std::string S = "{\"x\": ";
    for (unsigned I = 1; I < Depth; ++I)
      S += Open;
    for (unsigned I = 1; I < Depth; ++I)
      S += Close;
    return S + "}";
  };
  EXPECT_TRUE(bool(take(parseDataFile(Nested(64, "[", "]"), "f.json")).get("x")));
  EXPECT_EQ(errorOf(parseDataFile(Nested(65, "[", "]"), "f.json")),
            "f.json: JSON nested more than 64 levels deep: fix the file");
  // Far deeper than the stack would take, objects as well as arrays.
  EXPECT_NE(errorOf(parseDataFile(Nested(1000000, "{\"a\":", "}"), "f.json"))
                .find("nested more than 64"),
            std::string::npos);
  // Brackets in strings, escaped quotes included, are not nesting.
  std::string Str = "{\"x\": \"\\\"" + std::string(1000, '[') + "\"}";
  EXPECT_EQ(take(parseDataFile(Str, "f.json")).getString("x")->size(), 1001u);
  // Unbalanced garbage is still an error, not a crash.
  EXPECT_NE(errorOf(parseDataFile("]]]]{", "f.json")).find("invalid JSON"),
            std::string::npos);
  EXPECT_NE(errorOf(parseDataFile("[1]", "f.json")).find("top level"),
            std::string::npos);
}

TEST(DataFile, OnlyRegularFilesOfBoundedSize) {
  EXPECT_EQ(errorOf(readDataFile("/dev/zero", "board file")),
            "board file '/dev/zero' is a character device, not a regular "
            "file: give the path of a JSON file");
  SmallString<128> Dir;
  ASSERT_FALSE(sys::fs::createUniqueDirectory("noos-data", Dir));
  EXPECT_NE(errorOf(readDataFile(Dir, "board file")).find("is a directory"),
            std::string::npos);
  SmallString<128> Big(Dir);
  sys::path::append(Big, "big.json");
  {
    std::error_code EC;
    raw_fd_ostream OS(Big, EC);
    OS << "{\"comment\": \"" << std::string(MaxDataFileSize, 'x') << "\"}";
  }
  EXPECT_NE(errorOf(readDataFile(Big, "board file"))
                .find("more than the 1048576 (1 MiB)"),
            std::string::npos);
  EXPECT_NE(errorOf(readDataFile((Dir + "/none.json").str(), "board file"))
                .find("cannot read"),
            std::string::npos);
  sys::fs::remove_directories(Dir);
}

// Variants named by ISA string and ABI: the exact one, else the nearest
// compatible one (a subset of the extensions, same base and ABI).
TEST(Multilib, ISAVariants) {
  TargetInfo T;
  T.Name = "riscv32";
  T.March = "rv32imac";
  T.ABI = "ilp32";
  for (const char *M : {"rv32i", "rv32imac", "rv32imafc"}) {
    Multilib L;
    L.March = M;
    L.ABI = std::string(M) == "rv32imafc" ? "ilp32f" : "ilp32";
    L.Dir = L.March + "/" + L.ABI;
    T.Multilibs.push_back(L);
  }
  T.Sysroot.LibDirs = {"/lib/{multilib}"};
  bool Nearest = true;
  Expected<const Multilib &> E = T.multilibForISA("rv32imac", "ilp32", &Nearest);
  ASSERT_TRUE(bool(E));
  EXPECT_EQ(E->Dir, "rv32imac/ilp32");
  EXPECT_FALSE(Nearest);
  // Order and version-free multi-letter extensions do not matter; "g" is
  // imafd.
  E = T.multilibForISA("rv32imac_zicsr_zifencei", "ilp32", &Nearest);
  ASSERT_TRUE(bool(E));
  EXPECT_EQ(E->Dir, "rv32imac/ilp32");
  E = T.multilibForISA("rv32imacb", "ilp32", &Nearest);
  ASSERT_TRUE(bool(E));
  EXPECT_EQ(E->Dir, "rv32imac/ilp32");
  EXPECT_TRUE(Nearest);
  E = T.multilibForISA("rv32gc", "ilp32f", &Nearest);
  ASSERT_TRUE(bool(E));
  EXPECT_EQ(E->Dir, "rv32imafc/ilp32f");
  EXPECT_TRUE(Nearest);
  E = T.multilibForISA("rv32ic", "ilp32", &Nearest);
  ASSERT_TRUE(bool(E));
  EXPECT_EQ(E->Dir, "rv32i/ilp32");
  std::string Err = errorOf(T.multilibForISA("rv32imac", "ilp32d"));
  EXPECT_NE(Err.find("no library variant of riscv32-noos for -march=rv32imac "
                     "-mabi=ilp32d: the variants are rv32i/ilp32, "
                     "rv32imac/ilp32, rv32imafc/ilp32f"),
            std::string::npos)
      << Err;
  EXPECT_NE(errorOf(T.multilibForISA("rv64imac", "ilp32")).find("no library"),
            std::string::npos);
  EXPECT_NE(errorOf(T.multilibForISA("x86", "ilp32"))
                .find("not an ISA string such as rv32imac"),
            std::string::npos);
  // A variant's own library directories replace the target's.
  EXPECT_EQ(T.libDirs(T.Multilibs[1]),
            std::vector<std::string>{"/lib/rv32imac/ilp32"});
  T.Multilibs[1].LibDirs = {"/other/{multilib}", "/top"};
  EXPECT_EQ(T.libDirs(T.Multilibs[1]),
            (std::vector<std::string>{"/other/rv32imac/ilp32", "/top"}));
}

class DatabaseTest : public ::testing::Test {
protected:
  void SetUp() override {
    Expected<Database> D = Database::open(NOOS_SHARE_DIR);
    ASSERT_TRUE(bool(D)) << toString(D.takeError());
    DB.emplace(std::move(*D));
  }
  std::optional<Database> DB;
};

TEST_F(DatabaseTest, Targets) {
  const TargetInfo &T = tgt(*DB, "thumbv7em-noos");
  EXPECT_EQ(T.CPU, "cortex-m4");
  EXPECT_EQ(T.FloatABI, "hard");
  EXPECT_EQ(T.FPU, "fpv4-sp-d16");
  EXPECT_EQ(T.llvmTriple(true), "thumbv7em-unknown-none-eabihf");
  EXPECT_EQ(T.LinkerScript, "arm-m.ld"); // inherited from arm-m
  EXPECT_TRUE(T.isMProfile());
  for (const char *Spelling :
       {"thumbv7em-noos-eabihf", "thumbv7em-noos-eabi",
        "thumbv7em-unknown-none-eabihf", "thumbv7em"})
    EXPECT_EQ(tgt(*DB, Spelling).Name, "thumbv7em");
  EXPECT_EQ(tgt(*DB, "thumbv6m-noos").CPU,
            "cortex-m0plus");
  EXPECT_EQ(tgt(*DB, "thumbv8m.main-noos").FPU,
            "fpv5-sp-d16");
  std::string E = errorOf(DB->target("thumbv9z-noos"));
  EXPECT_NE(E.find("unknown target 'thumbv9z-noos'"), std::string::npos);
  EXPECT_NE(E.find("thumbv6m-noos"), std::string::npos);
  EXPECT_NE(errorOf(DB->target("thumbv7em-linux-gnu")).find("unknown target"),
            std::string::npos);
  // abstract arm-m is not a target; the A-profile ones are (issue 9).
  EXPECT_EQ(DB->targets().size(), 9u); // and riscv32, riscv64 (issue 10)
  EXPECT_EQ(tgt(*DB, "aarch64-noos").ELFMachine, unsigned(ELF::EM_AARCH64));
  EXPECT_EQ(tgt(*DB, "armv7a-noos").Profile, "A");
  EXPECT_FALSE(tgt(*DB, "aarch64-noos").FloatOptions);
  EXPECT_TRUE(tgt(*DB, "thumbv7m-noos").FloatOptions);
  // RISC-V: variants by -march/-mabi, the stack among the data.
  EXPECT_TRUE(tgt(*DB, "riscv64-noos").hasISAVariants());
  EXPECT_FALSE(tgt(*DB, "thumbv7em-noos").hasISAVariants());
  EXPECT_TRUE(tgt(*DB, "riscv32-noos").StackInData);
  EXPECT_EQ(tgt(*DB, "riscv64-noos").llvmTriple(false), "riscv64-unknown-elf");
  // armv7a's Tag_CPU_arch (v7) is thumbv7m's too: it is not inferred from
  // an object, so an ARMv7-M object still means thumbv7m.
  EXPECT_EQ(tgt(*DB, "armv7a-noos").CPUArchTag, -1);
}

// Load::OnDemand (the compiler driver's): the same targets as Load::All,
// read piece by piece; a broken target it does not use costs it nothing,
// one it uses fails as Load::All fails.
namespace {
/// A data directory whose targets.json is \p Text (the boards are not
/// needed here).
struct DataDir {
  SmallString<128> Path;
  explicit DataDir(StringRef Text) {
    EXPECT_FALSE(sys::fs::createUniqueDirectory("noos-targets", Path));
    std::error_code EC;
    raw_fd_ostream OS((Path + "/targets.json").str(), EC);
    OS << Text;
  }
  ~DataDir() { sys::fs::remove_directories(Path); }
};

std::string installedTargets() {
  auto B = MemoryBuffer::getFile(NOOS_SHARE_DIR "/targets.json");
  EXPECT_TRUE(bool(B));
  return B ? (*B)->getBuffer().str() : std::string();
}

/// targets.json with \p Edit applied to its "targets" object.
std::string editedTargets(function_ref<void(json::Object &)> Edit) {
  Expected<json::Value> V = json::parse(installedTargets());
  EXPECT_TRUE(bool(V));
  if (!V)
    return "";
  Edit(*V->getAsObject()->getObject("targets"));
  std::string S;
  raw_string_ostream OS(S);
  OS << formatv("{0:2}", *V);
  return S;
}

/// What a target's users read, as one string to compare.
std::string describe(const TargetInfo &T) {
  std::string S;
  raw_string_ostream OS(S);
  OS << T.Name << '|' << T.Arch << '|' << T.Profile << '|' << T.LLVMArch << '|'
     << T.CPU << '|' << T.FloatABI << '|' << T.FPU << '|' << T.ELFMachine
     << '|' << T.CPUArchTag << '|' << T.AddressBits << '|' << T.MaxIRQCount
     << '|' << T.DefaultStackSize << '|' << T.LinkerScript << '|'
     << T.DefaultBoard << '|' << T.Runtime << '|' << T.March << '|' << T.ABI
     << '|' << T.ThumbChecks << T.StoredLabelCheck << T.StackCheck
     << T.StackInData << T.FloatOptions << '|';
  for (const Multilib &M : T.Multilibs)
    OS << M.FloatABI << ',' << M.FP << ',' << M.Dir << ',' << M.March << ','
       << M.ABI << ',' << join(M.LibDirs, ":") << ';';
  for (const FaultReport &R : T.FaultReports)
    OS << R.Name << ',' << R.Symbol << ',' << R.DefaultHandler << ';';
  for (const auto &KV : T.StackFrames)
    OS << KV.first << '=' << KV.second << ';';
  for (const auto *M : {&T.FPUKinds, &T.CPUFPUs, &T.CPULLDFlags})
    for (const auto &KV : *M)
      OS << KV.first << '=' << KV.second << ';';
  for (int Tag : T.RunsCPUArchTags)
    OS << Tag << ',';
  for (const auto &KV : T.ABIELFFlags)
    OS << KV.first << '=' << KV.second << ';';
  OS << join(T.LLDFlags, " ") << '|' << join(T.CodeFlags, " ") << '|'
     << join(T.CPUs, " ") << '|' << join(T.Exceptions, " ") << '|'
     << join(T.Sysroot.Include, ":") << '|' << join(T.Sysroot.LibDirs, ":")
     << '|' << join(T.Sysroot.Libs, " ") << '|' << join(T.Sysroot.CXXLibs, " ")
     << '|' << join(T.Sysroot.CXXInclude, ":");
  return S;
}
} // namespace

TEST(DatabaseOnDemand, SameTargetsAsAll) {
  Database All = take(Database::open(NOOS_SHARE_DIR));
  for (const TargetInfo &T : All.targets()) {
    Database Lazy =
        take(Database::open(NOOS_SHARE_DIR, Database::Load::OnDemand));
    EXPECT_EQ(describe(tgt(Lazy, T.noosTriple())), describe(T));
    EXPECT_EQ(&tgt(Lazy, T.Name), &tgt(Lazy, T.noosTriple())); // built once
  }
  Database Lazy = take(Database::open(NOOS_SHARE_DIR, Database::Load::OnDemand));
  EXPECT_EQ(tgt(Lazy, "thumbv7em-unknown-none-eabihf").Name, "thumbv7em");
  // An unknown or abstract name is looked up among all: the same error.
  EXPECT_EQ(errorOf(Lazy.target("arm-m-noos")), errorOf(All.target("arm-m-noos")));
  EXPECT_EQ(errorOf(Lazy.target("thumbv9z-noos")),
            errorOf(All.target("thumbv9z-noos")));
  EXPECT_FALSE(bool(Lazy.loadAll()));
  ASSERT_EQ(Lazy.targets().size(), All.targets().size());
  for (size_t I = 0; I < All.targets().size(); ++I)
    EXPECT_EQ(describe(Lazy.targets()[I]), describe(All.targets()[I]));
}

TEST(DatabaseOnDemand, ReadsOnlyTheTargetUsed) {
  // A bad value in thumbv6m: Load::All refuses the database; on demand,
  // thumbv7em still works and thumbv6m fails with Load::All's error.
  DataDir BadValue(editedTargets([](json::Object &T) {
    (*(*T.getObject("thumbv6m")->getArray("multilibs"))[0].getAsObject())
        ["dir"] = 1;
  }));
  std::string AllError = errorOf(Database::open(BadValue.Path));
  EXPECT_NE(AllError.find("thumbv6m: \"multilibs[].dir\" must be a string"),
            std::string::npos) << AllError;
  Database Lazy = take(Database::open(BadValue.Path, Database::Load::OnDemand));
  EXPECT_EQ(tgt(Lazy, "thumbv7em-noos").CPU, "cortex-m4");
  EXPECT_EQ(errorOf(Lazy.target("thumbv6m-noos")), AllError);
  EXPECT_EQ(errorOf(Lazy.loadAll()), AllError);

  // A bad value in the base every Cortex-M target inherits: each of them
  // fails, naming the target, as with Load::All.
  DataDir BadBase(editedTargets([](json::Object &T) {
    (*T.getObject("arm-m"))["address-bits"] = 128;
  }));
  Database LazyBase = take(Database::open(BadBase.Path, Database::Load::OnDemand));
  EXPECT_NE(errorOf(LazyBase.target("thumbv7em-noos"))
                .find("thumbv7em: \"address-bits\" is 128, outside the range"),
            std::string::npos);
  EXPECT_EQ(tgt(LazyBase, "riscv32-noos").AddressBits, 32u);

  // A JSON error inside thumbv6m's piece: thumbv7em works; thumbv6m gets
  // the whole file's error (its line and column in targets.json).
  std::string Text = installedTargets();
  size_t At = Text.find("\"cortex-m0plus\"");
  ASSERT_NE(At, std::string::npos);
  Text.replace(At, strlen("\"cortex-m0plus\""), "cortex-m0plus");
  DataDir BadJSON(Text);
  AllError = errorOf(Database::open(BadJSON.Path));
  EXPECT_NE(AllError.find("invalid JSON"), std::string::npos) << AllError;
  Database LazyJSON = take(Database::open(BadJSON.Path, Database::Load::OnDemand));
  EXPECT_EQ(tgt(LazyJSON, "thumbv7em-noos").Name, "thumbv7em");
  EXPECT_EQ(errorOf(LazyJSON.target("thumbv6m-noos")), AllError);

  // Not the plain shape (a key the file may not have, brackets that do not
  // match): read whole at once, failing as Load::All does.
  for (std::string Broken :
       {editedTargets([](json::Object &) {}).insert(1, "\"x\": 1, "),
        installedTargets() + "}", std::string("{\"targets\": {\"a\": [}}")}) {
    DataDir D(Broken);
    std::string E = errorOf(Database::open(D.Path));
    EXPECT_EQ(errorOf(Database::open(D.Path, Database::Load::OnDemand)), E);
  }
}

TEST_F(DatabaseTest, ArchitectureChoicesAreData) {
  // What differs between the Arm profiles is in targets.json: the layout,
  // the runtime directory, whether the Thumb checks apply, the stack
  // analysis' frames, the LLD erratum fixes per CPU.
  const TargetInfo &M = tgt(*DB, "thumbv7em-noos");
  EXPECT_TRUE(M.ThumbChecks); // inherited from arm-m
  EXPECT_TRUE(M.StackCheck);
  EXPECT_EQ(M.Runtime, "arm-m");
  EXPECT_TRUE(M.CPULLDFlags.empty());
  const TargetInfo &A = tgt(*DB, "armv7a-noos");
  EXPECT_FALSE(A.ThumbChecks);
  EXPECT_TRUE(A.StackCheck); // A-profile frames (kentry.S's context)
  EXPECT_EQ(A.stackFrame("exception"), 76u);
  EXPECT_NE(M.stackFrame("exception"), A.stackFrame("exception"));
  EXPECT_EQ(A.LinkerScript, "arm-a.ld");
  EXPECT_EQ(A.Runtime, "armv7a");
  ASSERT_EQ(A.CPULLDFlags.count("cortex-a8"), 1u);
  EXPECT_EQ(A.CPULLDFlags.at("cortex-a8"), "--fix-cortex-a8");
  EXPECT_EQ(A.CPULLDFlags.count("cortex-a7"), 0u);
  // TamaGo's -R as the i.MX6UL board's default.
  BoardInfo Imx = take(DB->board("mcimx6ul-evk"));
  EXPECT_EQ(Imx.Memory.Quantum, 0x1000u);
  ASSERT_TRUE(Imx.Memory.TextStart.has_value());
  EXPECT_EQ(*Imx.Memory.TextStart, 0x80010000u);
  EXPECT_EQ(Imx.Code, "imx6ul");
  EXPECT_EQ(take(DB->board("virt-a7")).Memory.Quantum, 0u);
}

TEST_F(DatabaseTest, FaultReports) {
  // Every Cortex-M target's runtime offers the same four, record first (the
  // default: the whole report, decoded on the host); aarch64's runtime has
  // and armv7a's have full (the default), short and none; RISC-V's has the
  // same four as Cortex-M.
  for (const TargetInfo &T : DB->targets()) {
    if (T.Arch == "riscv") {
      ASSERT_EQ(T.FaultReports.size(), 4u) << T.Name;
      EXPECT_EQ(T.faultReport("")->Name, "record");
      EXPECT_EQ(T.faultReport("record")->Symbol, "noos_fault_record");
      EXPECT_EQ(T.faultReport("full")->Symbol, "noos_fault_full");
      EXPECT_EQ(T.faultReport("short")->Symbol, "noos_fault_short");
      EXPECT_EQ(T.faultReport("none")->Symbol, "noos_fault_none");
      EXPECT_NE(errorOf(T.faultReport("brief")).find("use record, full, short or none"),
                std::string::npos);
      continue;
    }
    if (T.Runtime == "aarch64" || T.Runtime == "armv7a") {
      ASSERT_EQ(T.FaultReports.size(), 3u) << T.Name;
      Expected<const FaultReport &> Full = T.faultReport("");
      ASSERT_TRUE(bool(Full)) << toString(Full.takeError());
      EXPECT_EQ(Full->Symbol, "noos_fault_full");
      EXPECT_EQ(T.faultReport("short")->Symbol, "noos_fault_short");
      EXPECT_EQ(T.faultReport("none")->Symbol, "noos_fault_none");
      EXPECT_NE(errorOf(T.faultReport("record")).find("use full, short or none"),
                std::string::npos);
      continue;
    }
    if (!T.isMProfile()) {
      EXPECT_TRUE(T.FaultReports.empty()) << T.Name;
      EXPECT_NE(errorOf(T.faultReport("")).find("no fault reports"),
                std::string::npos);
      continue;
    }
    ASSERT_EQ(T.FaultReports.size(), 4u) << T.Name;
    Expected<const FaultReport &> Default = T.faultReport("");
    ASSERT_TRUE(bool(Default)) << toString(Default.takeError());
    EXPECT_EQ(Default->Name, "record");
    EXPECT_EQ(Default->Symbol, "noos_fault_record");
  }
  const TargetInfo &T = tgt(*DB, "thumbv6m-noos");
  Expected<const FaultReport &> Short = T.faultReport("short");
  ASSERT_TRUE(bool(Short)) << toString(Short.takeError());
  EXPECT_EQ(Short->Symbol, "noos_fault_short");
  Expected<const FaultReport &> Record = T.faultReport("record");
  ASSERT_TRUE(bool(Record)) << toString(Record.takeError());
  EXPECT_EQ(Record->Symbol, "noos_fault_record");
  EXPECT_EQ(errorOf(T.faultReport("verbose")),
            "--fault-report=verbose is not a fault report: use record, full, "
            "short or none");
  TargetInfo Bare;
  Bare.Name = "thumbv9";
  EXPECT_NE(errorOf(Bare.faultReport("")).find("no fault reports"),
            std::string::npos);
}

TEST_F(DatabaseTest, TargetFromObjectAttributes) {
  const TargetInfo *T = DB->targetForObject(40 /*EM_ARM*/, 13 /*v7E-M*/);
  ASSERT_TRUE(T);
  EXPECT_EQ(T->Name, "thumbv7em");
  EXPECT_EQ(DB->targetForObject(40, 12)->Name, "thumbv6m");
  EXPECT_EQ(DB->targetForObject(62 /*x86-64*/, -1), nullptr);
}

TEST_F(DatabaseTest, Boards) {
  BoardInfo B = take(DB->board("netduinoplus2"));
  EXPECT_EQ(B.Target, "thumbv7em-noos"); // from stm32f405
  EXPECT_EQ(B.QemuMachine, "netduinoplus2");
  ASSERT_TRUE(B.Memory.Flash.has_value());
  EXPECT_EQ(B.Memory.Flash->Origin, 0x08000000u);
  ASSERT_EQ(B.Memory.RAM.size(), 2u);
  EXPECT_EQ(B.Memory.RAM[1].Origin, 0x10000000u);
  EXPECT_EQ(B.Memory.StackSize, 8u << 10);
  BoardInfo A = take(DB->board("mps2-an505"));
  EXPECT_EQ(A.Memory.Flash->Origin, 0x10000000u); // overrides mps2's
  EXPECT_EQ(A.IRQCount, 96u);
  std::vector<std::string> Names = DB->boardNames();
  for (const char *N : {"mps2-an385", "mps2-an386", "mps2-an500", "mps2-an505",
                        "microbit", "netduinoplus2", "lm3s6965evb"})
    EXPECT_NE(std::find(Names.begin(), Names.end(), N), Names.end()) << N;
  EXPECT_EQ(std::find(Names.begin(), Names.end(), "mps2"), Names.end());
  EXPECT_NE(errorOf(DB->board("mps2")).find("is abstract"), std::string::npos);
  std::string E = errorOf(DB->board("nosuchboard"));
  EXPECT_NE(E.find("unknown board 'nosuchboard'"), std::string::npos);
  EXPECT_NE(E.find("microbit"), std::string::npos);
}

TEST_F(DatabaseTest, UserBoardFileInheritsFromDatabase) {
  SmallString<128> Dir;
  ASSERT_FALSE(sys::fs::createUniqueDirectory("noos-board", Dir));
  SmallString<128> File(Dir);
  sys::path::append(File, "myboard.json");
  {
    std::error_code EC;
    raw_fd_ostream OS(File, EC);
    OS << R"({"inherits": "stm32f405", "memory": {"text-start": "0x08004000"},
              "stack-size": "16K"})";
  }
  BoardInfo B = take(DB->board(File));
  EXPECT_EQ(B.Name, "myboard");
  EXPECT_EQ(*B.Memory.TextStart, 0x08004000u);
  EXPECT_EQ(B.Memory.StackSize, 16u << 10);
  EXPECT_EQ(B.Memory.RAM.size(), 2u);
  {
    std::error_code EC;
    raw_fd_ostream OS(File, EC);
    OS << R"({"target": "thumbv7em-noos", "memory": {"ram": ["0x20000000"]}})";
  }
  EXPECT_NE(errorOf(DB->board(File)).find("expected ADDR:SIZE"), std::string::npos);
  {
    std::error_code EC;
    raw_fd_ostream OS(File, EC);
    OS << R"({"target": "thumbv7em-noos", )"; // truncated
  }
  EXPECT_NE(errorOf(DB->board(File)).find("invalid JSON"), std::string::npos);
  EXPECT_NE(errorOf(DB->board("/nonexistent/b.json")).find("does not exist"),
            std::string::npos);
  sys::fs::remove_directories(Dir);
}

TEST_F(DatabaseTest, BoardFileTypesAndRanges) {
  SmallString<128> Dir;
  ASSERT_FALSE(sys::fs::createUniqueDirectory("noos-board", Dir));
  SmallString<128> File(Dir);
  sys::path::append(File, "b.json");
  auto Try = [&](StringRef Text) {
    {
      std::error_code EC;
      raw_fd_ostream OS(File, EC);
      OS << Text;
    }
    Expected<BoardInfo> B = DB->board(File);
    if (B)
      return std::string("ok");
    std::string E = toString(B.takeError());
    EXPECT_EQ(E.find('\n'), std::string::npos) << "one line: " << E;
    EXPECT_EQ(E.rfind(std::string(File) + ": ", 0), 0u) << E;
    return E.substr(File.size() + 2);
  };
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "irq-count": 4294967296})"),
            "\"irq-count\" is 4294967296, outside the range 0 to 496 of "
            "thumbv7em-noos's interrupt controller (\"max-irq-count\" in "
            "targets.json): give a number in that range");
  EXPECT_NE(Try(R"({"inherits": "microbit", "irq-count": "33"})")
                .find("is 33, outside the range 0 to 32 of thumbv6m-noos"),
            std::string::npos);
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "irq-count": 18446744073709551615})"),
            "\"irq-count\" is 18446744073709551615, outside the range 0 to "
            "496 of thumbv7em-noos's interrupt controller (\"max-irq-count\" "
            "in targets.json): give a number in that range");
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "irq-count": 496})"), "ok");
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "stack-size": 8, "comment": "x"})"),
            "ok");
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "stack-size": "4M"})"),
            "\"stack-size\" is 4194304, outside the range 0 to 4194303 of RAM "
            "block 1 (0x20000000:4M): give a number in that range");
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "memory": {"ram": ["0xffffff00:1K"]}})"),
            "\"memory.ram\" 0xffffff00:1K ends past the 32-bit addresses of "
            "thumbv7em-noos (0x0 to 0xffffffff): lower its address or size");
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "memory": {"ram": ["0xfffff000:4K"]}, "stack-size": 2048})"),
            "ok"); // ends exactly at the top
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "irq-names": ["A", "A"]})"),
            "\"irq-names\" names 'A' twice (interrupts 0 and 1): give each "
            "interrupt its own name");
  EXPECT_NE(Try(R"({"inherits": "mps2-an386", "irq-names": ["A-B"]})")
                .find("'A-B' is not a C identifier"),
            std::string::npos);
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "irq-names": ["_a1", "", ""]})"),
            "ok");
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "description": 1})"),
            "\"description\" must be a string");
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "irq-names": "UART0"})"),
            "\"irq-names\" must be a list of strings");
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "memory": {"ram": "0x0:1K"}})"),
            "\"memory.ram\" must be a list of strings");
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "qemu": []})"),
            "\"qemu\" must be an object");
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "comment": 1})"),
            "\"comment\" must be a string");
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "stack_size": 8})"),
            "unknown key \"stack_size\": did you mean \"stack-size\"?");
  EXPECT_EQ(Try(R"({"inherits": "mps2-an386", "qemu": {"machin": "x"}})"),
            "unknown key \"qemu.machin\": did you mean \"qemu.machine\"?");
  sys::fs::remove_directories(Dir);
}

TEST_F(DatabaseTest, TargetLimitsComeFromData) {
  EXPECT_EQ(tgt(*DB, "thumbv6m-noos").MaxIRQCount, 32u);
  for (const char *T : {"thumbv7m-noos", "thumbv7em-noos", "thumbv8m.base-noos",
                        "thumbv8m.main-noos"})
    EXPECT_EQ(tgt(*DB, T).MaxIRQCount, 496u) << T;
  // Every database board is within its target's limits (it loads).
  for (const std::string &N : DB->boardNames())
    EXPECT_TRUE(bool(take(DB->board(N)).IRQCount <= 496)) << N;
}

TEST(Script, FlashRegions) {
  ScriptParams P;
  P.Map = flashMap();
  P.TargetTriple = "thumbv7em-noos";
  P.Template = "SECTIONS { }\n";
  P.TemplateName = "t.ld";
  std::vector<ScriptRegion> R = scriptRegions(P);
  ASSERT_EQ(R.size(), 4u);
  EXPECT_EQ(R[0].Name, "FLASH");
  EXPECT_EQ(R[1].Name, "STACK");
  EXPECT_EQ(R[1].Block.Origin, 0x20000000u);
  EXPECT_EQ(R[1].Block.Size, 8u << 10);
  EXPECT_EQ(R[2].Name, "RAM");
  EXPECT_EQ(R[2].Block.Origin, 0x20002000u);
  EXPECT_EQ(R[2].Block.end(), 0x20020000u);
  EXPECT_EQ(R[3].Name, "RAM2");
  std::string S = generateLinkerScript(P);
  EXPECT_NE(S.find("FLASH (rx) : ORIGIN = 0x08000000, LENGTH = 0x00100000"),
            std::string::npos)
      << S;
  EXPECT_NE(S.find("REGION_ALIAS(\"REGION_LOAD\", FLASH);"), std::string::npos);
  EXPECT_NE(S.find("REGION_ALIAS(\"REGION_RAM2\", RAM2);"), std::string::npos);
  EXPECT_NE(S.find("__noos_has_ram2 = 1;"), std::string::npos);
  EXPECT_NE(S.find("SECTIONS { }"), std::string::npos);
  std::vector<Region> Rep = reportRegions(P.Map);
  ASSERT_EQ(Rep.size(), 3u);
  EXPECT_TRUE(Rep[0].IsFlash);
  EXPECT_EQ(Rep[1].Block.Origin, 0x20000000u); // stack counted in RAM
}

TEST(Script, RAMLoadedRegionsAndUnbounded) {
  ScriptParams P;
  P.Map.RAM = {MemBlock{0x80000000, 1 << 20}};
  P.Map.StackSize = 0x4000;
  P.Map.TextStart = 0x80010000;
  P.Map.Quantum = 0x1000;
  std::vector<ScriptRegion> R = scriptRegions(P);
  ASSERT_EQ(R.size(), 2u);
  EXPECT_EQ(R[0].Name, "STACK");
  EXPECT_EQ(R[1].Name, "RAM");
  EXPECT_EQ(R[1].Block.Origin, 0x80010000u);
  EXPECT_EQ(R[1].Block.end(), 0x80100000u);
  std::string S = generateLinkerScript(P);
  EXPECT_NE(S.find("REGION_ALIAS(\"REGION_TEXT\", RAM);"), std::string::npos);
  EXPECT_NE(S.find("REGION_ALIAS(\"REGION_RAM2\", RAM);"), std::string::npos);
  EXPECT_NE(S.find("__noos_data_align = 0x00001000;"), std::string::npos);
  EXPECT_NE(S.find("RAM-loaded"), std::string::npos);
  P.Unbounded = true;
  R = scriptRegions(P);
  EXPECT_EQ(R[1].Block.end(), 1ull << 32);
  EXPECT_EQ(R[0].Block.Size, 0x4000u); // the stack keeps its size
}

} // namespace
