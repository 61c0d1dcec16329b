//===- targets.cpp - fuzz targets.json, read whole and on demand ----------===//
//
// The input is a targets.json. It is opened as a data directory of its own
// twice: with Database::Load::All (the linker's: every target read and
// checked) and with Load::OnDemand (the compiler driver's: cut into one
// piece per target, each parsed when used; lib/Target). Both must load it
// or refuse it with one line, and agree: what Load::All refuses, the
// on-demand database refuses with the same error once it reads everything;
// what it accepts, the on-demand one builds the same, target by target.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "noos/Database.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace {
/// The fields a target's users read most, as one string to compare.
std::string describe(const noos::TargetInfo &T) {
  std::string S;
  raw_string_ostream OS(S);
  OS << T.Name << '|' << T.Arch << '|' << T.CPU << '|' << T.FPU << '|'
     << T.FloatABI << '|' << T.ELFMachine << '|' << T.CPUArchTag << '|'
     << T.AddressBits << '|' << T.MaxIRQCount << '|' << T.DefaultStackSize
     << '|' << T.LinkerScript << '|' << T.Runtime << '|' << T.Multilibs.size()
     << '|' << T.FaultReports.size() << '|' << T.StackFrames.size() << '|'
     << T.LLDFlags.size() << '|' << T.ThumbChecks << T.StackCheck;
  return S;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Bytes(reinterpret_cast<const char *>(Data), Size);
  noosfuzz::writeTempFile("targets.json", Bytes);
  const std::string &Dir = noosfuzz::tempDir();

  Expected<noos::Database> All = noos::Database::open(Dir);
  std::string AllError = All ? "" : noosfuzz::checkOneLine(All.takeError());

  Expected<noos::Database> Lazy =
      noos::Database::open(Dir, noos::Database::Load::OnDemand);
  if (!Lazy) {
    std::string E = noosfuzz::checkOneLine(Lazy.takeError());
    FUZZ_CHECK(E == AllError, "on demand: " + E + "; all: " + AllError);
    return 0;
  }
  if (All) {
    // Each of Load::All's targets, built alone, is the same.
    for (const noos::TargetInfo &T : All->targets()) {
      Expected<const noos::TargetInfo &> L = Lazy->target(T.noosTriple());
      FUZZ_CHECK(bool(L), T.Name + ": " + toString(L.takeError()));
      FUZZ_CHECK(describe(*L) == describe(T), describe(*L) + " != " + describe(T));
    }
  } else {
    // Any target may fail alone (with one line), or not: a broken one it
    // does not inherit is none of its business.
    for (const char *Name : {"thumbv7em-noos", "a-noos", "riscv64-noos"}) {
      Expected<const noos::TargetInfo &> L = Lazy->target(Name);
      if (!L)
        noosfuzz::checkOneLine(L.takeError());
    }
  }
  Error E = Lazy->loadAll();
  std::string LazyError = E ? noosfuzz::checkOneLine(std::move(E)) : "";
  FUZZ_CHECK(LazyError == AllError,
             "on demand, all: " + LazyError + "; all: " + AllError);
  if (All)
    FUZZ_CHECK(Lazy->targets().size() == All->targets().size(),
               "a different number of targets");
  return 0;
}
