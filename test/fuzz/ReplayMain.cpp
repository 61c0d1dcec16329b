//===- ReplayMain.cpp - run a fuzz harness over saved inputs, no fuzzing --===//
//
// The harnesses in test/fuzz/ are libFuzzer targets (LLVMFuzzerTestOneInput).
// Built with -DNOOS_FUZZ=ON they link libFuzzer and fuzz; in every other
// build they link this main instead, which feeds them each file given (or
// each file under each directory given, in name order) exactly once. That is
// how `make check` replays the seed corpora and the crash reproducers: fast,
// deterministic, and without libFuzzer's runtime in the Release build. A
// reproducer that still crashes crashes this program, naming the file first.
// Files whose names start with '.' (.gitkeep in an empty crashes/) are
// skipped.
//
//===----------------------------------------------------------------------===//

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size);
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int *Argc,
                                                          char ***Argv);

using namespace llvm;

int main(int Argc, char **Argv) {
  if (LLVMFuzzerInitialize)
    LLVMFuzzerInitialize(&Argc, &Argv);
  std::vector<std::string> Files;
  for (int I = 1; I < Argc; ++I) {
    std::string Arg = Argv[I];
    if (!sys::fs::is_directory(Arg)) {
      Files.push_back(Arg);
      continue;
    }
    std::vector<std::string> InDir;
    std::error_code EC;
    for (sys::fs::directory_iterator It(Arg, EC), End; It != End && !EC;
         It.increment(EC))
      if (sys::fs::is_regular_file(It->path()) &&
          !sys::path::filename(It->path()).starts_with("."))
        InDir.push_back(It->path());
    if (EC) {
      errs() << Argv[0] << ": cannot list '" << Arg << "': " << EC.message()
             << "\n";
      return 2;
    }
    llvm::sort(InDir);
    append_range(Files, InDir);
  }
  for (const std::string &F : Files) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
        MemoryBuffer::getFile(F, /*IsText=*/false,
                              /*RequiresNullTerminator=*/false);
    if (!Buf) {
      errs() << Argv[0] << ": cannot read '" << F
             << "': " << Buf.getError().message() << "\n";
      return 2;
    }
    // Named before it runs, so a crash's output says which input it was.
    errs() << "replaying " << F << "\n";
    // A copy the size of the input, as libFuzzer passes: ASan sees reads
    // past its end.
    std::vector<uint8_t> Data((*Buf)->getBufferStart(),
                              (*Buf)->getBufferEnd());
    LLVMFuzzerTestOneInput(Data.data(), Data.size());
  }
  outs() << "replayed " << Files.size() << " inputs\n";
  return 0;
}
