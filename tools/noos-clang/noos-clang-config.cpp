//===- noos-clang-config.cpp - clang configuration files for editors ------===//
//
// Build-time helper (not installed): writes, into a directory, the clang
// configuration files that let clangd (which reads compile commands with
// clang's own driver) see a noos compile as noos-clang makes it. For every
// noos target and every spelling of its triple (<arch>-noos, -noos-eabi,
// -noos-eabihf, -noos-elf) it writes <triple>.cfg, named as clang names the
// triple when it looks for the file (llvm::Triple::normalize), and for the
// spellings without an EABI environment <triple>-clang++.cfg for C++ too.
//
//   noos-clang-config <share/noos> <output directory>
//
// A file whose contents are unchanged is not rewritten.
//
//===----------------------------------------------------------------------===//

#include "noos/ClangDriver.h"
#include "noos/Database.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

static bool writeIfChanged(StringRef Path, StringRef Text) {
  if (ErrorOr<std::unique_ptr<MemoryBuffer>> Old = MemoryBuffer::getFile(Path))
    if ((*Old)->getBuffer() == Text)
      return true;
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_Text);
  if (EC) {
    errs() << "noos-clang-config: error: cannot write " << Path << ": "
           << EC.message() << "\n";
    return false;
  }
  OS << Text;
  return true;
}

int main(int Argc, char **Argv) {
  if (Argc != 3) {
    errs() << "usage: noos-clang-config <share/noos> <output directory>\n";
    return 1;
  }
  Expected<noos::Database> DB = noos::Database::open(Argv[1]);
  if (!DB) {
    errs() << "noos-clang-config: error: " << toString(DB.takeError()) << "\n";
    return 1;
  }
  for (const noos::TargetInfo &T : DB->targets()) {
    for (const char *Env : {"", "-eabi", "-eabihf", "-elf"}) {
      std::string Triple = T.noosTriple() + Env;
      std::string Name = llvm::Triple::normalize(Triple);
      for (bool CXX : {false, true}) {
        if (CXX && (StringRef(Env) == "-eabi" || StringRef(Env) == "-eabihf"))
          continue; // the same as for C (see clangConfigFile)
        Expected<std::string> Text = noos::clangConfigFile(*DB, Triple, CXX);
        if (!Text) {
          // A spelling the target has no variant for (thumbv6m-noos-eabihf)
          // is an error in noos-clang too: no file.
          consumeError(Text.takeError());
          continue;
        }
        SmallString<256> Path(Argv[2]);
        sys::path::append(Path, Name + (CXX ? "-clang++" : "") + ".cfg");
        if (!writeIfChanged(Path, *Text))
          return 1;
      }
    }
  }
  return 0;
}
