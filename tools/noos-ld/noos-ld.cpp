//===- noos-ld.cpp - The noos linker driver -------------------------------===//
//
// A thin front end: everything lives in lib/Link (noos/Driver.h).
//
//===----------------------------------------------------------------------===//

#include "noos/Driver.h"
#include "llvm/Support/InitLLVM.h"

int main(int Argc, char **Argv) {
  llvm::InitLLVM X(Argc, Argv);
  return noos::linkerMain(Argc, Argv, (void *)&main);
}
