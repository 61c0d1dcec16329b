//===- noos/ClangDriver.h - The <arch>-noos targets for clang ---*- C++ -*-===//
//
// noos-clang runs the system's clang 22. For a noos target it rewrites the
// command line first: the triple becomes the one LLVM knows, the CPU, FPU
// and float ABI are made explicit, the headers of the target's library
// variant (picolibc, libstdc++) are put on the search path, and links go
// through noos-ld, which adds the libraries and lays out the image. Every
// other target, or none, is passed through untouched.
//
//===----------------------------------------------------------------------===//
#ifndef NOOS_CLANGDRIVER_H
#define NOOS_CLANGDRIVER_H

#include "noos/Database.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <vector>

namespace noos {

/// How the driver was invoked: "clang", "clang++", "thumbv7em-noos-clang++"...
struct DriverName {
  bool CXX = false;         ///< a "++" name: run clang++
  std::string TargetPrefix; ///< the triple of "<triple>-clang", or empty
};
DriverName parseDriverName(llvm::StringRef Argv0);

/// What noos-clang decided for one command line.
struct NoosCompile {
  const TargetInfo *Target = nullptr;
  std::string CPU, FloatABI, FPU;
  std::string MultilibDir;
  std::string LLVMTriple;
  bool Links = false; ///< the command links (no -c, -S, -E, ...)
  std::vector<std::string> Args; ///< the arguments for clang, argv[0] excluded
};

/// The triple a command line asks for: the last --target=/-target, else the
/// name's prefix; empty if none.
std::string requestedTarget(llvm::ArrayRef<std::string> Args,
                            const DriverName &Name);

/// True if \p Triple names a noos target (its OS part is "noos").
bool isNoosTriple(llvm::StringRef Triple);

/// Rewrites \p Args (argv[0] excluded, response files expanded) for the noos
/// target \p Triple. \p ToolDir is the directory holding noos-ld.
llvm::Expected<NoosCompile> rewriteForNoos(const Database &DB,
                                           llvm::StringRef Triple,
                                           llvm::ArrayRef<std::string> Args,
                                           llvm::StringRef ToolDir);

} // namespace noos

#endif
