//===- QemuCommand.cpp - The QEMU command line for a board ----------------===//
//
// The first UART (-serial) has the stdio chardev to itself: not multiplexed
// (mux=on reads Ctrl-A as its escape key, and a raw-REPL tool sends it), so
// every byte of stdin reaches the program. The semihosting console
// (target=native sends semihosting to QEMU, not to a debugger) cannot share
// a chardev that is not multiplexed; it gets a file chardev on /dev/fd/1,
// QEMU's stdout, which noos-run makes a pipe: both write to it from the
// vCPU thread, so the program's output arrives in order on stdout whichever
// way it writes. (Semihosting console input, SYS_READC, has no source: the
// console's input is the UART's.) QEMU's own messages stay on stderr. The
// program's command line is given as semihosting arguments, which
// SYS_GET_CMDLINE returns joined by spaces.
//
//===----------------------------------------------------------------------===//

#include "noos/Run.h"
#include "noos/Support.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace noos {

/// The chardev ids of the UART and of the semihosting console.
static const char ConsoleId[] = "con";
static const char SemihostId[] = "semihost";

std::string defaultQemuSystem(const TargetInfo &T) {
  if (T.Arch == "riscv")
    return "qemu-system-riscv" + std::to_string(T.AddressBits);
  return "qemu-system-" + T.Arch;
}

std::vector<std::string> qemuBoardNames(const Database &DB, StringRef Target) {
  std::vector<std::string> Names;
  for (const std::string &N : DB.boardNames()) {
    Expected<BoardInfo> B = DB.board(N);
    if (!B) {
      consumeError(B.takeError()); // a broken board file is not runnable
      continue;
    }
    if (B->QemuMachine.empty())
      continue;
    if (!Target.empty() && B->Target != Target)
      continue;
    Names.push_back(N);
  }
  return Names;
}

Expected<QemuModel> qemuModel(const Database &DB, const BoardInfo &B) {
  if (B.QemuMachine.empty()) {
    std::vector<std::string> Runnable = qemuBoardNames(DB);
    return makeError(
        "board '" + B.Name + "' has no QEMU model (" + B.Path +
        " has no \"qemu\": {\"machine\": ...}): boards noos-run can run are " +
        (Runnable.empty() ? std::string("none") : join(Runnable, ", ")));
  }
  Expected<const TargetInfo &> T = DB.target(B.Target);
  if (!T)
    return makeError(B.Path + ": " + toString(T.takeError()));
  QemuModel M;
  M.System = B.QemuSystem.empty() ? defaultQemuSystem(*T) : B.QemuSystem;
  M.Machine = B.QemuMachine;
  M.CPU = B.QemuCPU;
  M.Args = B.QemuArgs;
  return M;
}

std::string escapeQemuOptionValue(StringRef Value) {
  std::string Out;
  Out.reserve(Value.size());
  for (char C : Value) {
    Out.push_back(C);
    if (C == ',')
      Out.push_back(',');
  }
  return Out;
}

std::vector<std::string> qemuCommand(StringRef Program, const QemuModel &M,
                                     const RunOptions &O) {
  std::vector<std::string> Argv = {Program.str(), "-M", M.Machine};
  if (!M.CPU.empty()) {
    Argv.push_back("-cpu");
    Argv.push_back(M.CPU);
  }
  Argv.insert(Argv.end(), {"-display", "none", "-monitor", "none"});
  Argv.push_back("-chardev");
  Argv.push_back(std::string("stdio,id=") + ConsoleId);
  Argv.push_back("-serial");
  Argv.push_back(std::string("chardev:") + ConsoleId);
  // The board's own options ("qemu": {"args"}) after the console's -serial,
  // so that a "-serial null" there names the second UART, not the first.
  Argv.insert(Argv.end(), M.Args.begin(), M.Args.end());
  // append=on: no O_TRUNC should the command be run with stdout a file.
  Argv.push_back("-chardev");
  Argv.push_back(std::string("file,id=") + SemihostId +
                 ",path=/dev/fd/1,append=on");
  // The program's argv[0] is the image's file name, as a shell would give.
  std::string Semi =
      std::string("enable=on,target=native,chardev=") + SemihostId;
  Semi += ",arg=" + escapeQemuOptionValue(sys::path::filename(O.Image));
  for (const std::string &A : O.ProgramArgs)
    Semi += ",arg=" + escapeQemuOptionValue(A);
  Argv.push_back("-semihosting-config");
  Argv.push_back(std::move(Semi));
  // -kernel is not an option list: its value is taken whole.
  Argv.push_back("-kernel");
  Argv.push_back(O.Image);
  if (O.GDBPort) {
    Argv.push_back("-S");
    Argv.push_back("-gdb");
    Argv.push_back("tcp::" + std::to_string(*O.GDBPort));
  }
  Argv.insert(Argv.end(), O.QemuArgs.begin(), O.QemuArgs.end());
  return Argv;
}

std::string shellQuote(StringRef Arg) {
  auto Plain = [](char C) {
    return isAlnum(C) || StringRef("@%+=:,./_-").contains(C);
  };
  if (!Arg.empty() && all_of(Arg, Plain))
    return Arg.str();
  std::string Out = "'";
  for (char C : Arg) {
    if (C == '\'')
      Out += "'\\''";
    else
      Out.push_back(C);
  }
  Out += "'";
  return Out;
}

std::string formatCommand(ArrayRef<std::string> Argv) {
  std::string Out;
  for (const std::string &A : Argv) {
    if (!Out.empty())
      Out.push_back(' ');
    Out += shellQuote(A);
  }
  return Out;
}

} // namespace noos
