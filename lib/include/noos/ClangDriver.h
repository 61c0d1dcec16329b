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
  bool Driver = false;      ///< the driver's own name, "noos-clang[++]"
  std::string TargetPrefix; ///< the triple of "<triple>-clang", or empty
};
DriverName parseDriverName(llvm::StringRef Argv0);

/// What noos-clang decided for one command line.
struct NoosCompile {
  const TargetInfo *Target = nullptr;
  const Multilib *Variant = nullptr; ///< the library variant chosen
  std::string CPU, FloatABI, FPU;
  /// -march and -mabi on targets whose variants they choose (RISC-V).
  std::string March, ABI;
  std::string MultilibDir;
  /// Said on standard error before clang runs (a variant chosen as the
  /// nearest to what was asked).
  std::vector<std::string> Warnings;
  std::string LLVMTriple;
  bool Links = false; ///< the command links (no -c, -S, -E, ...)
  /// The pass plugin given to clang (-fpass-plugin=), which the caller
  /// checks is there before clang runs; empty when the command compiles
  /// nothing (only assembly).
  std::string PassPlugin;
  std::vector<std::string> Args; ///< the arguments for clang, argv[0] excluded
};

/// The triple a command line asks for: the last --target=/-target, else the
/// name's prefix; empty if none.
std::string requestedTarget(llvm::ArrayRef<std::string> Args,
                            const DriverName &Name);

/// True if \p Triple names a noos target (its OS part is "noos").
bool isNoosTriple(llvm::StringRef Triple);

/// The board a command line names: the value of the last --board=, or empty.
/// A board implies its target when no --target is given.
std::string requestedBoard(llvm::ArrayRef<std::string> Args);

/// True if \p Triple is not a noos triple but one of its parts after the
/// architecture is "noos" misspelt (a letter added, dropped or changed, two
/// swapped: "thumbv7em-nos") and not a vendor, OS or environment LLVM knows,
/// or "noos" in the wrong place ("thumbv7em-unknown-noos"). Cheap: needs no
/// database.
bool mayBeMisspeltNoosTriple(llvm::StringRef Triple);

/// The noos triple \p Triple was probably meant to be, or empty: for a
/// mayBeMisspeltNoosTriple() one, or a noos triple whose architecture is not
/// a noos target's; the architecture becomes the one noos target nearest to it
/// by edit distance (at most 2; none when two are as near), and an -eabi,
/// -eabihf or -elf environment is kept.
std::string suggestNoosTriple(const Database &DB, llvm::StringRef Triple);

/// The pass plugin noos-clang gives clang for noos compiles: lib/noos/ of
/// the installation, beside the runtime's libraries (\p ToolDir is bin/).
std::string passPluginPath(llvm::StringRef ToolDir);

/// Rewrites \p Args (argv[0] excluded, response files expanded) for the noos
/// target \p Triple. \p ToolDir is the directory holding noos-ld (and
/// whose sibling lib/noos/ holds the pass plugin).
llvm::Expected<NoosCompile> rewriteForNoos(const Database &DB,
                                           llvm::StringRef Triple,
                                           llvm::ArrayRef<std::string> Args,
                                           llvm::StringRef ToolDir);

/// What noos-clang needs to answer the GCC-style queries
/// (-print-libgcc-file-name and the like) itself.
struct PrintContext {
  std::string ToolDir;     ///< noos-clang's directory (noos-ld's)
  std::string ClangDir;    ///< the directory of the clang it runs
  std::string ResourceDir; ///< that clang's resource directory
};

/// If \p Args (those given to rewriteForNoos, which made \p C) ask one of
/// -print-search-dirs, -print-resource-dir, -print-file-name=,
/// -print-libgcc-file-name, -print-multi-directory or -print-sysroot (also
/// spelt --print-...), the text to print for the first of them in that
/// order (GCC's), as GCC and clang answer only one; std::nullopt otherwise.
/// The answers are for the variant \p C chose: its library directories (the
/// sysroot's, then the runtime's, as noos-ld searches them), the C library's
/// root as the sysroot (the parent of its include directory), the variant's
/// directory below <sysroot>/lib as the multi-directory. A name
/// -print-file-name does not find is printed as given, as GCC does.
std::optional<std::string> answerPrintQuery(const Database &DB,
                                            const NoosCompile &C,
                                            llvm::ArrayRef<std::string> Args,
                                            const PrintContext &Ctx);

/// The text of a clang configuration file for editors (clangd), which parse
/// a compile command with clang's own driver instead of running noos-clang:
/// installed beside the noos clang as <triple>.cfg (clang reads it for
/// --target=<triple>), it makes explicit what noos-clang adds that changes
/// how code parses: the CPU, the float ABI (and an FPU other than the CPU's
/// own), and the variant's headers. \p NoosTriple is the triple as written
/// ("thumbv7em-noos-eabihf"); \p CXXMode: the file for clang++
/// (<triple>-clang++.cfg). Paths under the noos data directory are spelt
/// relative to the file (<CFGDIR>/../share/noos/...), so a moved
/// installation keeps working.
llvm::Expected<std::string> clangConfigFile(const Database &DB,
                                            llvm::StringRef NoosTriple,
                                            bool CXXMode);

} // namespace noos

#endif
