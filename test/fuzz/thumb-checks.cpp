//===- thumb-checks.cpp - fuzz the Thumb checks on a linked image ---------===//
//
// The input is a linked image, given as its own only input object (so the
// checks' search for culprits reads it too). runThumbChecks (lib/Check)
// must report on it or say it cannot read it, one line per problem; the
// stored-label search and its rewriting must take it too.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "noos/Checks.h"
#include "llvm/Object/Binary.h"
#include "llvm/Object/ELFObjectFile.h"

using namespace llvm;

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
  std::string Path = noosfuzz::writeTempFile("image.o", Bytes);
  std::string Out;
  raw_string_ostream OS(Out);
  noos::DiagSink Diag{OS, "noos-ld", noos::CheckMode::Error};
  noos::runThumbChecks(*Obj, ArrayRef<std::string>{Path}, Diag);
  FUZZ_CHECK(Diag.Errors == 0 || !Out.empty(), "an error without a message");

  // The stored-label search reads the relocations of input objects, and
  // --thumb-labels=functions rewrites a copy of them: both take any bytes.
  std::vector<noos::ObjectBuffer> Objects{{"image.o", Bytes}};
  std::vector<noos::StoredThumbLabel> Found =
      noos::findStoredThumbLabels(Objects);
  for (const noos::StoredThumbLabel &L : Found)
    FUZZ_CHECK(L.DefiningObject == 0 && L.ReferringObject == 0 &&
                   !L.Label.empty(),
               "a stored label outside the objects or without a name");
  if (std::optional<std::string> Copy = noos::markThumbLabels(Bytes, Found, 0))
    FUZZ_CHECK(Copy->size() == Size, "the marked copy changed size");
  return 0;
}
