//===- InputScan.h - what noos-ld reads of its inputs before linking -----===//
//
// Before LLD runs, noos-ld reads each input once for what the link depends
// on: the machine and build attributes (target and library variant),
// whether C++ names appear (the C++ libraries), and whether an object
// brings its own vector table. With thousands of inputs this read is the
// driver's main cost on top of LLD's, so it reads the ELF headers
// directly and spreads the files over a few threads.
//
//===----------------------------------------------------------------------===//
#ifndef NOOS_LINK_INPUTSCAN_H
#define NOOS_LINK_INPUTSCAN_H

#include "InputContents.h"
#include "noos/Checks.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/FileSystem.h"
#include <optional>
#include <string>
#include <vector>

namespace noos {

/// One input as the driver sees it.
struct InputInfo {
  std::string Path;
  unsigned Machine = 0;
  uint32_t EFlags = 0; ///< e_flags of its ELF header
  int CPUArch = -1;   ///< Tag_CPU_arch, -1 if absent
  int VFPArgs = -1;   ///< Tag_ABI_VFP_args: 1 = arguments in FP registers
  int FPArch = -1;    ///< Tag_FP_arch: 0 or absent = no FPU instructions
  int HardFPUse = -1; ///< Tag_ABI_HardFP_use: 1 = single precision only
  /// Compiler-emitted calling-convention tags are present. Assemblers omit
  /// Tag_ABI_VFP_args even for hard-float code, so only objects with these
  /// tell the float ABI.
  bool HasCallingConvention = false;
  bool IsObject = false;
};

struct InputScan {
  /// Objects, archives and bitcode, in command-line order (an archive
  /// described by its first ELF member).
  std::vector<InputInfo> Inputs;
  /// The existing input files, linker scripts included, for the checks,
  /// and for each the headers the checks need if it is an Arm object.
  std::vector<std::string> Paths;
  std::vector<std::optional<ObjectHeaders>> Headers;
  /// Their device and inode numbers where the scan examined the file, and
  /// their sizes: an output is compared with every input without a stat
  /// of each (only an input of the output's size is examined then).
  std::vector<std::optional<llvm::sys::fs::UniqueID>> IDs;
  std::vector<uint64_t> Sizes;
  /// The section facts (no symbols) of every ELF object and archive
  /// member among them, in command-line order: what
  /// readObjectContents(Paths, false, true) would give, read in this pass.
  std::vector<ObjectContents> Contents;
  uint64_t Bytes = 0;         ///< their total size
  bool HasCXX = false;        ///< an input refers to C++ names
  bool HasOwnVectors = false; ///< an input has a .vectors/.isr_vector section
};

/// Reads the inputs \p Args (paths; those that are not regular files are
/// left to LLD, which names the search paths it tried). Fails, naming the
/// first bad input in command-line order, on an unreadable file, a
/// malformed object or archive, a linked executable or shared object, or
/// a file named like an object that is none.
llvm::Expected<InputScan> scanInputs(llvm::ArrayRef<std::string> Args);

} // namespace noos

#endif
