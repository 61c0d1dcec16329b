//===- ImageTests.cpp - bin, Intel HEX, S-record and UF2 writers ----------===//
//
// Each test assembles a small ELF executable in memory, byte by byte, with
// the program headers it needs, and compares the writers' output with
// expected output computed by hand (checksums included).
//
//===----------------------------------------------------------------------===//

#include "noos/Image.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"
#include <gtest/gtest.h>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

using namespace llvm;
using namespace llvm::object;
using namespace noos;

namespace {

//===----------------------------------------------------------------------===//
// An ELF executable made of program headers and segment contents only
//===----------------------------------------------------------------------===//

struct Segment {
  uint32_t Type = ELF::PT_LOAD;
  uint64_t VAddr = 0;
  uint64_t PAddr = 0;
  std::vector<uint8_t> Data;
  uint64_t MemSize = 0;                   // 0: Data.size()
  std::optional<uint64_t> FileSizeOverride; // to describe a truncated file
};

Segment load(uint64_t PAddr, std::vector<uint8_t> Data) {
  Segment S;
  S.VAddr = S.PAddr = PAddr;
  S.Data = std::move(Data);
  return S;
}

Segment loadAt(uint64_t VAddr, uint64_t PAddr, std::vector<uint8_t> Data) {
  Segment S = load(PAddr, std::move(Data));
  S.VAddr = VAddr;
  return S;
}

std::vector<uint8_t> iota(size_t N, uint8_t First = 0) {
  std::vector<uint8_t> V(N);
  for (size_t I = 0; I < N; ++I)
    V[I] = static_cast<uint8_t>(First + I);
  return V;
}

class ELFBuilder {
public:
  ELFBuilder(bool Is64, bool BigEndian) : Is64(Is64), BigEndian(BigEndian) {}

  std::string build(const std::vector<Segment> &Segs, uint64_t Entry) {
    unsigned EhSize = Is64 ? 64 : 52, PhSize = Is64 ? 56 : 32;
    uint64_t Offset = EhSize + PhSize * Segs.size();
    // e_ident
    Out += "\x7f"
           "ELF";
    Out += char(Is64 ? ELF::ELFCLASS64 : ELF::ELFCLASS32);
    Out += char(BigEndian ? ELF::ELFDATA2MSB : ELF::ELFDATA2LSB);
    Out += char(ELF::EV_CURRENT);
    Out.append(9, '\0');
    put(ELF::ET_EXEC, 2);
    put(Is64 ? ELF::EM_AARCH64 : ELF::EM_ARM, 2);
    put(ELF::EV_CURRENT, 4);
    word(Entry);                 // e_entry
    word(EhSize);                // e_phoff
    word(0);                     // e_shoff
    put(Is64 ? 0 : 0x05000000, 4); // e_flags
    put(EhSize, 2);
    put(PhSize, 2);
    put(Segs.size(), 2);
    put(Is64 ? 64 : 40, 2); // e_shentsize
    put(0, 2);              // e_shnum
    put(0, 2);              // e_shstrndx
    EXPECT_EQ(Out.size(), EhSize);
    for (const Segment &S : Segs) {
      uint64_t FileSize = S.FileSizeOverride.value_or(S.Data.size());
      uint64_t MemSize = S.MemSize ? S.MemSize : S.Data.size();
      put(S.Type, 4);
      if (Is64)
        put(ELF::PF_R | ELF::PF_X, 4);
      word(Offset);
      word(S.VAddr);
      word(S.PAddr);
      word(FileSize);
      word(MemSize);
      if (!Is64)
        put(ELF::PF_R | ELF::PF_X, 4);
      word(4); // p_align
      Offset += S.Data.size();
    }
    for (const Segment &S : Segs)
      Out.append(S.Data.begin(), S.Data.end());
    return Out;
  }

private:
  void put(uint64_t V, unsigned Bytes) {
    for (unsigned I = 0; I < Bytes; ++I) {
      unsigned Shift = BigEndian ? 8 * (Bytes - 1 - I) : 8 * I;
      Out += char((V >> Shift) & 0xff);
    }
  }
  void word(uint64_t V) { put(V, Is64 ? 8 : 4); }

  bool Is64, BigEndian;
  std::string Out;
};

/// An ELF file in memory and the object file reading it.
struct TestELF {
  std::string Bytes;
  std::unique_ptr<ObjectFile> Obj;
  const ELFObjectFileBase &elf() const {
    return *cast<ELFObjectFileBase>(Obj.get());
  }
};

std::unique_ptr<TestELF> makeELF(const std::vector<Segment> &Segs,
                                 uint64_t Entry = 0, bool Is64 = false,
                                 bool BigEndian = false) {
  auto T = std::make_unique<TestELF>();
  T->Bytes = ELFBuilder(Is64, BigEndian).build(Segs, Entry);
  Expected<std::unique_ptr<ObjectFile>> O = ObjectFile::createELFObjectFile(
      MemoryBufferRef(T->Bytes, "test.elf"));
  if (!O) {
    ADD_FAILURE() << "the test ELF does not parse: "
                  << toString(O.takeError());
    return nullptr;
  }
  T->Obj = std::move(*O);
  return T;
}

/// The image \p F of \p T, or "ERROR: " and the message.
std::string render(const TestELF &T, ImageFormat F,
                   const ImageOptions &Opts = ImageOptions()) {
  std::string S;
  raw_string_ostream OS(S);
  if (Error E = writeImage(T.elf(), F, Opts, OS))
    return "ERROR: " + toString(std::move(E));
  return S;
}

std::string bytes(std::initializer_list<uint8_t> L) {
  return std::string(L.begin(), L.end());
}

std::string bytes(const std::vector<uint8_t> &V) {
  return std::string(V.begin(), V.end());
}

template <class T> std::string errorOf(Expected<T> V) {
  if (V)
    return "success";
  return toString(V.takeError());
}

// The image most tests use: code at the flash origin, a 4-byte hole, then
// .data's initial values (run address in RAM, load address in flash).
std::unique_ptr<TestELF> flashImage() {
  return makeELF({load(0x08000000, iota(20)),
                  loadAt(0x20000000, 0x08000018, {0xDE, 0xAD, 0xBE, 0xEF})},
                 /*Entry=*/0x08000009);
}

//===----------------------------------------------------------------------===//
// Format names
//===----------------------------------------------------------------------===//

TEST(ImageFormatTest, ParseNames) {
  struct {
    const char *Name;
    ImageFormat F;
  } Cases[] = {
      {"elf", ImageFormat::ELF},          {"elf32-littlearm", ImageFormat::ELF},
      {"elf64-littleriscv", ImageFormat::ELF},
      {"bin", ImageFormat::Binary},       {"binary", ImageFormat::Binary},
      {"hex", ImageFormat::IHex},         {"ihex", ImageFormat::IHex},
      {"IHEX", ImageFormat::IHex},        {"srec", ImageFormat::SRec},
      {"s19", ImageFormat::SRec},         {"s28", ImageFormat::SRec},
      {"s37", ImageFormat::SRec},         {"mot", ImageFormat::SRec},
      {"uf2", ImageFormat::UF2},
  };
  for (const auto &C : Cases) {
    Expected<ImageFormat> F = parseImageFormat(C.Name);
    ASSERT_TRUE(bool(F)) << C.Name << ": " << toString(F.takeError());
    EXPECT_EQ(*F, C.F) << C.Name;
  }
  EXPECT_EQ(errorOf(parseImageFormat("pdf")),
            "unknown output format 'pdf': use elf, bin, hex, srec or uf2");
  EXPECT_NE(errorOf(parseImageFormat("")), "success");
  EXPECT_NE(errorOf(parseImageFormat("elf32")), "success");
}

TEST(ImageFormatTest, NamesRoundTrip) {
  for (ImageFormat F : {ImageFormat::ELF, ImageFormat::Binary,
                        ImageFormat::IHex, ImageFormat::SRec,
                        ImageFormat::UF2}) {
    Expected<ImageFormat> Back = parseImageFormat(imageFormatName(F));
    ASSERT_TRUE(bool(Back)) << toString(Back.takeError());
    EXPECT_EQ(*Back, F);
  }
  EXPECT_EQ(imageFormatName(ImageFormat::Binary), "bin");
  EXPECT_EQ(imageFormatName(ImageFormat::IHex), "hex");
}

TEST(ImageFormatTest, FromPath) {
  struct {
    const char *Path;
    ImageFormat F;
  } Cases[] = {
      {"firmware", ImageFormat::ELF},
      {"out/firmware.elf", ImageFormat::ELF},
      {"a.out", ImageFormat::ELF},        {"k.axf", ImageFormat::ELF},
      {"fw.bin", ImageFormat::Binary},    {"fw.BIN", ImageFormat::Binary},
      {"fw.hex", ImageFormat::IHex},      {"fw.ihex", ImageFormat::IHex},
      {"fw.ihx", ImageFormat::IHex},      {"fw.srec", ImageFormat::SRec},
      {"fw.s19", ImageFormat::SRec},      {"fw.s28", ImageFormat::SRec},
      {"fw.s37", ImageFormat::SRec},      {"fw.mot", ImageFormat::SRec},
      {"fw.uf2", ImageFormat::UF2},       {"dir.hex/fw", ImageFormat::ELF},
  };
  for (const auto &C : Cases) {
    Expected<ImageFormat> F = imageFormatForPath(C.Path);
    ASSERT_TRUE(bool(F)) << C.Path << ": " << toString(F.takeError());
    EXPECT_EQ(*F, C.F) << C.Path;
  }
  EXPECT_EQ(errorOf(imageFormatForPath("fw.foo")),
            "unknown output format '.foo': use .elf, .bin, .hex, .srec or "
            ".uf2, or --oformat");
  EXPECT_NE(errorOf(imageFormatForPath("fw.o")), "success");
}

TEST(ImageFormatTest, UF2Families) {
  struct {
    const char *Name;
    uint32_t ID;
  } Cases[] = {
      {"rp2040", 0xe48bff56},       {"rp2350-arm-s", 0xe48bff59},
      {"rp2350-riscv", 0xe48bff5a}, {"rp2350-arm-ns", 0xe48bff5b},
      {"absolute", 0xe48bff57},     {"data", 0xe48bff58},
      {"nrf52840", 0xada52840},     {"RP2040", 0xe48bff56},
      {"0x68ed2b88", 0x68ed2b88},   {"0XE48BFF56", 0xe48bff56},
      {"16", 16},                   {"0xffffffff", 0xffffffff},
  };
  for (const auto &C : Cases) {
    Expected<uint32_t> ID = parseUF2Family(C.Name);
    ASSERT_TRUE(bool(ID)) << C.Name << ": " << toString(ID.takeError());
    EXPECT_EQ(*ID, C.ID) << C.Name;
  }
  EXPECT_EQ(errorOf(parseUF2Family("rp2041")),
            "unknown UF2 family 'rp2041': use rp2040, rp2350-arm-s, "
            "rp2350-arm-ns, rp2350-riscv, nrf52840, absolute, data, or a "
            "number such as 0xe48bff56");
  std::string Big = errorOf(parseUF2Family("0x100000000"));
  EXPECT_NE(Big.find("does not fit in 32 bits"), std::string::npos) << Big;
  EXPECT_NE(errorOf(parseUF2Family("")), "success");
  std::string Suffix = errorOf(parseUF2Family("16K"));
  EXPECT_EQ(Suffix.find("unknown UF2 family '16K': use rp2040, "), 0u)
      << Suffix;
}

//===----------------------------------------------------------------------===//
// The load image
//===----------------------------------------------------------------------===//

TEST(LoadImageTest, PhysicalAddressesSortedContentsOnly) {
  Segment Bss = load(0x20000100, {});
  Bss.MemSize = 0x400; // .bss: no file contents, not loaded
  Segment Note = load(0x08000100, {1, 2, 3, 4});
  Note.Type = ELF::PT_NOTE;
  auto T = makeELF({loadAt(0x20000000, 0x08000040, {0xAA, 0xBB}), Bss, Note,
                    load(0x08000000, {0x11, 0x22, 0x33})});
  ASSERT_TRUE(T);
  Expected<std::vector<LoadChunk>> C = collectLoadImage(T->elf());
  ASSERT_TRUE(bool(C)) << toString(C.takeError());
  ASSERT_EQ(C->size(), 2u);
  EXPECT_EQ((*C)[0].Address, 0x08000000u);
  EXPECT_EQ(bytes((*C)[0].Bytes.vec()), bytes({0x11, 0x22, 0x33}));
  EXPECT_EQ((*C)[1].Address, 0x08000040u); // p_paddr, not p_vaddr
  EXPECT_EQ(bytes((*C)[1].Bytes.vec()), bytes({0xAA, 0xBB}));
}

TEST(LoadImageTest, OverlapIsAnError) {
  auto T = makeELF({load(0x100, iota(16)), load(0x10C, iota(8))});
  ASSERT_TRUE(T);
  EXPECT_EQ(errorOf(collectLoadImage(T->elf())),
            "load segments overlap: [0x00000100, 0x00000110) and "
            "[0x0000010c, 0x00000114): give each output section its own "
            "load address (AT>)");
  EXPECT_EQ(render(*T, ImageFormat::IHex).substr(0, 30),
            "ERROR: load segments overlap: ");
}

TEST(LoadImageTest, OneByteOverlapIsAnError) {
  auto T = makeELF({load(0x10F, {9}), load(0x100, iota(16))});
  ASSERT_TRUE(T);
  EXPECT_EQ(errorOf(collectLoadImage(T->elf())),
            "load segments overlap: [0x00000100, 0x00000110) and "
            "[0x0000010f, 0x00000110): give each output section its own "
            "load address (AT>)");
}

TEST(LoadImageTest, AdjacentSegmentsDoNotOverlap) {
  auto T = makeELF({load(0x110, iota(4)), load(0x100, iota(16))});
  ASSERT_TRUE(T);
  Expected<std::vector<LoadChunk>> C = collectLoadImage(T->elf());
  ASSERT_TRUE(bool(C)) << toString(C.takeError());
  ASSERT_EQ(C->size(), 2u);
  EXPECT_EQ((*C)[0].Address, 0x100u);
  EXPECT_EQ((*C)[1].Address, 0x110u);
}

TEST(LoadImageTest, TruncatedFileIsAnError) {
  Segment S = load(0x08000000, iota(8));
  S.FileSizeOverride = 0x1000;
  auto T = makeELF({S});
  ASSERT_TRUE(T);
  std::string E = errorOf(collectLoadImage(T->elf()));
  EXPECT_NE(E.find("extends past the end of the ELF file"), std::string::npos)
      << E;
}

TEST(LoadImageTest, BigEndianIsRefused) {
  auto T = makeELF({load(0x08000000, iota(8))}, 0, /*Is64=*/false,
                   /*BigEndian=*/true);
  ASSERT_TRUE(T);
  std::string E = errorOf(collectLoadImage(T->elf()));
  EXPECT_EQ(E.find("big-endian images are not supported"), 0u) << E;
  EXPECT_EQ(render(*T, ImageFormat::Binary).find("ERROR: big-endian"), 0u);
}

TEST(LoadImageTest, ELF64) {
  auto T = makeELF({load(0x40000000, {1, 2, 3}), load(0x40000004, {4})},
                   0x40000000, /*Is64=*/true);
  ASSERT_TRUE(T);
  EXPECT_EQ(render(*T, ImageFormat::Binary), bytes({1, 2, 3, 0xFF, 4}));
  EXPECT_EQ(render(*T, ImageFormat::IHex),
            ":020000044000BA\n"
            ":03000000010203F7\n"
            ":0100040004F7\n"
            ":0400000540000000B7\n"
            ":00000001FF\n");
}

TEST(LoadImageTest, Past4GiBNeedsELF) {
  auto T = makeELF({load(0x100000000ull, {1, 2})}, 0, /*Is64=*/true);
  ASSERT_TRUE(T);
  for (ImageFormat F :
       {ImageFormat::IHex, ImageFormat::SRec, ImageFormat::UF2}) {
    std::string S = render(*T, F);
    EXPECT_EQ(S.find("ERROR: the load image reaches 0x0000000100000001, past "
                     "the 32-bit addresses"),
              0u)
        << S;
  }
  // A raw binary has no addresses; it is fine.
  EXPECT_EQ(render(*T, ImageFormat::Binary), bytes({1, 2}));

  auto E = makeELF({load(0x1000, {1})}, 0x100000000ull, /*Is64=*/true);
  ASSERT_TRUE(E);
  std::string S = render(*E, ImageFormat::SRec);
  EXPECT_EQ(S.find("ERROR: the entry point 0x0000000100000000 does not fit"),
            0u)
      << S;
}

TEST(LoadImageTest, EmptyImageIsAnError) {
  Segment Bss = load(0x20000000, {});
  Bss.MemSize = 64;
  auto T = makeELF({Bss});
  ASSERT_TRUE(T);
  EXPECT_EQ(render(*T, ImageFormat::Binary),
            "ERROR: the linked image has no loadable contents, so the .bin "
            "file would be empty: check that code and data are placed in "
            "loaded sections");
  EXPECT_EQ(render(*T, ImageFormat::UF2).substr(0, 50),
            "ERROR: the linked image has no loadable contents, ");
}

TEST(LoadImageTest, ELFIsNotAnImageFormat) {
  auto T = flashImage();
  ASSERT_TRUE(T);
  EXPECT_EQ(render(*T, ImageFormat::ELF).substr(0, 7), "ERROR: ");
}

//===----------------------------------------------------------------------===//
// Raw binary
//===----------------------------------------------------------------------===//

TEST(BinaryTest, GapsAreFilledWithFF) {
  auto T = flashImage();
  ASSERT_TRUE(T);
  std::vector<uint8_t> Want = iota(20);
  Want.insert(Want.end(), {0xFF, 0xFF, 0xFF, 0xFF, 0xDE, 0xAD, 0xBE, 0xEF});
  EXPECT_EQ(render(*T, ImageFormat::Binary), bytes(Want));
}

TEST(BinaryTest, StartsAtTheFlashOrigin) {
  auto T = makeELF({load(0x08000004, {1, 2}), load(0x08000008, {3})});
  ASSERT_TRUE(T);
  ImageOptions Opts;
  Opts.BinaryBase = 0x08000000;
  EXPECT_EQ(render(*T, ImageFormat::Binary, Opts),
            bytes({0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 0xFF, 0xFF, 3}));
  Opts.BinaryBase = 0x08000004;
  EXPECT_EQ(render(*T, ImageFormat::Binary, Opts),
            bytes({1, 2, 0xFF, 0xFF, 3}));
  // The default base is the lowest load address.
  EXPECT_EQ(render(*T, ImageFormat::Binary), bytes({1, 2, 0xFF, 0xFF, 3}));
}

TEST(BinaryTest, ContentBelowTheBaseIsAnError) {
  auto T = flashImage();
  ASSERT_TRUE(T);
  ImageOptions Opts;
  Opts.BinaryBase = 0x08000010;
  EXPECT_EQ(render(*T, ImageFormat::Binary, Opts),
            "ERROR: the load image starts at 0x08000000, below the binary's "
            "base 0x08000010 (the flash origin): place that section in flash, "
            "or use .hex or .srec output, which carry addresses");
}

TEST(BinaryTest, HugeGapIsAnError) {
  // .data's load address left in RAM: flash at 0x08000000, RAM at
  // 0x20000000, 384M apart.
  auto T = makeELF({load(0x08000000, iota(4)), load(0x20000000, iota(4))});
  ASSERT_TRUE(T);
  EXPECT_EQ(render(*T, ImageFormat::Binary),
            "ERROR: the load image has a gap of 402653180 bytes from "
            "0x08000004 to 0x20000000, too large for a raw binary: use .hex "
            "or .srec output instead");
  // The text formats carry addresses and do not care.
  EXPECT_EQ(render(*T, ImageFormat::IHex),
            ":020000040800F2\n"
            ":0400000000010203F6\n"
            ":020000042000DA\n"
            ":0400000000010203F6\n"
            ":00000001FF\n");
}

TEST(BinaryTest, GapLimitIsInclusive) {
  auto T = makeELF({load(0x1000, {1}), load(0x1401, {2})});
  ASSERT_TRUE(T);
  ImageOptions Opts;
  Opts.MaxBinaryGap = 1024;
  std::string Want = bytes({1}) + std::string(1024, '\xFF') + bytes({2});
  EXPECT_EQ(render(*T, ImageFormat::Binary, Opts), Want);
  Opts.MaxBinaryGap = 1023;
  EXPECT_EQ(render(*T, ImageFormat::Binary, Opts),
            "ERROR: the load image has a gap of 1K from 0x00001001 to "
            "0x00001401, too large for a raw binary: use .hex or .srec "
            "output instead");
  // The gap from the base to the first byte counts too.
  Opts.BinaryBase = 0x0C00;
  Opts.MaxBinaryGap = 1023;
  EXPECT_EQ(render(*T, ImageFormat::Binary, Opts),
            "ERROR: the load image has a gap of 1K from 0x00000c00 to "
            "0x00001000, too large for a raw binary: use .hex or .srec "
            "output instead");
}

//===----------------------------------------------------------------------===//
// Intel HEX
//===----------------------------------------------------------------------===//

TEST(IHexTest, Records) {
  auto T = flashImage();
  ASSERT_TRUE(T);
  EXPECT_EQ(render(*T, ImageFormat::IHex),
            ":020000040800F2\n"
            ":10000000000102030405060708090A0B0C0D0E0F78\n"
            ":0400100010111213A6\n"
            ":04001800DEADBEEFAC\n"
            ":0400000508000009E6\n"
            ":00000001FF\n");
}

TEST(IHexTest, ExtendedAddressWhenUpperBitsChange) {
  // 16 bytes from 0x0800FFF8: records stop at multiples of 16, so the
  // second half starts a new 64K segment.
  auto T = makeELF({load(0x0800FFF8, iota(16, 0xA0))});
  ASSERT_TRUE(T);
  EXPECT_EQ(render(*T, ImageFormat::IHex),
            ":020000040800F2\n"
            ":08FFF800A0A1A2A3A4A5A6A7E5\n"
            ":020000040801F1\n"
            ":08000000A8A9AAABACADAEAF9C\n"
            ":00000001FF\n"); // no entry point: no type 05 record
}

TEST(IHexTest, AdjacentSegmentsShareRecords) {
  // Two segments back to back read as one run of bytes: one record, and a
  // record at an unaligned start runs to the next multiple of 16.
  auto T = makeELF({load(0x104, iota(12)), load(0x110, iota(20, 12))}, 0x105);
  ASSERT_TRUE(T);
  EXPECT_EQ(render(*T, ImageFormat::IHex),
            ":020000040000FA\n"
            ":0C010400000102030405060708090A0BAD\n"
            ":100110000C0D0E0F101112131415161718191A1BA7\n"
            ":040120001C1D1E1F65\n"
            ":0400000500000105F1\n"
            ":00000001FF\n");
}

TEST(IHexTest, EveryChecksumSumsToZero) {
  std::vector<uint8_t> Big(1000);
  for (size_t I = 0; I < Big.size(); ++I)
    Big[I] = static_cast<uint8_t>(I * 37 + 11);
  auto T = makeELF({load(0x1000FFF3, Big)}, 0x10010001);
  ASSERT_TRUE(T);
  std::string S = render(*T, ImageFormat::IHex);
  size_t Lines = 0, Data = 0;
  for (size_t Pos = 0; Pos < S.size();) {
    size_t End = S.find('\n', Pos);
    ASSERT_NE(End, std::string::npos);
    StringRef L(S.data() + Pos, End - Pos);
    ASSERT_EQ(L[0], ':');
    uint8_t Sum = 0;
    for (size_t I = 1; I + 1 < L.size(); I += 2) {
      unsigned B;
      ASSERT_FALSE(L.substr(I, 2).getAsInteger(16, B)) << L.str();
      Sum += B;
    }
    EXPECT_EQ(Sum, 0) << L.str();
    EXPECT_EQ(L.upper(), L.str());
    if (L.substr(7, 2) == "00")
      Data += std::stoul(L.substr(1, 2).str(), nullptr, 16);
    ++Lines;
    Pos = End + 1;
  }
  EXPECT_EQ(Data, 1000u);
  // 13 bytes to 0x10010000, then 61 full records and 11 bytes; two 04
  // records, one 05, one 01.
  EXPECT_EQ(Lines, 1u + 61u + 1u + 2u + 1u + 1u);
}

//===----------------------------------------------------------------------===//
// Motorola S-record
//===----------------------------------------------------------------------===//

TEST(SRecTest, Records) {
  auto T = flashImage();
  ASSERT_TRUE(T);
  EXPECT_EQ(render(*T, ImageFormat::SRec),
            "S00700006E6F6F7339\n"
            "S31508000000000102030405060708090A0B0C0D0E0F6A\n"
            "S309080000101011121398\n"
            "S30908000018DEADBEEF9E\n"
            "S5030003F9\n"
            "S70508000009E9\n");
}

TEST(SRecTest, NoEntryAndLowAddresses) {
  // S3 (32-bit addresses) even when the addresses fit 16 bits; S7 carries 0
  // when the ELF has no entry point.
  auto T = makeELF({load(0x0FFC, {0x01, 0x02, 0x03, 0x04, 0x05, 0x06})});
  ASSERT_TRUE(T);
  EXPECT_EQ(render(*T, ImageFormat::SRec),
            "S00700006E6F6F7339\n"
            "S30900000FFC01020304E1\n"
            "S307000010000506DD\n"
            "S5030002FA\n"
            "S70500000000FA\n");
}

//===----------------------------------------------------------------------===//
// UF2
//===----------------------------------------------------------------------===//

uint32_t le32(const std::string &S, size_t Pos) {
  uint32_t V = 0;
  for (int I = 3; I >= 0; --I)
    V = (V << 8) | static_cast<uint8_t>(S[Pos + I]);
  return V;
}

TEST(UF2Test, BlocksCoverPagesWithContent) {
  // 300 bytes from 0x10000000 (two pages), nothing in the next two pages,
  // then 4 bytes in the middle of the page at 0x10000400.
  auto T = makeELF({load(0x10000000, iota(300)),
                    load(0x10000480, {0xCA, 0xFE, 0xF0, 0x0D})},
                   0x10000001);
  ASSERT_TRUE(T);
  ImageOptions Opts;
  Opts.UF2Family = 0xe48bff56;
  std::string S = render(*T, ImageFormat::UF2, Opts);
  ASSERT_EQ(S.size(), 3u * 512u) << S.substr(0, 200);
  const uint32_t Addr[] = {0x10000000, 0x10000100, 0x10000400};
  for (unsigned B = 0; B < 3; ++B) {
    size_t O = B * 512;
    EXPECT_EQ(le32(S, O + 0), 0x0A324655u);
    EXPECT_EQ(le32(S, O + 4), 0x9E5D5157u);
    EXPECT_EQ(le32(S, O + 8), 0x00002000u);
    EXPECT_EQ(le32(S, O + 12), Addr[B]);
    EXPECT_EQ(le32(S, O + 16), 256u);
    EXPECT_EQ(le32(S, O + 20), B);
    EXPECT_EQ(le32(S, O + 24), 3u);
    EXPECT_EQ(le32(S, O + 28), 0xe48bff56u);
    EXPECT_EQ(le32(S, O + 508), 0x0AB16F30u);
    EXPECT_EQ(S.substr(O + 32 + 256, 476 - 256), std::string(220, '\0'));
  }
  std::vector<uint8_t> All = iota(300);
  EXPECT_EQ(S.substr(32, 256), bytes(std::vector<uint8_t>(
                                   All.begin(), All.begin() + 256)));
  EXPECT_EQ(S.substr(512 + 32, 256),
            bytes(std::vector<uint8_t>(All.begin() + 256, All.end())) +
                std::string(256 - 44, '\xFF'));
  EXPECT_EQ(S.substr(1024 + 32, 256), std::string(128, '\xFF') +
                                          bytes({0xCA, 0xFE, 0xF0, 0x0D}) +
                                          std::string(124, '\xFF'));
}

TEST(UF2Test, NoFamily) {
  auto T = makeELF({load(0x2000, {1, 2, 3, 4})});
  ASSERT_TRUE(T);
  std::string S = render(*T, ImageFormat::UF2);
  ASSERT_EQ(S.size(), 512u);
  EXPECT_EQ(le32(S, 8), 0u);
  EXPECT_EQ(le32(S, 12), 0x2000u);
  EXPECT_EQ(le32(S, 24), 1u);
  EXPECT_EQ(le32(S, 28), 0u);
  EXPECT_EQ(S.substr(32, 8), bytes({1, 2, 3, 4, 0xFF, 0xFF, 0xFF, 0xFF}));
}

TEST(UF2Test, SegmentsSharingAPage) {
  // Two segments in one page, and one that ends exactly at a page end: two
  // blocks, not three.
  auto T = makeELF({load(0x10000004, {1, 2}), load(0x10000010, {3}),
                    load(0x100001FE, {4, 5})});
  ASSERT_TRUE(T);
  std::string S = render(*T, ImageFormat::UF2);
  ASSERT_EQ(S.size(), 1024u);
  EXPECT_EQ(le32(S, 12), 0x10000000u);
  EXPECT_EQ(le32(S, 512 + 12), 0x10000100u);
  EXPECT_EQ(le32(S, 512 + 20), 1u);
  EXPECT_EQ(le32(S, 512 + 24), 2u);
  std::string Page0(256, '\xFF');
  Page0[4] = 1;
  Page0[5] = 2;
  Page0[0x10] = 3;
  EXPECT_EQ(S.substr(32, 256), Page0);
  std::string Page1(256, '\xFF');
  Page1[0xFE] = 4;
  Page1[0xFF] = 5;
  EXPECT_EQ(S.substr(512 + 32, 256), Page1);
}

//===----------------------------------------------------------------------===//
// Every image error, word for word (docs/noos-ld.md, Diagnostics)
//===----------------------------------------------------------------------===//

// The strings are kept whole, unbroken, so that
// scripts/check-diagnostics.py finds each message's text here.
// clang-format off
TEST(ImageDiagnosticsTest, TruncatedSegment) {
  Segment S = load(0x08000000, iota(8));
  S.FileSizeOverride = 0x1000;
  auto T = makeELF({S});
  ASSERT_TRUE(T);
  EXPECT_EQ(errorOf(collectLoadImage(T->elf())),
            "a load segment (file offset 0x00000054, 4096 bytes) extends past the end of the ELF file: the file is truncated or corrupt; link it again");
}

TEST(ImageDiagnosticsTest, SegmentWrapsAround) {
  auto T = makeELF({load(0xfffffffffffffff0ull, iota(32))}, 0, /*Is64=*/true);
  ASSERT_TRUE(T);
  EXPECT_EQ(errorOf(collectLoadImage(T->elf())),
            "the load segment at 0xfffffffffffffff0 wraps around the address space: fix its load address in the linker script");
}

TEST(ImageDiagnosticsTest, ProgramHeadersPastTheEnd) {
  // e_phoff (offset 28 of a 32-bit header) far past the end of the file.
  std::string Bytes = ELFBuilder(false, false).build({load(0x100, iota(4))}, 0);
  Bytes[28] = 0;
  Bytes[29] = 0;
  Bytes[30] = 0;
  Bytes[31] = '\x10';
  Expected<std::unique_ptr<ObjectFile>> O =
      ObjectFile::createELFObjectFile(MemoryBufferRef(Bytes, "test.elf"));
  ASSERT_TRUE(bool(O)) << toString(O.takeError());
  std::string E = errorOf(collectLoadImage(*cast<ELFObjectFileBase>(O->get())));
  EXPECT_EQ(E.find("cannot read the ELF program headers: "), 0u) << E;
}

TEST(ImageDiagnosticsTest, Overlap) {
  auto T = makeELF({load(0x100, iota(16)), load(0x10C, iota(8))});
  ASSERT_TRUE(T);
  EXPECT_EQ(errorOf(collectLoadImage(T->elf())),
            "load segments overlap: [0x00000100, 0x00000110) and [0x0000010c, 0x00000114): give each output section its own load address (AT>)");
}

TEST(ImageDiagnosticsTest, BigEndian) {
  auto T = makeELF({load(0x08000000, iota(8))}, 0, /*Is64=*/false,
                   /*BigEndian=*/true);
  ASSERT_TRUE(T);
  EXPECT_EQ(errorOf(collectLoadImage(T->elf())),
            "big-endian images are not supported: link for a little-endian target");
}

TEST(ImageDiagnosticsTest, Past32Bits) {
  auto T = makeELF({load(0x100000000ull, {1, 2})}, 0, /*Is64=*/true);
  ASSERT_TRUE(T);
  EXPECT_EQ(render(*T, ImageFormat::IHex),
            "ERROR: the load image reaches 0x0000000100000001, past the 32-bit addresses Intel HEX can hold: use ELF output");
  auto E = makeELF({load(0x1000, {1})}, 0x100000000ull, /*Is64=*/true);
  ASSERT_TRUE(E);
  EXPECT_EQ(render(*E, ImageFormat::UF2),
            "ERROR: the entry point 0x0000000100000000 does not fit the 32-bit start address of UF2: use ELF output");
}

TEST(ImageDiagnosticsTest, BelowTheBinaryBase) {
  auto T = flashImage();
  ASSERT_TRUE(T);
  ImageOptions Opts;
  Opts.BinaryBase = 0x08000010;
  EXPECT_EQ(render(*T, ImageFormat::Binary, Opts),
            "ERROR: the load image starts at 0x08000000, below the binary's base 0x08000010 (the flash origin): place that section in flash, or use .hex or .srec output, which carry addresses");
}

TEST(ImageDiagnosticsTest, ELFIsTheLinkersOwn) {
  auto T = flashImage();
  ASSERT_TRUE(T);
  EXPECT_EQ(render(*T, ImageFormat::ELF),
            "ERROR: writeImage writes bin, hex, srec and uf2 images; ELF output is the linker's own");
}

TEST(ImageDiagnosticsTest, UF2FamilyTooBig) {
  EXPECT_EQ(errorOf(parseUF2Family("0x100000000")),
            "UF2 family '0x100000000' does not fit in 32 bits: family IDs are 32-bit numbers such as 0xe48bff56");
}
// clang-format on

} // namespace
