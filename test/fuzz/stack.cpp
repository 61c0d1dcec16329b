//===- stack.cpp - fuzz the link-time stack analysis ----------------------===//
//
// The input is a linked image, or an annotation file (--stack-annotations):
// both come from the user (an image's code and .stack_sizes from objects
// noos did not make). parseStackAnnotations must take any text, failing
// with one line that names the file and line; analyzeStack must take any
// image with the runtime's own annotations (share/noos/stack-notes.txt),
// failing with one line, and its result must be consistent: the worst path
// of a root adds up to no more than its need, the main stack's total is at
// least its reset path, every other stack's at least each of its roots,
// and the table and the JSON report print.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "noos/StackUsage.h"
#include "llvm/Object/Binary.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

static const noos::StackAnnotations &shippedNotes() {
  static const noos::StackAnnotations Notes = [] {
    noos::StackAnnotations N;
    ErrorOr<std::unique_ptr<MemoryBuffer>> B =
        MemoryBuffer::getFile(NOOS_SHARE_DIR "/stack-notes.txt");
    FUZZ_CHECK(bool(B), "share/noos/stack-notes.txt is missing (build noos-data)");
    Expected<noos::StackAnnotations> P =
        noos::parseStackAnnotations((*B)->getBuffer(), "stack-notes.txt");
    FUZZ_CHECK(bool(P), "the runtime's own stack notes do not parse");
    if (P)
      N = std::move(*P);
    return N;
  }();
  return Notes;
}

static void oneLine(Error E) {
  std::string M = toString(std::move(E));
  FUZZ_CHECK(!M.empty() && M.find('\n') == std::string::npos,
             "an error that is not one line: " + M);
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Bytes(reinterpret_cast<const char *>(Data), Size);

  // As an annotation file.
  Expected<noos::StackAnnotations> Notes =
      noos::parseStackAnnotations(Bytes, "f.notes");
  if (!Notes) {
    std::string M = toString(Notes.takeError());
    FUZZ_CHECK(StringRef(M).starts_with("f.notes:"),
               "an annotation error that names no file and line: " + M);
    FUZZ_CHECK(M.find('\n') == std::string::npos,
               "an annotation error that is not one line: " + M);
  }

  // As a linked image.
  Expected<std::unique_ptr<object::Binary>> Bin =
      object::createBinary(MemoryBufferRef(Bytes, "image.elf"));
  if (!Bin) {
    consumeError(Bin.takeError());
    return 0;
  }
  const auto *Obj = dyn_cast<object::ELFObjectFileBase>(Bin->get());
  if (!Obj)
    return 0;
  noos::StackFrameSizes Frames;
  Frames.Exception = 36;
  Frames.Switch = 36;
  Frames.Canary = 4;
  Frames.Named = {{"a64-thread-entry", 16}, {"a64-nested-irq", 704},
                  {"a64-exception", 288}};
  Expected<noos::StackResult> R =
      noos::analyzeStack(*Obj, shippedNotes(), Frames);
  if (!R) {
    oneLine(R.takeError());
    return 0;
  }
  for (const noos::StackRoot &Root : R->Roots) {
    uint64_t Sum = 0;
    for (const noos::StackFrame &F : Root.Path)
      Sum += F.Size;
    FUZZ_CHECK(!Root.bounded() || Sum <= Root.Need,
               "a bounded root whose worst path is larger than its need: " +
                   Root.Name);
  }
  if (R->MainStack && !R->MainStack->Parts.empty())
    FUZZ_CHECK(R->MainStack->Need >= R->MainStack->Parts[0]->Need,
               "the main stack's total is below its reset path");
  for (const noos::StackTotal &T : R->Stacks)
    for (const noos::StackRoot *P : T.Parts)
      FUZZ_CHECK(T.Need >= P->total(),
                 "a stack's total is below one of its roots: " + T.Name);
  std::string Out;
  raw_string_ostream OS(Out);
  noos::printStackTable(OS, *R);
  noos::writeStackJSON(OS, *R);
  return 0;
}
