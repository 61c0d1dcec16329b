//===- noos/Database.h - Targets and boards, from data files ----*- C++ -*-===//
//
// Facts about targets (triples) and boards live in JSON files under
// share/noos/ (sources in lib/Database/), never in code. A file may inherit
// from others ("inherits": "name" or ["a", "b"]), TinyGo-style: objects are
// merged key by key, the inheriting file winning; other values are replaced.
//
//===----------------------------------------------------------------------===//
#ifndef NOOS_DATABASE_H
#define NOOS_DATABASE_H

#include "noos/MemoryMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace noos {

/// One library variant of a target (a multilib): picolibc, libstdc++ and
/// libgcc are built once per variant, in directories named Dir.
struct Multilib {
  std::string FloatABI; ///< "soft", "softfp" or "hard"
  std::string FP;       ///< "none", "sp" (single precision) or "dp"
  std::string Dir;      ///< e.g. "v7e-m+fp/hard"
  /// The -march/-mabi the variant was built for, on targets whose variants
  /// are chosen by ISA string and ABI name (RISC-V: "rv32imac", "ilp32").
  std::string March, ABI;
  /// Library directories of this variant alone, replacing the target's
  /// "lib-dirs" (for a variant the packages put elsewhere: libgcc's
  /// rv64imafdc/lp64d is its top level); "{multilib}" expands as there.
  std::vector<std::string> LibDirs;
};

/// One choice of the runtime's fault handler (noos-ld --fault-report).
struct FaultReport {
  std::string Name;   ///< "full", "short", "none"
  /// A symbol only that handler's object in the runtime archive defines:
  /// asking LLD for it (-u) extracts that object, whose definitions of the
  /// fault handlers then keep the others out.
  std::string Symbol;
  /// What stands in for the runtime's noos_default_handler (which names
  /// unhandled exceptions and interrupts) in this mode; empty: nothing.
  std::string DefaultHandler;
};

/// Where a target's C and C++ headers and libraries are; "{multilib}" in a
/// path stands for the variant directory.
struct SysrootInfo {
  std::vector<std::string> Include;    ///< C headers (picolibc)
  std::vector<std::string> CXXInclude; ///< C++ headers, before Include
  std::vector<std::string> LibDirs;
  std::vector<std::string> CXXLibs;    ///< added when C++ code is linked
  std::vector<std::string> Libs;       ///< linked as one group, -l<name>
};

/// One noos architecture (the <arch> of <arch>-noos).
struct TargetInfo {
  std::string Name;        ///< "thumbv7em"
  std::string Arch;        ///< "arm"
  std::string Profile;     ///< "M" for microcontroller profile
  std::string LLVMArch;    ///< arch part of the LLVM triple
  std::string CPU;         ///< default -mcpu
  std::string FloatABI;    ///< default float ABI: "soft" or "hard"
  std::string FPU;         ///< default -mfpu when hard ("none" otherwise)
  unsigned AddressBits = 32;
  /// The most device interrupts a board of this target can have (the
  /// interrupt controller's limit, "max-irq-count"; 0 when not given).
  unsigned MaxIRQCount = 0;
  unsigned ELFMachine = 0; ///< e_machine of its objects
  /// ARM build attribute Tag_CPU_arch of its objects, for inferring the
  /// target from the first object (-1: not inferable).
  int CPUArchTag = -1;
  /// Tag_CPU_arch values of objects this target's cores can run (empty:
  /// not checked).
  std::vector<int> RunsCPUArchTags;
  uint64_t DefaultStackSize = 0;
  std::string LinkerScript; ///< layout template in share/noos/linker-scripts
  std::string DefaultBoard; ///< the board clang links for when none is named
  std::string Runtime;      ///< the runtime's architecture directory
  /// Handler names of the system exceptions 0-15 ("" for reserved ones).
  std::vector<std::string> Exceptions;
  std::map<std::string, std::string> FPUKinds; ///< -mfpu name -> none/sp/dp
  std::map<std::string, std::string> CPUFPUs;  ///< CPU -> its default FPU
  /// CPU -> the LLD options (erratum fixes, separated by spaces) a link
  /// for it needs ("cpu-lld-flags"; e.g. cortex-a8: --fix-cortex-a8).
  std::map<std::string, std::string> CPULLDFlags;
  /// LLD options every link for the target gets ("lld-flags").
  std::vector<std::string> LLDFlags;
  std::vector<Multilib> Multilibs;
  /// The CPUs -mcpu may name ("cpus"; empty: not checked).
  std::vector<std::string> CPUs;
  /// Whether clang takes -mfloat-abi/-mfpu for this target ("float-options";
  /// AArch64 has neither: its FPU and float ABI are fixed).
  bool FloatOptions = true;
  /// Whether noos-ld runs its Thumb checks (call-address bit 0, vector
  /// table entries, ARM-state code, float-ABI mixing) on this target's
  /// images ("thumb-checks"; the M-profile targets).
  bool ThumbChecks = false;
  /// Whether noos-ld checks, where the Thumb checks do not run, that stored
  /// addresses of untyped labels in Thumb code have bit 0 set
  /// ("stored-label-check"; targets that run ARM and Thumb code).
  bool StoredLabelCheck = false;
  /// Whether noos-ld's stack analysis applies ("stack-check": the target's
  /// instruction set has rules in lib/Stack and its runtime's frames are in
  /// "stack-frames"; Cortex-M, AArch64 and RISC-V, not yet armv7a).
  bool StackCheck = false;
  /// The stack analysis' frame sizes in bytes ("stack-frames"):
  /// "exception"/"exception-fp" (what the hardware pushes on entry, with
  /// its alignment), "switch"/"switch-fp" (what the context switch saves
  /// on a thread's stack), "canary" (a thread stack's guard word) and
  /// "auto-margin" (what an automatic thread stack gets over its need).
  std::map<std::string, uint64_t> StackFrames;
  uint64_t stackFrame(llvm::StringRef Key) const {
    auto It = StackFrames.find(Key.str());
    return It == StackFrames.end() ? 0 : It->second;
  }
  /// The default -march and -mabi ("march", "abi"); non-empty on targets
  /// whose library variants are chosen by them (RISC-V) rather than by
  /// float ABI and FPU.
  std::string March, ABI;
  /// Whether the layout puts the main stack among the data rather than at
  /// the bottom of RAM block 1 ("stack-in-data"): a RAM-loaded image then
  /// starts at RAM block 1's origin, where such cores start (RISC-V).
  bool StackInData = false;
  /// ABI name -> the ELF header flags of its objects ("abi-elf-flags"),
  /// which noos-ld's own objects must carry to link with them.
  std::map<std::string, uint32_t> ABIELFFlags;
  /// Code generation flags every compile gets ("code-flags").
  std::vector<std::string> CodeFlags;
  /// The runtime's fault handlers to choose from; the first is the default.
  std::vector<FaultReport> FaultReports;
  SysrootInfo Sysroot;

  /// The FPU a CPU has by default (the target's default for CPUs not listed).
  std::string defaultFPU(llvm::StringRef CPU) const;
  /// Error naming the CPUs allowed when \p CPU is not one of "cpus".
  llvm::Error checkCPU(llvm::StringRef CPU) const;
  /// "none", "sp" or "dp" for an -mfpu name; error listing the known ones.
  llvm::Expected<std::string> fpKind(llvm::StringRef FPU) const;
  /// The variant for a float ABI and FP kind; error listing what exists.
  llvm::Expected<const Multilib &> multilib(llvm::StringRef FloatABI,
                                           llvm::StringRef FP) const;
  /// Whether -march/-mabi choose the variant (a target with "march").
  bool hasISAVariants() const { return !March.empty(); }
  /// The variant for \p March and \p ABI: the one built for exactly them,
  /// else the nearest compatible one (same base ISA and ABI, a subset of
  /// the extensions, the most of them), with \p Nearest set; an error
  /// listing the variants when none is compatible.
  llvm::Expected<const Multilib &> multilibForISA(llvm::StringRef March,
                                                  llvm::StringRef ABI,
                                                  bool *Nearest = nullptr) const;
  /// The library directories of variant \p M ("{multilib}" expanded).
  std::vector<std::string> libDirs(const Multilib &M) const;
  /// The fault report called \p Name, the default one for an empty name;
  /// an error listing the choices otherwise.
  llvm::Expected<const FaultReport &> faultReport(llvm::StringRef Name) const;
  /// \p Paths with "{multilib}" replaced by \p M's directory.
  static std::vector<std::string> expand(const std::vector<std::string> &Paths,
                                         const Multilib &M);

  bool isMProfile() const { return Profile == "M"; }
  /// "thumbv7em-noos"
  std::string noosTriple() const { return Name + "-noos"; }
  /// The triple LLVM knows: "thumbv7em-unknown-none-eabihf".
  std::string llvmTriple(bool HardFloat) const;
};

/// A board: a memory map, a target, and how to run it.
struct BoardInfo {
  std::string Name;
  std::string Path;        ///< the file it came from
  std::string Description;
  std::string Target;      ///< noos triple, e.g. "thumbv7em-noos"
  std::string CPU;         ///< empty: the target's default
  /// The -march/-mabi its core needs ("march", "abi"; RISC-V: sifive_u's
  /// hart 0 has no FPU); empty: the target's default.
  std::string March, ABI;
  MemoryMap Memory;        ///< flash, RAM blocks, text start, stack size
  std::string QemuMachine; ///< empty: no QEMU model
  std::string QemuCPU;
  std::string QemuSystem; ///< QEMU program; empty: qemu-system-<arch>
  /// Options the machine needs besides -M/-cpu ("-m 128M", "-nodefaults").
  std::vector<std::string> QemuArgs;
  unsigned IRQCount = 0;
  /// Device interrupt names (CMSIS: "UART0" gives UART0_IRQHandler); IRQs
  /// past the list are IRQ<n>_Handler.
  std::vector<std::string> IRQNames;
  std::string Code; ///< the board's code in runtime/boards/<Code>, if any

  /// The handler name of device interrupt \p N.
  std::string irqHandler(unsigned N) const;
};

/// The database: a directory holding targets.json and boards/*.json.
class Database {
public:
  /// How much of targets.json open() reads.
  enum class Load {
    /// Every target, each checked: open() fails if any is broken (the
    /// linker, the runner, the tests).
    All,
    /// Only the pieces a lookup needs: target("thumbv7em-noos") parses
    /// and checks that target and what it inherits, no other (the
    /// compiler driver, which runs once per source file; a broken target
    /// it does not use costs it nothing). targets() and
    /// targetForObject() need loadAll() first.
    OnDemand,
  };
  /// Opens the database at \p Dir (share/noos). Reads targets.json.
  static llvm::Expected<Database> open(llvm::StringRef Dir,
                                       Load L = Load::All);
  /// Reads and checks every target, once (Load::OnDemand; nothing to do
  /// with Load::All).
  llvm::Error loadAll() const;

  /// The share/noos directory of an installation whose tools live in
  /// <prefix>/bin, found from the running executable (\p Argv0 and an
  /// address inside it).
  static std::string defaultDir(const char *Argv0, void *MainAddr);

  /// Looks up a target by triple ("thumbv7em-noos", "thumbv7em-noos-eabihf",
  /// "thumbv7em-unknown-none-eabihf" or just "thumbv7em").
  llvm::Expected<const TargetInfo &> target(llvm::StringRef Triple) const;

  /// The target whose objects carry e_machine \p Machine and Tag_CPU_arch
  /// \p CPUArchTag, or null.
  const TargetInfo *targetForObject(unsigned Machine, int CPUArchTag) const;

  /// Every concrete target, sorted by name (Load::OnDemand: after
  /// loadAll() succeeded).
  const std::vector<TargetInfo> &targets() const;

  /// Loads a board by name (boards/NAME.json) or from a file path (anything
  /// containing '/' or ending in ".json").
  llvm::Expected<BoardInfo> board(llvm::StringRef NameOrFile) const;

  /// Names of the concrete (non-abstract) boards, sorted.
  std::vector<std::string> boardNames() const;

  llvm::StringRef dir() const { return Dir; }

private:
  struct OnDemand;
  /// Load::OnDemand: \p Name's target, built on first use; null for a name
  /// to look up among all targets (an abstract one, a piece that does not
  /// parse).
  llvm::Expected<const TargetInfo *> buildOnDemand(llvm::StringRef Name) const;

  std::string Dir;
  std::string TargetsPath;
  /// Every concrete target, sorted by name (Load::OnDemand: once loadAll()
  /// has run).
  mutable std::vector<TargetInfo> Targets;
  std::shared_ptr<OnDemand> Lazy; ///< Load::OnDemand only
};

/// Limits on the data files (targets.json, board files), so that a hostile
/// or broken file ends in one error rather than a hang or a crash.
/// A data file is a regular file of at most this many bytes (1 MiB).
constexpr uint64_t MaxDataFileSize = 1 << 20;
/// JSON nesting depth (objects and arrays) a data file may have; checked
/// before parsing, as llvm::json::parse recurses once per level.
constexpr unsigned MaxJSONDepth = 64;
/// Length of the longest "inherits" chain (file, parent, grandparent...).
constexpr unsigned MaxInheritanceDepth = 32;
/// Names one "inherits" list may hold.
constexpr unsigned MaxInheritsNames = 16;

/// Reads the data file \p Path: only a regular file (never a device or a
/// FIFO, which is not even opened) of at most MaxDataFileSize bytes, then
/// parseDataFile. \p What names it in errors ("board file").
llvm::Expected<llvm::json::Object> readDataFile(llvm::StringRef Path,
                                                llvm::StringRef What);

/// Parses the text of data file \p Path: JSON nested at most MaxJSONDepth
/// levels deep, with an object at the top level.
llvm::Expected<llvm::json::Object> parseDataFile(llvm::StringRef Text,
                                                 llvm::StringRef Path);

/// Resolves "inherits" for the objects of one set of data files. \p Lookup
/// returns the raw object for a name (or an error naming what is missing);
/// it is called once per name, and each object is resolved once however
/// many files inherit it, for as long as the resolver lives. Errors: a
/// cycle, a chain longer than MaxInheritanceDepth, an "inherits" that is
/// not a name or a list of at most MaxInheritsNames distinct names.
class InheritanceResolver {
public:
  explicit InheritanceResolver(
      llvm::function_ref<llvm::Expected<llvm::json::Object>(llvm::StringRef)>
          Lookup)
      : Lookup(Lookup) {}
  /// The resolved object, owned by the resolver.
  llvm::Expected<const llvm::json::Object *> resolve(llvm::StringRef Name);
  /// Frees \p Name's resolved object (one nothing else inherits, once
  /// read), so that the next resolution reuses its memory.
  void forget(llvm::StringRef Name) { Done.erase(Name); }

private:
  llvm::function_ref<llvm::Expected<llvm::json::Object>(llvm::StringRef)>
      Lookup;
  std::vector<std::string> Stack; ///< the chain being resolved (for cycles)
  llvm::StringMap<llvm::json::Object> Done;
};

/// One resolution with a resolver of its own (a copy of the result).
/// Exposed for unit tests.
llvm::Expected<llvm::json::Object> resolveInheritance(
    llvm::StringRef Name,
    llvm::function_ref<llvm::Expected<llvm::json::Object>(llvm::StringRef)>
        Lookup);

} // namespace noos

#endif
