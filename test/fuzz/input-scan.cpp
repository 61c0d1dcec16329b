//===- input-scan.cpp - fuzz noos-ld's scan of its input files ------------===//
//
// The input is one file on noos-ld's command line: an object, an archive,
// a linker script, anything. scanInputs (lib/Link/InputScan.cpp) must read
// it or refuse it with one line naming it, and the Thumb checks' own read of
// the inputs (ThumbCheckInputs, lib/Check) must survive it too.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
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
  }
  noos::ThumbCheckInputs Inputs({Path});
  Inputs.readHeaders();
  return 0;
}
