//===- noos-clang.cpp - clang with the <arch>-noos targets ----------------===//
//
// Installed as clang, clang++ and <triple>-clang[++]. A noos target gets its
// command line rewritten (noos/ClangDriver.h); anything else runs the system
// clang 22 with the arguments untouched, in this process's place, so exit
// status, stdout and stderr are clang's own.
//
//===----------------------------------------------------------------------===//

#include "noos/ClangDriver.h"
#include "noos/Database.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/Allocator.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cerrno>
#include <cstring>
#include <unistd.h>

using namespace llvm;

static int runClang(const char *Path, const std::vector<const char *> &Argv) {
  std::vector<char *> A;
  for (const char *S : Argv)
    A.push_back(const_cast<char *>(S));
  A.push_back(nullptr);
  execv(Path, A.data());
  errs() << "noos-clang: error: cannot run " << Path << ": " << strerror(errno)
         << " (install clang-22, or run scripts/install-deps.sh)\n";
  return 1;
}

int main(int Argc, char **Argv) {
  noos::DriverName Name = noos::parseDriverName(Argv[0]);
  const char *Real = Name.CXX ? NOOS_CLANGXX : NOOS_CLANG;

  // Response files are read only to find the target; a pass-through run gets
  // the command line exactly as given.
  BumpPtrAllocator Alloc;
  SmallVector<const char *, 64> Expanded(Argv + 1, Argv + Argc);
  cl::ExpansionContext ECtx(Alloc, cl::TokenizeGNUCommandLine);
  if (Error E = ECtx.expandResponseFiles(Expanded)) {
    errs() << "noos-clang: error: " << toString(std::move(E)) << "\n";
    return 1;
  }
  std::vector<std::string> Args(Expanded.begin(), Expanded.end());
  std::string Triple = noos::requestedTarget(Args, Name);
  if (!noos::isNoosTriple(Triple))
    return runClang(Real, std::vector<const char *>(Argv, Argv + Argc));

  std::string Exe = sys::fs::getMainExecutable(Argv[0], (void *)&main);
  std::string ToolDir = sys::path::parent_path(Exe).str();
  Expected<noos::Database> DB =
      noos::Database::open(noos::Database::defaultDir(Argv[0], (void *)&main));
  if (!DB) {
    errs() << "noos-clang: error: " << toString(DB.takeError()) << "\n";
    return 1;
  }
  Expected<noos::NoosCompile> C =
      noos::rewriteForNoos(*DB, Triple, Args, ToolDir);
  if (!C) {
    errs() << "noos-clang: error: " << toString(C.takeError()) << "\n";
    return 1;
  }
  std::vector<const char *> NewArgv = {Real};
  for (const std::string &S : C->Args)
    NewArgv.push_back(S.c_str());
  return runClang(Real, NewArgv);
}
