//===- Image.cpp - Flashable images from a linked ELF ---------------------===//
//
// The load image of a linked ELF (what a programmer writes to the target)
// and the writers for raw binary, Intel HEX, Motorola S-record and UF2.
//
// Conventions shared by the text formats (Intel HEX and S-record):
//  - uppercase hex digits, lines end in "\n" (LF only, no CR; every
//    programmer and bootloader noos targets accepts LF);
//  - 16 data bytes per record, and records start at 16-byte aligned
//    addresses: the first record of a run of bytes stops at the next
//    multiple of 16, so no record ever crosses a 64 KiB boundary;
//  - addresses are 32 bits; a load image past 4 GiB is refused;
//  - the entry point (e_entry) goes in the Intel HEX type 05 record, left
//    out when e_entry is 0 (no entry), and in the S7 record (0 if none).
//
// A raw binary starts at ImageOptions::BinaryBase or the lowest load
// address and fills gaps with 0xFF. UF2 is described at its writer.
//
//===----------------------------------------------------------------------===//

#include "noos/Image.h"
#include "noos/Support.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Support/Path.h"
#include <algorithm>

using namespace llvm;
using namespace llvm::object;

namespace noos {

//===----------------------------------------------------------------------===//
// Format and family names
//===----------------------------------------------------------------------===//

Expected<ImageFormat> parseImageFormat(StringRef Name) {
  std::string Lower = Name.lower();
  StringRef N = Lower;
  // LLD's ELF --oformat names: elf32-littlearm, elf64-littleriscv, ...
  if (N == "elf" || N.starts_with("elf32-") || N.starts_with("elf64-"))
    return ImageFormat::ELF;
  std::optional<ImageFormat> F =
      StringSwitch<std::optional<ImageFormat>>(N)
          .Cases({"bin", "binary"}, ImageFormat::Binary)
          .Cases({"hex", "ihex"}, ImageFormat::IHex)
          .Cases({"srec", "s19", "s28", "s37", "mot"}, ImageFormat::SRec)
          .Case("uf2", ImageFormat::UF2)
          .Default(std::nullopt);
  if (!F)
    return makeError("unknown output format '" + Name +
                     "': use elf, bin, hex, srec or uf2");
  return *F;
}

Expected<ImageFormat> imageFormatForPath(StringRef Path) {
  StringRef Ext = sys::path::extension(Path);
  std::string Lower = Ext.lower();
  std::optional<ImageFormat> F =
      StringSwitch<std::optional<ImageFormat>>(Lower)
          .Cases({"", ".elf", ".axf", ".out"}, ImageFormat::ELF)
          .Case(".bin", ImageFormat::Binary)
          .Cases({".hex", ".ihex", ".ihx"}, ImageFormat::IHex)
          .Cases({".srec", ".s19", ".s28", ".s37", ".mot"}, ImageFormat::SRec)
          .Case(".uf2", ImageFormat::UF2)
          .Default(std::nullopt);
  if (!F)
    return makeError("unknown output format '" + Ext +
                     "': use .elf, .bin, .hex, .srec or .uf2, or --oformat");
  return *F;
}

StringRef imageFormatName(ImageFormat F) {
  switch (F) {
  case ImageFormat::ELF:
    return "elf";
  case ImageFormat::Binary:
    return "bin";
  case ImageFormat::IHex:
    return "hex";
  case ImageFormat::SRec:
    return "srec";
  case ImageFormat::UF2:
    return "uf2";
  }
  llvm_unreachable("unknown image format");
}

namespace {
struct UF2FamilyName {
  const char *Name;
  uint32_t ID;
};
} // namespace

// The family IDs of the UF2 specification's families list.
static const UF2FamilyName UF2Families[] = {
    {"rp2040", 0xe48bff56},       {"rp2350-arm-s", 0xe48bff59},
    {"rp2350-arm-ns", 0xe48bff5b}, {"rp2350-riscv", 0xe48bff5a},
    {"nrf52840", 0xada52840},     {"absolute", 0xe48bff57},
    {"data", 0xe48bff58},
};

Expected<uint32_t> parseUF2Family(StringRef Name) {
  std::string Lower = Name.trim().lower();
  for (const UF2FamilyName &F : UF2Families)
    if (Lower == F.Name)
      return F.ID;
  Expected<uint64_t> V = parseNumber(Name, /*AllowSuffix=*/false);
  if (V) {
    if (*V > 0xffffffffull)
      return makeError("UF2 family '" + Name +
                       "' does not fit in 32 bits: family IDs are 32-bit "
                       "numbers such as 0xe48bff56");
    return static_cast<uint32_t>(*V);
  }
  consumeError(V.takeError());
  std::string Known;
  for (const UF2FamilyName &F : UF2Families)
    Known += std::string(F.Name) + ", ";
  return makeError("unknown UF2 family '" + Name + "': use " + Known +
                   "or a number such as 0xe48bff56");
}

//===----------------------------------------------------------------------===//
// The load image
//===----------------------------------------------------------------------===//

template <class ELFT>
static Expected<std::vector<LoadChunk>>
collectChunks(const ELFFile<ELFT> &File) {
  auto Phdrs = File.program_headers();
  if (!Phdrs)
    return makeError("cannot read the ELF program headers: " +
                     toString(Phdrs.takeError()));
  std::vector<LoadChunk> Chunks;
  for (const typename ELFT::Phdr &P : *Phdrs) {
    if (P.p_type != ELF::PT_LOAD || P.p_filesz == 0)
      continue;
    uint64_t Offset = P.p_offset, Size = P.p_filesz, Addr = P.p_paddr;
    if (Offset > File.getBufSize() || Size > File.getBufSize() - Offset)
      return makeError("a load segment (file offset " + formatAddress(Offset) +
                       ", " + Twine(Size) +
                       " bytes) extends past the end of the ELF file: the "
                       "file is truncated or corrupt; link it again");
    if (Addr + Size < Addr)
      return makeError("the load segment at " + formatAddress(Addr) +
                       " wraps around the address space: fix its load "
                       "address in the linker script");
    LoadChunk C;
    C.Address = Addr;
    C.Bytes = ArrayRef<uint8_t>(File.base() + Offset, Size);
    Chunks.push_back(C);
  }
  llvm::sort(Chunks, [](const LoadChunk &A, const LoadChunk &B) {
    return A.Address < B.Address;
  });
  for (size_t I = 1; I < Chunks.size(); ++I) {
    const LoadChunk &Prev = Chunks[I - 1], &Cur = Chunks[I];
    uint64_t PrevEnd = Prev.Address + Prev.Bytes.size();
    if (PrevEnd > Cur.Address)
      return makeError(
          "load segments overlap: [" + formatAddress(Prev.Address) + ", " +
          formatAddress(PrevEnd) + ") and [" + formatAddress(Cur.Address) +
          ", " + formatAddress(Cur.Address + Cur.Bytes.size()) +
          "): give each output section its own load address (AT>)");
  }
  return Chunks;
}

static Error bigEndianError() {
  return makeError("big-endian images are not supported: link for a "
                   "little-endian target");
}

Expected<std::vector<LoadChunk>>
collectLoadImage(const ELFObjectFileBase &Obj) {
  if (const auto *O = dyn_cast<ELF32LEObjectFile>(&Obj))
    return collectChunks(O->getELFFile());
  if (const auto *O = dyn_cast<ELF64LEObjectFile>(&Obj))
    return collectChunks(O->getELFFile());
  return bigEndianError();
}

static Expected<uint64_t> entryAddress(const ELFObjectFileBase &Obj) {
  if (const auto *O = dyn_cast<ELF32LEObjectFile>(&Obj))
    return O->getELFFile().getHeader().e_entry;
  if (const auto *O = dyn_cast<ELF64LEObjectFile>(&Obj))
    return O->getELFFile().getHeader().e_entry;
  return bigEndianError();
}

namespace {

/// A maximal run of contiguous bytes: adjacent chunks merged, so that
/// records and UF2 pages are cut from the image, not from its segments.
struct Run {
  uint64_t Address = 0;
  std::vector<uint8_t> Bytes;
  uint64_t end() const { return Address + Bytes.size(); }
};

} // namespace

static std::vector<Run> mergeChunks(ArrayRef<LoadChunk> Chunks) {
  std::vector<Run> Runs;
  for (const LoadChunk &C : Chunks) {
    if (Runs.empty() || Runs.back().end() != C.Address) {
      Runs.emplace_back();
      Runs.back().Address = C.Address;
    }
    Runs.back().Bytes.insert(Runs.back().Bytes.end(), C.Bytes.begin(),
                             C.Bytes.end());
  }
  return Runs;
}

/// Refuses images the 32-bit address fields of HEX, S-record and UF2 cannot
/// hold.
static Error check32Bit(ArrayRef<Run> Runs, uint64_t Entry, ImageFormat F) {
  StringRef Name = F == ImageFormat::IHex   ? "Intel HEX"
                   : F == ImageFormat::SRec ? "S-record"
                                            : "UF2";
  if (!Runs.empty() && Runs.back().end() - 1 > 0xffffffffull)
    return makeError("the load image reaches " +
                     formatAddress(Runs.back().end() - 1) +
                     ", past the 32-bit addresses " + Name +
                     " can hold: use ELF output");
  if (Entry > 0xffffffffull)
    return makeError("the entry point " + formatAddress(Entry) +
                     " does not fit the 32-bit start address of " + Name +
                     ": use ELF output");
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Raw binary
//===----------------------------------------------------------------------===//

/// Writes \p N bytes of 0xFF, the value of erased flash.
static void writeFill(raw_ostream &OS, uint64_t N) {
  char Fill[4096];
  std::fill(std::begin(Fill), std::end(Fill), '\xff');
  while (N) {
    size_t Step = static_cast<size_t>(std::min<uint64_t>(N, sizeof(Fill)));
    OS.write(Fill, Step);
    N -= Step;
  }
}

/// "4K", "384M", "1000 bytes".
static std::string formatGap(uint64_t N) {
  std::string S = formatSize(N);
  if (isDigit(S.back()))
    S += " bytes";
  return S;
}

static Error writeBinary(ArrayRef<LoadChunk> Chunks, const ImageOptions &Opts,
                         raw_ostream &OS) {
  uint64_t Base = Opts.BinaryBase.value_or(Chunks.front().Address);
  if (Chunks.front().Address < Base)
    return makeError(
        "the load image starts at " + formatAddress(Chunks.front().Address) +
        ", below the binary's base " + formatAddress(Base) +
        " (the flash origin): place that section in flash, or use .hex or "
        ".srec output, which carry addresses");
  // Every gap, including the one from the base to the first byte, is
  // filled; refuse gaps that would make the file mostly filler.
  uint64_t Pos = Base;
  for (const LoadChunk &C : Chunks) {
    if (C.Address - Pos > Opts.MaxBinaryGap)
      return makeError("the load image has a gap of " +
                       formatGap(C.Address - Pos) + " from " +
                       formatAddress(Pos) + " to " + formatAddress(C.Address) +
                       ", too large for a raw binary: use .hex or .srec "
                       "output instead");
    Pos = C.Address + C.Bytes.size();
  }
  Pos = Base;
  for (const LoadChunk &C : Chunks) {
    writeFill(OS, C.Address - Pos);
    OS.write(reinterpret_cast<const char *>(C.Bytes.data()), C.Bytes.size());
    Pos = C.Address + C.Bytes.size();
  }
  return Error::success();
}

//===----------------------------------------------------------------------===//
// Text records
//===----------------------------------------------------------------------===//

static constexpr unsigned RecordBytes = 16;

static void appendHex(SmallVectorImpl<char> &Line, uint8_t B) {
  static const char Digits[] = "0123456789ABCDEF";
  Line.push_back(Digits[B >> 4]);
  Line.push_back(Digits[B & 0xf]);
}

/// Calls \p Fn(Address, Bytes) for each data record of \p Runs: at most
/// RecordBytes bytes, never crossing a multiple of RecordBytes.
template <class Callback>
static void forEachRecord(ArrayRef<Run> Runs, Callback Fn) {
  for (const Run &R : Runs) {
    ArrayRef<uint8_t> Bytes = R.Bytes;
    uint64_t Addr = R.Address;
    while (!Bytes.empty()) {
      uint64_t Room = RecordBytes - Addr % RecordBytes;
      size_t N = static_cast<size_t>(std::min<uint64_t>(Room, Bytes.size()));
      Fn(Addr, Bytes.take_front(N));
      Addr += N;
      Bytes = Bytes.drop_front(N);
    }
  }
}

// Intel HEX: ":" count, 16-bit offset, type, data, checksum (the two's
// complement of the sum of all the record's bytes).
static void writeIHexRecord(raw_ostream &OS, uint8_t Type, uint16_t Offset,
                            ArrayRef<uint8_t> Data) {
  SmallString<64> Line;
  Line.push_back(':');
  uint8_t Sum = 0;
  auto Byte = [&](uint8_t B) {
    appendHex(Line, B);
    Sum += B;
  };
  Byte(static_cast<uint8_t>(Data.size()));
  Byte(Offset >> 8);
  Byte(Offset & 0xff);
  Byte(Type);
  for (uint8_t B : Data)
    Byte(B);
  appendHex(Line, static_cast<uint8_t>(-Sum));
  Line.push_back('\n');
  OS << Line;
}

static void writeIHex(ArrayRef<Run> Runs, uint64_t Entry, raw_ostream &OS) {
  // Type 04 (extended linear address) before the first data record and
  // whenever the upper 16 bits of the address change.
  std::optional<uint16_t> Upper;
  forEachRecord(Runs, [&](uint64_t Addr, ArrayRef<uint8_t> Data) {
    uint16_t Hi = static_cast<uint16_t>(Addr >> 16);
    if (Upper != Hi) {
      uint8_t Ext[2] = {static_cast<uint8_t>(Hi >> 8),
                        static_cast<uint8_t>(Hi & 0xff)};
      writeIHexRecord(OS, 0x04, 0, Ext);
      Upper = Hi;
    }
    writeIHexRecord(OS, 0x00, static_cast<uint16_t>(Addr & 0xffff), Data);
  });
  // Type 05 (start linear address): the entry point, if the ELF has one.
  if (Entry != 0) {
    uint8_t Start[4] = {
        static_cast<uint8_t>(Entry >> 24), static_cast<uint8_t>(Entry >> 16),
        static_cast<uint8_t>(Entry >> 8), static_cast<uint8_t>(Entry)};
    writeIHexRecord(OS, 0x05, 0, Start);
  }
  writeIHexRecord(OS, 0x01, 0, {});
}

// Motorola S-record: "S" type, count (of the address, data and checksum
// bytes), address, data, checksum (the ones' complement of the low byte of
// the sum of count, address and data). noos writes S0 (header "noos"), S3
// data records with 32-bit addresses whatever the image's addresses, S5 (or
// S6 past 65535 records) with the data record count, and S7 with the entry.
static void writeSRecord(raw_ostream &OS, char Type, unsigned AddrBytes,
                         uint64_t Addr, ArrayRef<uint8_t> Data) {
  SmallString<96> Line;
  Line.push_back('S');
  Line.push_back(Type);
  uint8_t Sum = 0;
  auto Byte = [&](uint8_t B) {
    appendHex(Line, B);
    Sum += B;
  };
  Byte(static_cast<uint8_t>(AddrBytes + Data.size() + 1));
  for (unsigned I = AddrBytes; I-- > 0;)
    Byte(static_cast<uint8_t>(Addr >> (8 * I)));
  for (uint8_t B : Data)
    Byte(B);
  appendHex(Line, static_cast<uint8_t>(~Sum));
  Line.push_back('\n');
  OS << Line;
}

static void writeSRec(ArrayRef<Run> Runs, uint64_t Entry, raw_ostream &OS) {
  static const uint8_t Header[] = {'n', 'o', 'o', 's'};
  writeSRecord(OS, '0', 2, 0, Header);
  uint64_t Count = 0;
  forEachRecord(Runs, [&](uint64_t Addr, ArrayRef<uint8_t> Data) {
    writeSRecord(OS, '3', 4, Addr, Data);
    ++Count;
  });
  // The count record is optional; past 24 bits there is none.
  if (Count <= 0xffff)
    writeSRecord(OS, '5', 2, Count, {});
  else if (Count <= 0xffffff)
    writeSRecord(OS, '6', 3, Count, {});
  writeSRecord(OS, '7', 4, Entry, {});
}

//===----------------------------------------------------------------------===//
// UF2
//===----------------------------------------------------------------------===//

// Each 512-byte block carries one 256-byte page, aligned to 256, of the
// image. Pages without any content are skipped; bytes of a written page
// that the image does not cover are 0xFF (erased flash), so a partial page
// leaves the flash as if untouched there. The 476-byte data field is zero
// past the 256-byte payload. With a family ID, flag 0x2000 is set and the
// ID fills the fileSize/familyID word; without, flags and that word are 0.
static constexpr uint32_t UF2PageSize = 256;
static constexpr uint32_t UF2BlockSize = 512;
static constexpr uint32_t UF2Magic0 = 0x0A324655;
static constexpr uint32_t UF2Magic1 = 0x9E5D5157;
static constexpr uint32_t UF2MagicEnd = 0x0AB16F30;
static constexpr uint32_t UF2FlagFamilyID = 0x00002000;

static void putLE32(uint8_t *P, uint32_t V) {
  for (int I = 0; I < 4; ++I)
    P[I] = static_cast<uint8_t>(V >> (8 * I));
}

static void writeUF2(ArrayRef<Run> Runs, std::optional<uint32_t> Family,
                     raw_ostream &OS) {
  // The pages touched, in order; runs are sorted and disjoint, so only
  // neighbours can share a page.
  std::vector<uint64_t> Pages;
  for (const Run &R : Runs) {
    uint64_t First = R.Address / UF2PageSize;
    uint64_t Last = (R.end() - 1) / UF2PageSize;
    for (uint64_t P = First; P <= Last; ++P)
      if (Pages.empty() || Pages.back() != P * UF2PageSize)
        Pages.push_back(P * UF2PageSize);
  }

  size_t FirstRun = 0;
  uint8_t Block[UF2BlockSize];
  for (size_t BlockNo = 0; BlockNo < Pages.size(); ++BlockNo) {
    uint64_t Page = Pages[BlockNo], PageEnd = Page + UF2PageSize;
    std::fill(std::begin(Block), std::end(Block), 0);
    putLE32(Block + 0, UF2Magic0);
    putLE32(Block + 4, UF2Magic1);
    putLE32(Block + 8, Family ? UF2FlagFamilyID : 0);
    putLE32(Block + 12, static_cast<uint32_t>(Page));
    putLE32(Block + 16, UF2PageSize);
    putLE32(Block + 20, static_cast<uint32_t>(BlockNo));
    putLE32(Block + 24, static_cast<uint32_t>(Pages.size()));
    putLE32(Block + 28, Family.value_or(0));
    uint8_t *Payload = Block + 32;
    std::fill(Payload, Payload + UF2PageSize, 0xff);
    while (FirstRun < Runs.size() && Runs[FirstRun].end() <= Page)
      ++FirstRun;
    for (size_t I = FirstRun; I < Runs.size() && Runs[I].Address < PageEnd;
         ++I) {
      const Run &R = Runs[I];
      uint64_t From = std::max(R.Address, Page);
      uint64_t To = std::min(R.end(), PageEnd);
      std::copy(R.Bytes.begin() + (From - R.Address),
                R.Bytes.begin() + (To - R.Address), Payload + (From - Page));
    }
    putLE32(Block + UF2BlockSize - 4, UF2MagicEnd);
    OS.write(reinterpret_cast<const char *>(Block), UF2BlockSize);
  }
}

//===----------------------------------------------------------------------===//
// Entry point
//===----------------------------------------------------------------------===//

Error writeImage(const ELFObjectFileBase &Obj, ImageFormat F,
                 const ImageOptions &Opts, raw_ostream &OS) {
  if (F == ImageFormat::ELF)
    return makeError("writeImage writes bin, hex, srec and uf2 images; ELF "
                     "output is the linker's own");
  Expected<std::vector<LoadChunk>> Chunks = collectLoadImage(Obj);
  if (!Chunks)
    return Chunks.takeError();
  if (Chunks->empty())
    return makeError("the linked image has no loadable contents, so the ." +
                     imageFormatName(F) +
                     " file would be empty: check that code and data are "
                     "placed in loaded sections");
  // Load segments that hold no section hold only the ELF and program
  // headers LLD maps with the first segment (a -T script that discards
  // everything): there is nothing to program. (An image without section
  // headers is judged by its segments alone.)
  bool HasSections = Obj.section_begin() != Obj.section_end();
  bool HasContent = any_of(Obj.sections(), [](const ELFSectionRef &S) {
    return (S.getFlags() & ELF::SHF_ALLOC) && S.getType() != ELF::SHT_NOBITS &&
           S.getSize() != 0;
  });
  if (HasSections && !HasContent)
    return makeError("no loadable content: no section of the linked image "
                     "is loaded, so the ." +
                     imageFormatName(F) +
                     " file would hold only ELF headers: check that the "
                     "linker script places code and data in output sections "
                     "(and that /DISCARD/ does not drop them)");
  if (F == ImageFormat::Binary)
    return writeBinary(*Chunks, Opts, OS);

  Expected<uint64_t> Entry = entryAddress(Obj);
  if (!Entry)
    return Entry.takeError();
  std::vector<Run> Runs = mergeChunks(*Chunks);
  if (Error E = check32Bit(Runs, *Entry, F))
    return E;
  switch (F) {
  case ImageFormat::IHex:
    writeIHex(Runs, *Entry, OS);
    break;
  case ImageFormat::SRec:
    writeSRec(Runs, *Entry, OS);
    break;
  case ImageFormat::UF2:
    writeUF2(Runs, Opts.UF2Family, OS);
    break;
  case ImageFormat::ELF:
  case ImageFormat::Binary:
    llvm_unreachable("handled above");
  }
  return Error::success();
}

} // namespace noos
