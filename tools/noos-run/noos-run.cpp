//===- noos-run.cpp - Run an image on QEMU --------------------------------===//
//
// A thin front end: everything lives in lib/Run (noos/Run.h).
//
//===----------------------------------------------------------------------===//

#include "noos/Run.h"
#include "llvm/Support/InitLLVM.h"

int main(int Argc, char **Argv) {
  llvm::InitLLVM X(Argc, Argv);
  return noos::runMain(Argc, Argv, (void *)&main);
}
