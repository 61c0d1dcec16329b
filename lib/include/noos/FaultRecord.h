//===- FaultRecord.h - The runtime's compact fault record -------*- C++ -*-===//
//
// With --fault-report=record the runtime prints no report of its own: one
// line with the raw facts (status registers, fault addresses, the stacked
// frame, the stack's bounds), which the host turns into the full report
// with the image's symbols (noos-run as it runs the program, or
// noos-run --decode-fault IMAGE for a log captured off a UART):
//
//   noos-fault/2 armv7-m 00000003 ... fffffff9 ... 1a2b3c4d
//
// "noos-fault/VERSION ARCH" then the words, 8 hex digits each, the last
// the sum of the others modulo 2^32 (a line damaged on the way is refused,
// not decoded into a wrong report). The prefix may follow other text on
// the line (a UART log's timestamps). Each version of each architecture
// has its words and its decoder in a table (FaultRecord.cpp): a new one is
// a row. The M profile's version 2 (a raw dump, the tag naming the
// profile: armv6-m, armv7-m, armv8-m.base, armv8-m.main) replaced version
// 1 (arm-m, words the target worked out); both are read.
//
//===----------------------------------------------------------------------===//

#ifndef NOOS_FAULTRECORD_H
#define NOOS_FAULTRECORD_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace noos {

/// The text every record starts with.
inline constexpr llvm::StringRef FaultRecordPrefix = "noos-fault/";

/// A record as read from a line, checked (version, architecture, number of
/// words, check word) but not yet decoded.
struct FaultRecord {
  unsigned Version = 0;
  std::string Arch;              ///< "arm-m", "riscv32", "riscv64"
  std::vector<uint32_t> Words;   ///< without the check word
};

/// Looks for a record in \p Line. std::nullopt when the line holds none (no
/// prefix); an error naming what is wrong when it holds a damaged one or one
/// of a version or architecture this decoder does not know.
std::optional<llvm::Expected<FaultRecord>> findFaultRecord(llvm::StringRef Line);

/// Source lines for an address (noos::symbolizeAddresses): "  at F (FILE:LINE)".
using FaultSymbolizer =
    std::function<std::vector<std::string>(llvm::ArrayRef<uint64_t>)>;

/// The NUL-terminated string at a target address, from the image
/// (noos::imageString); std::nullopt when the image does not hold one there.
using FaultStringReader =
    std::function<std::optional<std::string>(uint64_t)>;

/// The non-allocated section of a linked image that holds the names of the
/// board's interrupt handlers (noos-ld writes it with the vector table,
/// lib/Script): one NUL-terminated string per IRQ from IRQ0, "NAME" for
/// NAME_IRQHandler, "" for IRQn_Handler. The record's decoder names an
/// unhandled interrupt from it, so the image itself carries no names.
inline constexpr llvm::StringRef IRQNamesHostSection = ".noos.irq_names.host";

/// The full report of \p R, as --fault-report=full prints it on the target,
/// lines ended by '\n'. With \p Symbolize, the source lines of the faulting
/// pc and the caller follow the "source:" line.
/// The strings a record points at (a thread's name) come from \p Strings; without
/// it they are shown as addresses.
/// A record of an exception or interrupt nobody handles (the default
/// handler's) becomes the default handler's message, naming the handler to
/// define from \p IRQNames (IRQNamesHostSection's strings; null when the
/// image has none, as for a program with its own vector table).
std::string decodeFaultRecord(const FaultRecord &R,
                              const FaultSymbolizer &Symbolize = nullptr,
                              const FaultStringReader &Strings = nullptr,
                              const std::vector<std::string> *IRQNames = nullptr);

/// The program's exit status the record's fault stands for (128 + the
/// exception number).
int faultRecordStatus(const FaultRecord &R);

/// The terminate handler's record (runtime/src/fault-terminate.cpp, with
/// --fault-report=record): "noos-terminate/1 MANGLED" and, for a
/// std::exception, ": " and its what(), MANGLED the type's name as
/// std::type_info::name() gives it. The prefix may follow other text.
inline constexpr llvm::StringRef TerminateRecordPrefix = "noos-terminate/1 ";

/// The line --fault-report=full prints for the terminate record in \p Line,
/// "noos: terminate: uncaught TYPE[: WHAT]" (without '\n'), TYPE demangled;
/// std::nullopt when \p Line holds no such record.
std::optional<std::string> decodeTerminateRecord(llvm::StringRef Line);

/// The architectures a record of version \p Version may name, for messages.
std::string faultRecordArchitectures(unsigned Version);

} // namespace noos

#endif
