//===- input-scan.cpp - fuzz noos-ld's scan of its input files ------------===//
//
// The input is one file on noos-ld's command line: an object, an archive,
// a linker script, anything. scanInputs (lib/Link/InputScan.cpp) must read
// it or refuse it with one line naming it, and the Thumb checks' own read of
// the inputs (ThumbCheckInputs, lib/Check) must survive it too.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "InputContents.h"
#include "InputScan.h"
#include "noos/Checks.h"

using namespace llvm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Bytes(reinterpret_cast<const char *>(Data), Size);
  // The name an archive or object would have: the scan's advice depends
  // on it for unrecognised contents.
  std::string Path = noosfuzz::writeTempFile(
      Bytes.starts_with("!<arch>") || Bytes.starts_with("!<thin>") ? "lib.a"
                                                                    : "in.o",
      Bytes);
  Expected<noos::InputScan> Scan = noos::scanInputs({Path});
  if (!Scan) {
    std::string Msg = noosfuzz::checkOneLine(Scan.takeError());
    FUZZ_CHECK(StringRef(Msg).contains(Path), "the error names no input: " + Msg);
  } else {
    FUZZ_CHECK(Scan->Paths.size() == 1 && Scan->Headers.size() == 1,
               "one input, one entry");
    // The section facts the scan gathers in its one pass are those the
    // separate read through llvm::object gives.
    std::vector<noos::ObjectContents> Ref =
        noos::readObjectContents({Path}, /*Symbols=*/false, /*Archives=*/true);
    FUZZ_CHECK(Ref.size() == Scan->Contents.size(),
               "scan and readObjectContents disagree on the objects");
    for (size_t I = 0; I < Ref.size(); ++I) {
      const noos::ObjectContents &A = Ref[I], &B = Scan->Contents[I];
      FUZZ_CHECK(A.Path == B.Path && A.IsArchiveMember == B.IsArchiveMember,
                 "scan and readObjectContents name " + A.Path + " apart");
      FUZZ_CHECK(A.HasExidx == B.HasExidx,
                 "scan and readObjectContents disagree on exidx in " + A.Path);
      FUZZ_CHECK(A.FlagTrickSections == B.FlagTrickSections,
                 "scan and readObjectContents disagree on flag-trick names in " +
                     A.Path);
      FUZZ_CHECK(A.Writable.size() == B.Writable.size(),
                 "scan and readObjectContents disagree on the writable "
                 "sections of " + A.Path);
      for (size_t J = 0; J < A.Writable.size(); ++J)
        FUZZ_CHECK(A.Writable[J].Name == B.Writable[J].Name &&
                       A.Writable[J].NoBits == B.Writable[J].NoBits,
                   "scan and readObjectContents disagree on a section of " +
                       A.Path + ": '" + A.Writable[J].Name + "' against '" +
                       B.Writable[J].Name + "'");
    }
  }
  noos::ThumbCheckInputs Inputs({Path});
  Inputs.readHeaders();
  return 0;
}
