//===- image-writers.cpp - fuzz the image writers against each other ------===//
//
// The input is a linked ELF image. When lib/Image takes its load image, the
// raw binary, Intel HEX, S-record and UF2 files written from it must decode
// back to exactly that load image (the binary and UF2 may add 0xFF filler
// where the image has none); when it refuses it, with one line. The
// decoders here are deliberately plain readings of each format's
// definition, independent of the writers.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "noos/Image.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Object/Binary.h"
#include "llvm/Support/Endian.h"
#include <map>

using namespace llvm;

namespace {

using ByteMap = std::map<uint64_t, uint8_t>;

/// The bytes of a line of hex digit pairs, or nothing if it is not one.
std::optional<std::vector<uint8_t>> hexBytes(StringRef Digits) {
  if (Digits.size() % 2)
    return std::nullopt;
  std::vector<uint8_t> Out;
  for (size_t I = 0; I < Digits.size(); I += 2) {
    unsigned V;
    if (Digits.substr(I, 2).getAsInteger(16, V))
      return std::nullopt;
    Out.push_back(uint8_t(V));
  }
  return Out;
}

ByteMap decodeIHex(StringRef Text) {
  ByteMap M;
  uint64_t Base = 0;
  bool End = false;
  SmallVector<StringRef, 0> Lines;
  Text.split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (StringRef L : Lines) {
    L = L.rtrim('\r');
    FUZZ_CHECK(!End, "a record after the end-of-file record");
    FUZZ_CHECK(L.starts_with(":"), L);
    std::optional<std::vector<uint8_t>> B = hexBytes(L.drop_front());
    FUZZ_CHECK(B && B->size() >= 5 && B->size() == 5u + (*B)[0], L);
    uint8_t Sum = 0;
    for (uint8_t X : *B)
      Sum += X;
    FUZZ_CHECK(Sum == 0, "a bad checksum: " + L.str());
    unsigned Offset = (*B)[1] << 8 | (*B)[2];
    ArrayRef<uint8_t> Payload = ArrayRef(*B).slice(4, (*B)[0]);
    switch ((*B)[3]) {
    case 0x00:
      for (size_t I = 0; I < Payload.size(); ++I)
        FUZZ_CHECK(M.emplace(Base + ((Offset + I) & 0xffff), Payload[I]).second,
                   "a byte written twice: " + L.str());
      break;
    case 0x01:
      End = true;
      break;
    case 0x04:
      FUZZ_CHECK(Payload.size() == 2, L);
      Base = uint64_t(Payload[0] << 8 | Payload[1]) << 16;
      break;
    case 0x05:
      FUZZ_CHECK(Payload.size() == 4, L);
      break;
    default:
      FUZZ_CHECK(false, "an unexpected record type: " + L.str());
    }
  }
  FUZZ_CHECK(End, "no end-of-file record");
  return M;
}

ByteMap decodeSRec(StringRef Text) {
  ByteMap M;
  size_t Data = 0;
  bool End = false;
  SmallVector<StringRef, 0> Lines;
  Text.split(Lines, '\n', -1, /*KeepEmpty=*/false);
  for (StringRef L : Lines) {
    L = L.rtrim('\r');
    FUZZ_CHECK(!End, "a record after the termination record");
    FUZZ_CHECK(L.size() >= 2 && L[0] == 'S', L);
    char T = L[1];
    std::optional<std::vector<uint8_t>> B = hexBytes(L.drop_front(2));
    FUZZ_CHECK(B && B->size() >= 2 && B->size() == 1u + (*B)[0], L);
    uint8_t Sum = 0;
    for (uint8_t X : *B)
      Sum += X;
    FUZZ_CHECK(Sum == 0xff, "a bad checksum: " + L.str());
    unsigned AddrBytes = T == '0' || T == '1' || T == '5' || T == '9' ? 2
                         : T == '2' || T == '6' || T == '8'           ? 3
                         : T == '3' || T == '7'                       ? 4
                                                                      : 0;
    FUZZ_CHECK(AddrBytes && B->size() >= 2 + AddrBytes, L);
    uint64_t Addr = 0;
    for (unsigned I = 0; I < AddrBytes; ++I)
      Addr = Addr << 8 | (*B)[1 + I];
    ArrayRef<uint8_t> Payload =
        ArrayRef(*B).slice(1 + AddrBytes, B->size() - 2 - AddrBytes);
    if (T == '1' || T == '2' || T == '3') {
      ++Data;
      for (size_t I = 0; I < Payload.size(); ++I)
        FUZZ_CHECK(M.emplace(Addr + I, Payload[I]).second,
                   "a byte written twice: " + L.str());
    } else if (T == '5' || T == '6') {
      FUZZ_CHECK(Addr == Data, "a wrong record count: " + L.str());
    } else if (T >= '7') {
      End = true;
    }
  }
  FUZZ_CHECK(End, "no termination record");
  return M;
}

ByteMap decodeUF2(StringRef File, std::optional<uint32_t> Family) {
  ByteMap M;
  FUZZ_CHECK(File.size() % 512 == 0, "not whole 512-byte blocks");
  uint32_t Blocks = File.size() / 512;
  for (uint32_t N = 0; N < Blocks; ++N) {
    const uint8_t *P = reinterpret_cast<const uint8_t *>(File.data()) + N * 512;
    auto Word = [&](unsigned I) { return support::endian::read32le(P + 4 * I); };
    FUZZ_CHECK(Word(0) == 0x0A324655 && Word(1) == 0x9E5D5157 &&
                   support::endian::read32le(P + 508) == 0x0AB16F30,
               "bad magic");
    uint32_t Flags = Word(2), Addr = Word(3), Size = Word(4);
    FUZZ_CHECK(Word(5) == N && Word(6) == Blocks, "bad block numbers");
    FUZZ_CHECK(bool(Flags & 0x2000) == Family.has_value() &&
                   (!Family || Word(7) == *Family),
               "bad family");
    FUZZ_CHECK(Size <= 476, "a payload too big");
    for (uint32_t I = 0; I < Size; ++I)
      FUZZ_CHECK(M.emplace(uint64_t(Addr) + I, P[32 + I]).second,
                 "a byte written twice");
  }
  return M;
}

/// The decoded bytes equal the load image; \p Filler bytes (0xFF) are
/// allowed where the image has none.
void compare(const ByteMap &M, const ByteMap &Want, StringRef Format,
             bool Filler) {
  for (const auto &[Addr, Byte] : Want) {
    auto It = M.find(Addr);
    FUZZ_CHECK(It != M.end() && It->second == Byte,
               Format.str() + " differs at " + utohexstr(Addr));
  }
  if (!Filler) {
    FUZZ_CHECK(M.size() == Want.size(), Format.str() + " has extra bytes");
    return;
  }
  for (const auto &[Addr, Byte] : M)
    FUZZ_CHECK(Want.count(Addr) || Byte == 0xff,
               Format.str() + " has a filler byte not 0xFF at " +
                   utohexstr(Addr));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Bytes(reinterpret_cast<const char *>(Data), Size);
  Expected<std::unique_ptr<object::Binary>> Bin =
      object::createBinary(MemoryBufferRef(Bytes, "image.elf"));
  if (!Bin) {
    consumeError(Bin.takeError());
    return 0;
  }
  const auto *Obj = dyn_cast<object::ELFObjectFileBase>(Bin->get());
  if (!Obj)
    return 0;
  Expected<std::vector<noos::LoadChunk>> Chunks = noos::collectLoadImage(*Obj);
  if (!Chunks) {
    noosfuzz::checkOneLine(Chunks.takeError());
    return 0;
  }
  ByteMap Want;
  for (const noos::LoadChunk &C : *Chunks)
    for (size_t I = 0; I < C.Bytes.size(); ++I)
      FUZZ_CHECK(Want.emplace(C.Address + I, C.Bytes[I]).second,
                 "overlapping chunks");

  noos::ImageOptions Opts;
  Opts.MaxBinaryGap = 1 << 16; // keep each run small
  for (noos::ImageFormat F :
       {noos::ImageFormat::Binary, noos::ImageFormat::IHex,
        noos::ImageFormat::SRec, noos::ImageFormat::UF2}) {
    for (std::optional<uint32_t> Family :
         {std::optional<uint32_t>(), std::optional<uint32_t>(0xe48bff56)}) {
      if (Family && F != noos::ImageFormat::UF2)
        continue;
      Opts.UF2Family = Family;
      std::string Out;
      raw_string_ostream OS(Out);
      if (Error E = noos::writeImage(*Obj, F, Opts, OS)) {
        noosfuzz::checkOneLine(std::move(E));
        continue;
      }
      StringRef Name = noos::imageFormatName(F);
      switch (F) {
      case noos::ImageFormat::Binary: {
        ByteMap M;
        uint64_t Base = Want.empty() ? 0 : Want.begin()->first;
        for (size_t I = 0; I < Out.size(); ++I)
          M.emplace(Base + I, uint8_t(Out[I]));
        compare(M, Want, Name, /*Filler=*/true);
        break;
      }
      case noos::ImageFormat::IHex:
        compare(decodeIHex(Out), Want, Name, false);
        break;
      case noos::ImageFormat::SRec:
        compare(decodeSRec(Out), Want, Name, false);
        break;
      case noos::ImageFormat::UF2:
        compare(decodeUF2(Out, Family), Want, Name, true);
        break;
      default:
        break;
      }
    }
  }
  return 0;
}
