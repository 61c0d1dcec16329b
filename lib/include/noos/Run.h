//===- noos/Run.h - Running images on QEMU ----------------------*- C++ -*-===//
//
// noos-run: runs an image on the QEMU model of its board, with semihosting
// and the first UART sharing stdout, the first UART reading stdin (a plain
// pipe: every byte reaches the program), the program's command line passed
// as semihosting arguments, and its exit status coming back as noos-run's.
//
//===----------------------------------------------------------------------===//
#ifndef NOOS_RUN_H
#define NOOS_RUN_H

#include "noos/FaultRecord.h"
#include "noos/Database.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <optional>
#include <string>
#include <vector>

namespace noos {

/// Exit status of noos-run when the program runs past --timeout (as
/// coreutils' timeout).
constexpr int RunTimeoutStatus = 124;
/// Exit status of noos-run's own errors (options, image, board, QEMU
/// missing or killed), as coreutils' timeout uses 125: a status programs
/// rarely return, unlike 1.
constexpr int RunErrorStatus = 125;
/// Default --timeout, in seconds.
constexpr unsigned DefaultRunTimeout = 60;
/// Default --gdb port.
constexpr unsigned DefaultGDBPort = 1234;

/// How QEMU models a board.
struct QemuModel {
  std::string System;  ///< emulator program, e.g. "qemu-system-arm"
  std::string Machine; ///< -M
  std::string CPU;     ///< -cpu; empty: the machine's own
  std::vector<std::string> Args; ///< the board's own options ("qemu": "args")
};

/// The emulator for a target's architecture when the board names none:
/// qemu-system-<arch> ("arm", "aarch64"), qemu-system-riscv32/64 for "riscv".
std::string defaultQemuSystem(const TargetInfo &T);

/// The QEMU model of board \p B. Error when the board has none ("qemu" is
/// missing from its file), naming the boards that have one.
llvm::Expected<QemuModel> qemuModel(const Database &DB, const BoardInfo &B);

/// The names of the boards with a QEMU model, sorted; only those of target
/// \p Target when it is not empty.
std::vector<std::string> qemuBoardNames(const Database &DB,
                                        llvm::StringRef Target = "");

struct ImageInfo;

/// Whether the image \p Info (read from \p Image) can run on board \p B.
/// Errors, naming both sides: another architecture (e_machine); a core
/// that cannot run the image's (the image's target, else its Tag_CPU_arch,
/// must be in the board target's "runs-cpu-arch-tags": Armv6-M code runs
/// on an Armv7-M core, not the reverse); an FPU the board lacks (code for
/// a double-precision FPU on a single-precision one); a board other than
/// the one the image was linked for, unless both have the same memory map
/// and board code (the image's vector table, stack, RAM and console
/// driver are that board's).
llvm::Error checkImageRunsOnBoard(const Database &DB, const ImageInfo &Info,
                                  llvm::StringRef Image, const BoardInfo &B);

/// noos-run's command line.
struct RunOptions {
  std::string Board;                  ///< --board; empty: the image's
  std::optional<unsigned> Timeout;    ///< --timeout; 0: none
  std::optional<unsigned> GDBPort;    ///< --gdb[=PORT]
  std::string Qemu;                   ///< --qemu; empty: the model's System
  std::string DataDir;                ///< --noos-data-dir
  std::vector<std::string> QemuArgs;  ///< --qemu-arg, in order
  bool Symbolize = true;              ///< not --no-symbolize
  bool DecodeFault = false;           ///< --decode-fault IMAGE [LOG]
  bool Verbose = false;               ///< -v
  bool PrintCommand = false;          ///< --print-command
  bool Help = false;
  bool Version = false;
  std::string Image;                  ///< the first operand
  std::vector<std::string> ProgramArgs; ///< everything after it

  /// The timeout in effect: --timeout, else none with --gdb, else 60 s.
  unsigned effectiveTimeout() const {
    if (Timeout)
      return *Timeout;
    return GDBPort ? 0 : DefaultRunTimeout;
  }
};

/// Parses noos-run's arguments (without argv[0]). Options stop at the first
/// operand, the image, or after "--"; what follows belongs to the program.
llvm::Expected<RunOptions> parseRunArgs(llvm::ArrayRef<const char *> Args);

/// Prints noos-run's --help.
void printRunHelp(llvm::raw_ostream &OS);

/// A value for a QEMU option list ("key=value,key=value"): commas doubled.
std::string escapeQemuOptionValue(llvm::StringRef Value);

/// The QEMU command line (argv, program first) that runs \p O.Image on
/// \p M: the first UART on a plain (not multiplexed) stdio chardev, so
/// every byte of stdin reaches it, Ctrl-A included; the semihosting
/// console writing to /dev/fd/1, the same pipe, so both arrive on stdout
/// in program order (noos-run runs QEMU with its stdout a pipe);
/// semihosting arguments <image file name> then \p O.ProgramArgs; with
/// --gdb "-S -gdb tcp::PORT"; then \p O.QemuArgs. \p Program is argv[0]
/// (--qemu, else \p M.System).
std::vector<std::string> qemuCommand(llvm::StringRef Program,
                                     const QemuModel &M, const RunOptions &O);

/// \p Arg quoted for a POSIX shell when it needs it.
std::string shellQuote(llvm::StringRef Arg);

/// A command line for people: shell-quoted words separated by spaces.
std::string formatCommand(llvm::ArrayRef<std::string> Argv);

/// The addresses on a fault report's "source:" line (the runtime's fault,
/// abort and terminate reports print "  source:     llvm-addr2line -fipe
/// <image.elf> 0x... [0x...]"); empty when \p Line is not one. A trailing
/// '\r' is ignored.
std::vector<uint64_t> faultSourceAddresses(llvm::StringRef Line);

/// What \p Image's debug information (else its symbol table) says is at
/// each of \p Addrs: one line "  at FUNCTION (FILE:LINE)" a frame, inlined
/// frames first, "  at FUNCTION" without line information; nothing for an
/// address it knows nothing about, or when the image cannot be read.
std::vector<std::string> symbolizeAddresses(llvm::StringRef Image,
                                            llvm::ArrayRef<uint64_t> Addrs);

/// The strings of \p Image a fault record points at (a thread's name), read
/// from its allocated sections; null when the image cannot be read.
FaultStringReader imageStringReader(llvm::StringRef Image);

/// The names of \p Image's interrupt handlers (IRQNamesHostSection), for
/// the fault record's decoder; std::nullopt when the image has none or
/// cannot be read.
std::optional<std::vector<std::string>> imageIRQNames(llvm::StringRef Image);

/// noos-run --decode-fault: writes to \p Out the full report of each fault
/// record in \p Log (--fault-report=record), with the source lines of its
/// addresses in \p Image; a damaged record gets a warning on \p Err. The exit
/// status: the last record's (128 + the exception number), 1 when \p Log
/// holds none.
int decodeFaultLog(llvm::StringRef Image, llvm::StringRef Log,
                   llvm::raw_ostream &Out, llvm::raw_ostream &Err);

/// noos-run's main (tools/noos-run is a thin front end). \p MainAddr is an
/// address inside the executable, to find the installed database.
int runMain(int Argc, char **Argv, void *MainAddr);

} // namespace noos

#endif
