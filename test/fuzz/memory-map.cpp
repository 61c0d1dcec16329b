//===- memory-map.cpp - fuzz memory maps and option values ----------------===//
//
// The input is an option value as typed on a command line: a number, a
// memory map (-M/-F/-T), an output format or a UF2 family. The parsers of
// lib/Support, lib/MemoryMap and lib/Image must take it or refuse it with
// one line, and what they take must print back as what they took.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "noos/Image.h"
#include "noos/MemoryMap.h"
#include "noos/Support.h"

using namespace llvm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef S(reinterpret_cast<const char *>(Data), Size);

  for (bool Suffix : {true, false}) {
    Expected<uint64_t> N = noos::parseNumber(S, Suffix);
    if (!N) {
      noosfuzz::checkOneLine(N.takeError());
      continue;
    }
    // Printed sizes read back as the same number.
    Expected<uint64_t> Again = noos::parseNumber(noos::formatSize(*N));
    FUZZ_CHECK(Again && *Again == *N, noos::formatSize(*N));
    if (!Again)
      consumeError(Again.takeError());
  }
  (void)noos::looksLikeNumber(S);

  Expected<std::vector<noos::MemBlock>> Blocks = noos::parseBlockList(S, "-M");
  if (!Blocks) {
    noosfuzz::checkOneLine(Blocks.takeError());
  } else {
    noos::MemoryMap Map;
    for (const noos::MemBlock &B : *Blocks) {
      // A block prints as one that parses back to it.
      Expected<noos::MemBlock> Again = noos::parseBlock(B.str(), "-M");
      FUZZ_CHECK(Again && Again->Origin == B.Origin && Again->Size == B.Size,
                 B.str());
      if (!Again)
        consumeError(Again.takeError());
    }
    Map.RAM = *Blocks;
    if (Map.RAM.size() > 1) {
      Map.Flash = Map.RAM.back();
      Map.RAM.pop_back();
    }
    Map.StackSize = 1024;
    for (unsigned Bits : {32u, 64u})
      if (Error E = Map.validate(Bits))
        noosfuzz::checkOneLine(std::move(E));
      else
        (void)Map.effectiveTextStart();
  }
  if (Expected<noos::MemBlock> B = noos::parseBlock(S, "-F"); !B)
    noosfuzz::checkOneLine(B.takeError());

  if (Expected<noos::ImageFormat> F = noos::parseImageFormat(S); !F)
    noosfuzz::checkOneLine(F.takeError());
  if (Expected<noos::ImageFormat> F = noos::imageFormatForPath(S); !F)
    noosfuzz::checkOneLine(F.takeError());
  if (Expected<uint32_t> U = noos::parseUF2Family(S); !U)
    noosfuzz::checkOneLine(U.takeError());
  return 0;
}
