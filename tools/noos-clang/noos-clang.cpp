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
#include "llvm/ADT/STLExtras.h"
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

static int fail(const Twine &Msg) {
  errs() << "noos-clang: error: " << Msg << "\n";
  return 1;
}

/// True if the command line asks for the version (clang's --version).
static bool wantsVersion(ArrayRef<std::string> Args) {
  return is_contained(Args, "--version");
}

int main(int Argc, char **Argv) {
  noos::DriverName Name = noos::parseDriverName(Argv[0]);
  const char *Real = Name.CXX ? NOOS_CLANGXX : NOOS_CLANG;

  // Response files are read only to find the target; a pass-through run gets
  // the command line exactly as given.
  BumpPtrAllocator Alloc;
  SmallVector<const char *, 64> Expanded(Argv + 1, Argv + Argc);
  cl::ExpansionContext ECtx(Alloc, cl::TokenizeGNUCommandLine);
  if (Error E = ECtx.expandResponseFiles(Expanded))
    return fail(toString(std::move(E)));
  std::vector<std::string> Args(Expanded.begin(), Expanded.end());
  std::string Triple = noos::requestedTarget(Args, Name);

  // The database is read only for a noos command line (or one that may be
  // a misspelt one): passing through costs nothing more than the exec.
  std::optional<noos::Database> DB;
  auto OpenDB = [&]() -> Error {
    if (DB)
      return Error::success();
    // Only the target compiled for is read: the driver runs once per
    // source file (the linker checks the whole database).
    Expected<noos::Database> D = noos::Database::open(
        noos::Database::defaultDir(Argv[0], (void *)&main),
        noos::Database::Load::OnDemand);
    if (!D)
      return D.takeError();
    DB.emplace(std::move(*D));
    return Error::success();
  };

  // A board implies its target.
  std::string Board = noos::requestedBoard(Args);
  if (Triple.empty() && !Board.empty()) {
    if (Error E = OpenDB())
      return fail(toString(std::move(E)));
    Expected<noos::BoardInfo> B = DB->board(Board);
    if (!B)
      return fail(toString(B.takeError()));
    Triple = B->Target;
  }

  if (!noos::isNoosTriple(Triple)) {
    // "thumbv7em-nos": one noos error rather than clang's warnings about an
    // unknown platform and a header it cannot find.
    if (noos::mayBeMisspeltNoosTriple(Triple)) {
      if (Error E = OpenDB())
        return fail(toString(std::move(E)));
      std::string S = noos::suggestNoosTriple(*DB, Triple);
      if (!S.empty())
        return fail("unknown target '" + Triple + "': did you mean '" + S +
                    "'?");
    }
    // "noos-clang --version" names the driver; "clang --version" stays
    // clang's own, as everything without a noos target does.
    if (Triple.empty() && Name.Driver && wantsVersion(Args)) {
      outs() << "noos-clang " NOOS_VERSION
                ": the noos driver for the <arch>-noos targets; other "
                "targets run this clang untouched:\n";
      outs().flush();
    }
    return runClang(Real, std::vector<const char *>(Argv, Argv + Argc));
  }

  std::string Exe = sys::fs::getMainExecutable(Argv[0], (void *)&main);
  std::string ToolDir = sys::path::parent_path(Exe).str();
  if (Error E = OpenDB())
    return fail(toString(std::move(E)));
  Expected<noos::NoosCompile> C =
      noos::rewriteForNoos(*DB, Triple, Args, ToolDir);
  if (!C)
    return fail(toString(C.takeError()));
  for (const std::string &W : C->Warnings)
    errs() << "noos-clang: warning: " << W << "\n";

  // GCC's queries (Makefiles ask -print-libgcc-file-name and the like):
  // answered for the variant, which clang alone does not know.
  noos::PrintContext PC;
  PC.ToolDir = ToolDir;
  PC.ClangDir = sys::path::parent_path(Real).str();
  PC.ResourceDir = NOOS_CLANG_RESOURCE_DIR;
  if (std::optional<std::string> Answer =
          noos::answerPrintQuery(*DB, *C, Args, PC)) {
    outs() << *Answer;
    return 0;
  }

  if (wantsVersion(Args)) {
    outs() << "noos-clang " NOOS_VERSION ": the noos driver, for "
           << C->Target->noosTriple() << " (" << C->CPU << ", float ABI "
           << C->FloatABI << ", FPU " << C->FPU << ", libraries "
           << C->MultilibDir << "), over:\n";
    outs().flush();
    std::string T = "--target=" + C->LLVMTriple;
    return runClang(Real, {Real, T.c_str(), "--version"});
  }

  // clang would say only that it cannot load a library.
  if (!C->PassPlugin.empty() && !sys::fs::exists(C->PassPlugin))
    return fail("the noos pass plugin " + C->PassPlugin +
                " is missing: the installation is incomplete; install noos "
                "again (make install) or rebuild it (make build)");

  std::vector<const char *> NewArgv = {Real};
  for (const std::string &S : C->Args)
    NewArgv.push_back(S.c_str());
  return runClang(Real, NewArgv);
}
