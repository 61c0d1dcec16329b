//===- noos-ld.cpp - The noos linker driver -------------------------------===//
//
// A thin front end: everything lives in lib/Link (noos/Driver.h).
//
//===----------------------------------------------------------------------===//

#include "noos/Driver.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <sys/mman.h>
#include <unistd.h>

extern "C" char __bss_start[], _end[];

// Before any other constructor: the static initialisers write nearly every
// page of .bss (LLVM's command-line options live there), one page fault
// each. One madvise maps them all at once.
__attribute__((constructor(101))) static void populateBss() {
#ifdef MADV_POPULATE_WRITE
  uintptr_t Page = uintptr_t(::sysconf(_SC_PAGESIZE));
  uintptr_t Lo = uintptr_t(__bss_start) & ~(Page - 1);
  uintptr_t Hi = (uintptr_t(_end) + Page - 1) & ~(Page - 1);
  (void)::madvise(reinterpret_cast<void *>(Lo), Hi - Lo, MADV_POPULATE_WRITE);
#endif
}

int main(int Argc, char **Argv) {
  llvm::InitLLVM X(Argc, Argv);
  int Status = noos::linkerMain(Argc, Argv, (void *)&main);
  // Everything is written and closed by now (linkerMain removed its
  // temporaries). Exit without running LLVM's static destructors, as
  // ld.lld does: hundreds of command-line options destroyed one by one
  // cost a small link about 140 page faults and 3 ms. A stream that could
  // not be written to takes the normal path, which reports it.
  llvm::outs().flush();
  llvm::errs().flush();
  if (!llvm::outs().has_error() && !llvm::errs().has_error())
    llvm::sys::Process::Exit(Status, /*NoCleanup=*/true);
  return Status;
}
