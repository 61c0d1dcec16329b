//===- MemoryMap.cpp - RAM and flash blocks of an image -------------------===//

#include "noos/MemoryMap.h"
#include "noos/Support.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

using namespace llvm;

namespace noos {

std::string MemBlock::str() const {
  return formatAddress(Origin) + ":" + formatSize(Size);
}

Expected<MemBlock> parseBlock(StringRef Spec, StringRef Option) {
  StringRef Addr, Size;
  std::tie(Addr, Size) = Spec.split(':');
  if (Addr.trim().empty() || Size.trim().empty() || Spec.count(':') != 1)
    return makeError("malformed " + Option + " block '" + Spec +
                     "': expected ADDR:SIZE, e.g. " + Option +
                     " 0x20000000:128K");
  Expected<uint64_t> A = parseNumber(Addr, /*AllowSuffix=*/false);
  if (!A)
    return makeError("malformed address in " + Option + " '" + Spec +
                     "': " + toString(A.takeError()));
  Expected<uint64_t> S = parseNumber(Size);
  if (!S)
    return makeError("malformed size in " + Option + " '" + Spec +
                     "': " + toString(S.takeError()));
  if (*S == 0)
    return makeError("zero-sized block in " + Option + " '" + Spec +
                     "': give the block's size in bytes, e.g. " + Addr +
                     ":64K");
  if (*A + *S < *A)
    return makeError("block " + Option + " '" + Spec +
                     "' wraps around the end of the 64-bit address space");
  return MemBlock{*A, *S};
}

Expected<std::vector<MemBlock>> parseBlockList(StringRef Spec,
                                               StringRef Option) {
  std::vector<MemBlock> Blocks;
  SmallVector<StringRef, 4> Parts;
  Spec.split(Parts, ',');
  for (StringRef P : Parts) {
    Expected<MemBlock> B = parseBlock(P, Option);
    if (!B)
      return B.takeError();
    Blocks.push_back(*B);
  }
  return Blocks;
}

uint64_t MemoryMap::effectiveTextStart() const {
  if (TextStart)
    return *TextStart;
  if (Flash)
    return Flash->Origin;
  return RAM.empty() ? 0 : RAM[0].Origin + (StackInData ? 0 : StackSize);
}

Error MemoryMap::validate(unsigned AddressBits) const {
  if (RAM.empty())
    return makeError("no RAM: give the RAM blocks with -M ADDR:SIZE (e.g. "
                     "-M 0x20000000:128K) or choose a board with --board");
  if (RAM.size() > 2)
    return makeError("too many RAM blocks (" + Twine(RAM.size()) +
                     "): -M takes at most two, the main DMA-capable RAM and "
                     "one extra block for the runtime");
  uint64_t Limit = AddressBits >= 64 ? ~0ull : (1ull << AddressBits);
  auto CheckSpace = [&](const MemBlock &B, StringRef What) -> Error {
    if (AddressBits < 64 && B.end() > Limit)
      return makeError(What + " " + B.str() + " ends past the " +
                       Twine(AddressBits) +
                       "-bit address space of the target: lower its address "
                       "or size");
    return Error::success();
  };
  for (size_t I = 0; I < RAM.size(); ++I)
    if (Error E = CheckSpace(RAM[I], "RAM block -M " + Twine(I + 1).str()))
      return E;
  if (Flash)
    if (Error E = CheckSpace(*Flash, "flash -F"))
      return E;
  if (RAM.size() == 2 && RAM[0].overlaps(RAM[1]))
    return makeError("RAM blocks " + RAM[0].str() + " and " + RAM[1].str() +
                     " overlap: give -M disjoint blocks");
  for (const MemBlock &R : RAM)
    if (Flash && Flash->overlaps(R))
      return makeError("flash -F " + Flash->str() + " overlaps RAM block " +
                       R.str() + ": give -F and -M disjoint ranges");
  // The main stack sits at the bottom of RAM block 1, so the AAPCS's
  // 8-byte stack alignment needs an 8-aligned origin: with any other,
  // every --stack-size leaves the initial SP misaligned.
  if (RAM[0].Origin % 8) {
    uint64_t Aligned = alignTo(RAM[0].Origin, 8);
    uint64_t Lost = Aligned - RAM[0].Origin;
    return makeError(
        "RAM block 1 " + RAM[0].str() + " starts at " +
        formatAddress(RAM[0].Origin) +
        ", which is not a multiple of 8: the main stack at the bottom of RAM "
        "needs 8-byte alignment (AAPCS); start the block at " +
        formatAddress(Aligned) +
        (RAM[0].Size > Lost
             ? " (-M " + MemBlock{Aligned, RAM[0].Size - Lost}.str() + ")"
             : std::string()));
  }
  if (StackSize >= RAM[0].Size)
    return makeError("a stack of " + Twine(StackSize) +
                     " bytes does not fit in RAM block 1 (" + RAM[0].str() +
                     "): lower --stack-size or give more RAM with -M");
  if (Quantum && (Quantum & (Quantum - 1)))
    return makeError("-R " + formatAddress(Quantum) +
                     " is not a power of two: give a rounding quantum such "
                     "as 0x1000");
  if (TextStart) {
    uint64_t T = *TextStart;
    if (Flash) {
      if (!Flash->contains(T))
        return makeError("-T " + formatAddress(T) + " is outside the flash -F " +
                         Flash->str() +
                         ": give a text start inside the flash, or drop -T");
    } else {
      const MemBlock &R = RAM[0];
      if (!R.contains(T))
        return makeError("-T " + formatAddress(T) + " is outside RAM block 1 " +
                         R.str() +
                         ": give a text start inside it, or give -F for a "
                         "flash image");
      if (!StackInData && T < R.Origin + StackSize)
        return makeError("-T " + formatAddress(T) + " leaves " +
                         Twine(T - R.Origin) + " bytes below it for a stack of " +
                         Twine(StackSize) +
                         " bytes (the stack sits at the bottom of RAM): raise "
                         "-T or lower --stack-size");
    }
  }
  return Error::success();
}

} // namespace noos
