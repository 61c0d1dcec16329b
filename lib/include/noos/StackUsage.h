//===- StackUsage.h - Link-time worst-case stack analysis ------*- C++ -*-===//
//
// Reads a linked image, builds its call graph from the machine code (LLVM's
// MC disassembler; the per-architecture rules behind StackArch), takes the
// frame sizes from .stack_sizes or, where a function has none, from a scan
// of its stack pointer adjustments, and computes the worst path of every
// root: the reset entry (the main stack), the handlers (a Cortex-M vector
// table's, on the main stack; elsewhere the runtime's entries that the
// annotations name as roots of the stack they run on) and the threads.
//
//===----------------------------------------------------------------------===//

#ifndef NOOS_STACKUSAGE_H
#define NOOS_STACKUSAGE_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace noos {

/// What --stack-annotations=FILE says of a program.
///   indirect F T1 T2 ...  the indirect calls in F reach T1, T2, ...; a
///                         target @SECTION is every function whose
///                         address that section of the image holds
///                         (.init_array), ?T one that may be absent (not
///                         linked, so not called)
///   size F N              F (foreign code) uses N bytes, calling nothing
///   max-recursion F N     a recursion through F is at most N calls deep
///   level H1 H2 ...       these handlers share one priority level
///   stack-switch F        F's writes of the stack pointer other than by
///                         constant adjustments switch stacks (reset and
///                         trap entries), they are no variable-sized frame
///   stack S TOP SIZE      a stack the roots below run on: its top is the
///                         symbol TOP, its size SIZE bytes, or the value of
///                         the symbol SIZE when it is absolute, or TOP
///                         minus the address of the symbol SIZE otherwise
///   root S F [FRAME]      F is entered on stack S (an exception or trap
///                         entry), below the bytes of targets.json's
///                         stack-frames key FRAME that its caller pushed
/// An indirect target *SYM is every function whose address the object SYM
/// holds (a handler table); !G says the pointer is set only by calling G,
/// so that without G in the image the call is never made (with G, the
/// call's targets are unknown). A function may be named FILE:NAME, a local
/// NAME of the object compiled from FILE (its STT_FILE symbol).
struct StackAnnotations {
  llvm::StringMap<std::vector<std::string>> IndirectTargets;
  llvm::StringMap<uint64_t> Sizes;
  llvm::StringMap<uint64_t> MaxRecursion;
  /// level H1 H2 ...: handlers that share a priority level, so never
  /// preempt one another: on the main stack their group counts once, as
  /// its largest member.
  std::vector<std::vector<std::string>> Levels;
  llvm::StringSet<> StackSwitch;
  struct Stack {
    std::string Name, Top, Size;
  };
  std::vector<Stack> Stacks;
  struct Root {
    std::string Stack, Function, Frame;
  };
  std::vector<Root> Roots;
};

/// Parses an annotation file; an error names the file, the line and what is
/// wrong with it.
llvm::Expected<StackAnnotations> parseStackAnnotations(llvm::StringRef Text,
                                                       llvm::StringRef File);

/// One frame of a worst path.
struct StackFrame {
  std::string Function;
  uint64_t Size = 0;
};

/// The worst case of one root.
struct StackRoot {
  enum KindT { Main, Handler, Thread } Kind = Handler;
  std::string Name;     ///< the root function
  std::string ThreadName; ///< a thread's name, where the call gives it
  /// The stack it runs on: the main stack's name, a 'stack' annotation's,
  /// or "own" for a thread.
  std::string Stack;
  uint64_t Need = 0;    ///< the worst path's bytes (a lower bound if !Bounded)
  uint64_t ExceptionFrame = 0; ///< bytes the hardware pushes on entry
  /// A thread's: what the context switch saves on its stack (with the
  /// stack's canary word).
  uint64_t SwitchFrame = 0;
  /// A thread's stack size as its creation gives it: none when it is not
  /// a constant, 0 for an automatic stack.
  std::optional<uint64_t> Have;
  /// A thread's: the address of its creation's record (noos/thread.h's
  /// struct noos_thread_site), whose need field an automatic stack takes.
  uint64_t Site = 0;
  /// A thread's: the runtime's trampoline that calls its entry through a
  /// pointer (pthread_create, thrd_create), empty if none.
  std::string Via;
  /// A handler's shared priority level ('level' annotations), -1 for one
  /// of its own: on the main stack a level counts once, as its largest.
  int Level = -1;
  /// A Cortex-M handler's priority, where the program gives every IRQ it
  /// serves the same constant one (noos_irq_set_priority's records).
  std::optional<int64_t> Priority;
  uint64_t total() const { return Need + ExceptionFrame + SwitchFrame; }
  std::vector<StackFrame> Path;
  /// Why the need is not an upper bound: each names the function and what
  /// is unknown in it ("f: recursion f -> g -> f", "f: indirect call", ...).
  std::vector<std::string> Unknown;
  bool bounded() const { return Unknown.empty(); }
};

/// One stack: its roots' worst cases summed as they can nest.
struct StackTotal {
  std::string Name;                  ///< "main (MSP)"
  uint64_t Need = 0;                 ///< main path + nested handlers
  std::optional<uint64_t> Have;      ///< its size, where the image tells it
  std::vector<const StackRoot *> Parts; ///< main first, then each handler
  bool bounded() const;
};

struct StackWarning {
  std::string Function;
  std::string Message;
};

struct StackResult {
  std::vector<StackRoot> Roots;
  std::optional<StackTotal> MainStack;
  /// The other stacks roots run on ('stack' and 'root' annotations: the
  /// exception stack SP_EL1 on AArch64, the trap stack on RISC-V), each
  /// root its own level unless 'level' groups them.
  std::vector<StackTotal> Stacks;
  std::vector<StackWarning> Warnings; ///< frame size cross-check mismatches
};

/// The frame sizes the analysis adds (targets.json's "stack-frames").
struct StackFrameSizes {
  uint64_t Exception = 0; ///< the hardware's push on exception entry
  uint64_t Switch = 0;    ///< the context switch's push on a thread stack
  uint64_t Canary = 0;    ///< a thread stack's guard word
  /// Every stack-frames key of the target, for 'root S F FRAME'.
  std::map<std::string, uint64_t> Named;
};

/// Analyses a linked image; \p Frames are the frames the hardware and
/// the kernel push on a handler's or a thread's stack. An error means the image cannot be read (an
/// unsupported architecture, a malformed .stack_sizes), never a program
/// whose stack use is unknown: that is in StackRoot::Unknown.
llvm::Expected<StackResult>
analyzeStack(const llvm::object::ELFObjectFileBase &Image,
             const StackAnnotations &Notes, const StackFrameSizes &Frames);

/// The --print-stack-usage table.
void printStackTable(llvm::raw_ostream &OS, const StackResult &R);
/// The --stack-report=FILE JSON.
void writeStackJSON(llvm::raw_ostream &OS, const StackResult &R);
/// "main -> f 24 -> g 8" (at most \p Max frames, then "...").
std::string formatStackPath(const std::vector<StackFrame> &P, size_t Max = 8);

} // namespace noos

#endif
