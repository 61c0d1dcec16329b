//===- Driver.cpp - noos-run: run an image on QEMU ------------------------===//
//
// noos-run [options] image.elf [program arguments...]
//
// The board comes from --board, else from the image's .note.noos; QEMU runs
// the board's model with the image, its stdin and stderr noos-run's, its
// stdout a pipe noos-run relays (to end the run when the reader goes away,
// and to symbolize fault reports), and noos-run exits with the program's
// status (QEMU returns the
// semihosting exit code), 124 when --timeout runs out, 125 on its own errors
// (as coreutils' timeout). With --board, the image must suit the board
// (checkImageRunsOnBoard) before QEMU starts.
//
//===----------------------------------------------------------------------===//

#include "noos/FaultRecord.h"
#include "noos/ImageInfo.h"
#include "noos/Run.h"
#include "noos/Support.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Option/Arg.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Option/Option.h"
#include "llvm/Support/Errno.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <memory>

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

extern char **environ;

using namespace llvm;
using namespace llvm::opt;

namespace {

enum ID {
  OPT_INVALID = 0,
#define OPTION(...) LLVM_MAKE_OPT_ID(__VA_ARGS__),
#include "Options.inc"
#undef OPTION
};

#define OPTTABLE_STR_TABLE_CODE
#include "Options.inc"
#undef OPTTABLE_STR_TABLE_CODE

#define OPTTABLE_PREFIXES_TABLE_CODE
#include "Options.inc"
#undef OPTTABLE_PREFIXES_TABLE_CODE

static constexpr opt::OptTable::Info InfoTable[] = {
#define OPTION(...) LLVM_CONSTRUCT_OPT_INFO(__VA_ARGS__),
#include "Options.inc"
#undef OPTION
};

class NoosRunOptTable : public opt::GenericOptTable {
public:
  NoosRunOptTable()
      : GenericOptTable(OptionStrTable, OptionPrefixesTable, InfoTable) {}
};

/// QEMU's stdio chardev puts a terminal on stdin in raw mode (no echo, no
/// line editing; Ctrl-C still interrupts) and makes stdin non-blocking, and
/// puts both back when it exits; killed (a timeout, a closed output) it
/// cannot. Saves stdin's settings and puts them back.
class TerminalGuard {
public:
  TerminalGuard() {
    Flags = fcntl(STDIN_FILENO, F_GETFL);
    Saved = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &Attrs) == 0;
  }
  void restore() {
    // Only what changed, and only in the foreground: tcsetattr from a
    // background job would stop noos-run (SIGTTOU).
    struct termios Now;
    if (Saved && tcgetattr(STDIN_FILENO, &Now) == 0 &&
        memcmp(&Now, &Attrs, sizeof Now) != 0 &&
        tcgetpgrp(STDIN_FILENO) == getpgrp())
      tcsetattr(STDIN_FILENO, TCSANOW, &Attrs);
    if (Flags != -1 && fcntl(STDIN_FILENO, F_GETFL) != Flags)
      fcntl(STDIN_FILENO, F_SETFL, Flags);
  }

private:
  struct termios Attrs;
  int Flags = -1;
  bool Saved = false;
};

/// The write end of a pipe the signal handler writes the signal's number
/// to, so that the relay's poll wakes up.
int SignalPipe = -1;

extern "C" void onSignal(int Sig) {
  int SavedErrno = errno;
  unsigned char B = (unsigned char)Sig;
  if (SignalPipe != -1)
    (void)!::write(SignalPipe, &B, 1);
  errno = SavedErrno;
}

/// The signals that end a run: noos-run ends QEMU first (which restores the
/// terminal), then dies of the same signal.
const int EndSignals[] = {SIGINT, SIGTERM, SIGHUP};

/// Writes all of \p Data to \p FD; false with errno on an error.
bool writeAll(int FD, const char *Data, size_t Size) {
  while (Size) {
    ssize_t N = ::write(FD, Data, Size);
    if (N < 0) {
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN) { // a non-blocking stdout: wait until it drains
        struct pollfd P = {FD, POLLOUT, 0};
        ::poll(&P, 1, 100);
        continue;
      }
      return false;
    }
    Data += N;
    Size -= size_t(N);
  }
  return true;
}

} // namespace

namespace noos {

static const char ToolName[] = "noos-run";
static const char Version[] = "noos-run 0.1.0";

static Expected<unsigned> parseUnsigned(StringRef Option, StringRef Value,
                                        unsigned Min, unsigned Max,
                                        StringRef What) {
  unsigned N;
  if (Value.getAsInteger(10, N) || N < Min || N > Max)
    return makeError("--" + Option + "=" + Value + ": expected " + What);
  return N;
}

Expected<RunOptions> parseRunArgs(ArrayRef<const char *> Argv) {
  NoosRunOptTable Table;
  opt::InputArgList Args(Argv.begin(), Argv.end());
  RunOptions O;
  unsigned I = 0, End = Argv.size();
  std::optional<unsigned> ImageIndex;
  // Parse one option at a time: the first operand ends the options.
  while (I < End) {
    if (StringRef(Argv[I]) == "--") {
      if (I + 1 < End)
        ImageIndex = I + 1;
      break;
    }
    unsigned Before = I;
    std::unique_ptr<opt::Arg> A = Table.ParseOneArg(Args, I);
    if (!A)
      return makeError(Twine("option '") + Argv[Before] + "' needs a value");
    const opt::Option &Opt = A->getOption();
    if (Opt.getKind() == opt::Option::InputClass) {
      ImageIndex = Before;
      break;
    }
    if (Opt.getKind() == opt::Option::UnknownClass) {
      std::string Nearest;
      std::string Msg = ("unknown option '" + Twine(Argv[Before]) + "'").str();
      if (Table.findNearest(Argv[Before], Nearest) <= 1)
        Msg += "; did you mean '" + Nearest + "'?";
      else
        Msg += " (options for the program go after the image)";
      return makeError(Msg);
    }
    switch (Opt.getID()) {
    case OPT_board:
      O.Board = A->getValue();
      if (O.Board.empty())
        return makeError("--board needs a board name or file");
      break;
    case OPT_timeout: {
      Expected<unsigned> N =
          parseUnsigned("timeout", A->getValue(), 0, 24u * 3600 * 365,
                        "a whole number of seconds (0: no limit)");
      if (!N)
        return N.takeError();
      O.Timeout = *N;
      break;
    }
    case OPT_gdb:
      O.GDBPort = DefaultGDBPort;
      break;
    case OPT_gdb_eq: {
      Expected<unsigned> N =
          parseUnsigned("gdb", A->getValue(), 1, 65535, "a TCP port, 1-65535");
      if (!N)
        return N.takeError();
      O.GDBPort = *N;
      break;
    }
    case OPT_qemu:
      O.Qemu = A->getValue();
      if (O.Qemu.empty())
        return makeError("--qemu needs the path of a QEMU program");
      break;
    case OPT_qemu_arg:
      O.QemuArgs.push_back(A->getValue());
      break;
    case OPT_decode_fault:
      O.DecodeFault = true;
      break;
    case OPT_no_symbolize:
      O.Symbolize = false;
      break;
    case OPT_data_dir:
      O.DataDir = A->getValue();
      break;
    case OPT_verbose:
      O.Verbose = true;
      break;
    case OPT_print_command:
      O.PrintCommand = true;
      break;
    case OPT_help:
      O.Help = true;
      break;
    case OPT_version:
      O.Version = true;
      break;
    default:
      break;
    }
  }
  if (ImageIndex) {
    O.Image = Argv[*ImageIndex];
    for (unsigned J = *ImageIndex + 1; J < End; ++J)
      O.ProgramArgs.push_back(Argv[J]);
  }
  if (O.DecodeFault && !O.Image.empty() && O.ProgramArgs.size() > 1)
    return makeError("--decode-fault reads one log: usage: noos-run "
                     "--decode-fault image.elf [log.txt] (else stdin)");
  if (O.Image.empty() && O.DecodeFault)
    return makeError("--decode-fault needs the image the record came from: "
                     "usage: noos-run --decode-fault image.elf [log.txt]");
  if (O.Image.empty() && !O.Help && !O.Version)
    return makeError("no image to run: usage: noos-run [options] image.elf "
                     "[program arguments...]");
  return O;
}

void printRunHelp(raw_ostream &OS) {
  NoosRunOptTable Table;
  Table.printHelp(
      OS, "noos-run [options] image.elf [program arguments...]",
      "noos-run: runs an image on the QEMU model of its board (from --board, "
      "else from the image's .note.noos), with semihosting and the UART on "
      "stdout and the UART reading stdin, every byte as it is (a terminal "
      "is put in raw mode; Ctrl-C ends the run); adds the source lines of a "
      "fault report's addresses on stderr; exits with the program's status, "
      "124 on a timeout, 125 on "
      "noos-run's own errors (bad options, image or board; an image for "
      "another core, FPU or board than --board's; QEMU missing or killed)");
}

namespace {

/// One run of noos-run.
class Runner {
public:
  explicit Runner(raw_ostream &Out, raw_ostream &Err) : Out(Out), Err(Err) {}
  int run(ArrayRef<const char *> Argv, void *MainAddr);

private:
  int fail(Error E) {
    Err << ToolName << ": error: " << toString(std::move(E)) << "\n";
    return RunErrorStatus;
  }
  int fail(const Twine &Msg) { return fail(makeError(Msg)); }
  Expected<BoardInfo> findBoard(const Database &DB, const RunOptions &O,
                                const ImageInfo &Info);
  int execute(StringRef Path, StringRef Program, ArrayRef<std::string> Cmd,
              const RunOptions &O, StringRef Install);

  raw_ostream &Out;
  raw_ostream &Err;
};

} // namespace

static std::string machineName(unsigned Machine) {
  StringRef N = ELF::convertEMachineToArchName(Machine);
  if (N.empty() || N == "None")
    return "e_machine " + std::to_string(Machine);
  return N.str();
}

/// "none" < "sp" < "dp" < "simd" (double precision with NEON).
static int fpRank(StringRef FP) {
  return StringSwitch<int>(FP).Case("sp", 1).Case("dp", 2).Case("simd", 3).Default(0);
}

static std::string fpName(StringRef FP) {
  return FP == "simd" ? "a double-precision FPU with NEON"
         : FP == "dp" ? "a double-precision FPU"
         : FP == "sp" ? "a single-precision FPU"
                      : "no FPU";
}

Error checkImageRunsOnBoard(const Database &DB, const ImageInfo &Info,
                            StringRef Image, const BoardInfo &B) {
  Expected<const TargetInfo &> BT = DB.target(B.Target);
  if (!BT)
    return makeError(B.Path + ": " + toString(BT.takeError()));
  if (Info.Machine != BT->ELFMachine)
    return makeError("'" + Image + "' holds " + machineName(Info.Machine) +
                     " code, but board '" + B.Name + "' (" + B.Target +
                     ") runs " + machineName(BT->ELFMachine) + " code");
  const std::string BoardCPU = B.CPU.empty() ? BT->CPU : B.CPU;

  // The board the image was linked for, when the database has it.
  std::optional<BoardInfo> Linked;
  if (!Info.Board.empty() && Info.Board != B.Name &&
      is_contained(DB.boardNames(), Info.Board)) {
    if (Expected<BoardInfo> LB = DB.board(Info.Board))
      Linked = std::move(*LB);
    else
      consumeError(LB.takeError());
  }

  // What the image is: its target (note), else the target of its
  // Tag_CPU_arch; its CPU: its board's, else its target's default (LLVM's
  // attribute parser does not keep Tag_CPU_name).
  const TargetInfo *IT = nullptr;
  if (!Info.Target.empty()) {
    if (Expected<const TargetInfo &> T = DB.target(Info.Target))
      IT = &*T;
    else
      consumeError(T.takeError());
  }
  if (!IT && Info.CPUArch)
    IT = DB.targetForObject(Info.Machine, int(*Info.CPUArch));
  std::string ImageCPU;
  if (Linked)
    ImageCPU = Linked->CPU;
  if (ImageCPU.empty() && IT)
    ImageCPU = IT->CPU;
  std::string ImageWhat =
      IT ? IT->noosTriple() + (ImageCPU.empty() ? "" : " (" + ImageCPU + ")")
         : "";
  std::string BoardWhat = B.Target + " (" + BoardCPU + ")";

  // The core: can it run the image's architecture?
  std::optional<int> Arch;
  if (IT && IT->CPUArchTag >= 0)
    Arch = IT->CPUArchTag;
  else if (Info.CPUArch)
    Arch = int(*Info.CPUArch);
  if (Arch && !BT->RunsCPUArchTags.empty() &&
      !is_contained(BT->RunsCPUArchTags, *Arch)) {
    std::string Which = ImageWhat.empty()
                            ? "Tag_CPU_arch " + std::to_string(*Arch) + " code"
                            : ImageWhat;
    std::string Fix;
    if (IT) {
      std::vector<std::string> Names = qemuBoardNames(DB, IT->noosTriple());
      Fix = "run it on a board of " + IT->noosTriple() +
            (Names.empty() ? std::string() : " (" + join(Names, ", ") + ")") +
            ", or ";
    }
    return makeError("'" + Image + "' is for " + Which + ", and board '" +
                     B.Name + "' is " + BoardWhat +
                     ", whose core cannot run it: " + Fix + "rebuild it for " +
                     B.Target + " (clang --board=" + B.Name + ")");
  }

  // The FPU: code for a double-precision FPU faults on a single-precision
  // one, any FPU code on a core without.
  if (!Info.FP.empty()) {
    std::string BoardFP = "none";
    if (Expected<std::string> K = BT->fpKind(BT->defaultFPU(BoardCPU)))
      BoardFP = *K;
    else
      consumeError(K.takeError());
    if (fpRank(Info.FP) > fpRank(BoardFP))
      return makeError("'" + Image + "' uses " + fpName(Info.FP) +
                       (Linked && !Linked->CPU.empty() ? " (" + Linked->CPU + ")"
                                                        : std::string()) +
                       ", and board '" + B.Name + "' (" + BoardCPU +
                       ") has " + fpName(BoardFP) +
                       ": run it on a board with " + fpName(Info.FP) +
                       ", or rebuild it for " + B.Name + " (clang --board=" +
                       B.Name + ")");
  }

  // The board: the image's vector table, stack, RAM and console driver
  // are those of the board it was linked for. Another board will do only
  // if it has the same memory map and board code (the MPS2 boards differ
  // only in their core).
  if (Info.Board.empty() || Info.Board == B.Name)
    return Error::success();
  if (!Linked)
    return makeError("'" + Image + "' was linked for board '" + Info.Board +
                     "', which is not in the board database, so noos-run "
                     "cannot tell whether board '" + B.Name +
                     "' has its memory map: run it with --board=path/to/" +
                     Info.Board + ".json, or relink it with --board=" + B.Name);
  const MemoryMap &L = Linked->Memory, &R = B.Memory;
  auto SameBlock = [](const std::optional<MemBlock> &X,
                      const std::optional<MemBlock> &Y) {
    return X.has_value() == Y.has_value() &&
           (!X || (X->Origin == Y->Origin && X->Size == Y->Size));
  };
  bool SameMap = SameBlock(L.Flash, R.Flash) && L.RAM.size() == R.RAM.size() &&
                 L.TextStart == R.TextStart;
  for (size_t I = 0; SameMap && I < L.RAM.size(); ++I)
    SameMap = L.RAM[I].Origin == R.RAM[I].Origin && L.RAM[I].Size == R.RAM[I].Size;
  bool SameCode = Linked->Code == B.Code;
  if (SameMap && SameCode)
    return Error::success();
  std::string Differs = !SameMap && !SameCode ? "another memory map and board code"
                        : !SameMap            ? "another memory map"
                                              : "other board code";
  return makeError("'" + Image + "' was linked for board '" + Info.Board +
                   "' (" + Linked->Target + ", " +
                   ImageCPU +
                   "), and board '" + B.Name + "' (" + B.Target +
                   ", " + BoardCPU + ") has " + Differs + ": run it on " +
                   Info.Board + " (without --board), or relink it with --board=" +
                   B.Name);
}

Expected<BoardInfo> Runner::findBoard(const Database &DB, const RunOptions &O,
                                      const ImageInfo &Info) {
  if (!O.Board.empty())
    return DB.board(O.Board);
  if (Info.Board.empty()) {
    std::vector<std::string> Names = qemuBoardNames(DB, Info.Target);
    std::string Which =
        Names.empty() ? std::string()
                      : "; boards with a QEMU model for " + Info.Target +
                            ": " + join(Names, ", ");
    return makeError("'" + O.Image + "' was linked for target " + Info.Target +
                     " with a memory map, not a board, so noos-run cannot "
                     "tell what to run it on: pass --board=NAME" + Which);
  }
  if (!is_contained(DB.boardNames(), Info.Board))
    return makeError("'" + O.Image + "' was linked for board '" + Info.Board +
                     "' (its .note.noos), which is not in the board database "
                     "(a board file?): pass --board=path/to/" + Info.Board +
                     ".json, or --board=NAME for one of " +
                     join(qemuBoardNames(DB), ", "));
  return DB.board(Info.Board);
}

int Runner::run(ArrayRef<const char *> Argv, void *MainAddr) {
  Expected<RunOptions> Parsed = parseRunArgs(Argv.drop_front());
  if (!Parsed)
    return fail(Parsed.takeError());
  RunOptions &O = *Parsed;
  if (O.Help) {
    printRunHelp(Out);
    return 0;
  }
  if (O.Version) {
    Out << Version << "\n";
    return 0;
  }
  if (O.DecodeFault) {
    std::string LogName = O.ProgramArgs.empty() ? "-" : O.ProgramArgs[0];
    ErrorOr<std::unique_ptr<MemoryBuffer>> Log =
        MemoryBuffer::getFileOrSTDIN(LogName, /*IsText=*/true);
    if (!Log)
      return fail("cannot read '" + LogName + "': " + Log.getError().message());
    if (!sys::fs::exists(O.Image))
      return fail("cannot read '" + O.Image +
                  "': no such file; give the ELF image the log's program was "
                  "linked into");
    return decodeFaultLog(O.Image, (*Log)->getBuffer(), Out, Err);
  }

  std::string DataDir = O.DataDir;
  if (DataDir.empty())
    DataDir = Database::defaultDir(Argv[0], MainAddr);
  Expected<Database> DB = Database::open(DataDir);
  if (!DB)
    return fail(DB.takeError());

  // The image must be a linked ELF even with --board; its note is needed
  // only without one.
  Expected<ImageInfo> Info = readImageInfo(O.Image, O.Board.empty());
  if (!Info)
    return fail(Info.takeError());
  Expected<BoardInfo> B = findBoard(*DB, O, *Info);
  if (!B)
    return fail(B.takeError());
  Expected<QemuModel> M = qemuModel(*DB, *B);
  if (!M)
    return fail(M.takeError());
  if (Error E = checkImageRunsOnBoard(*DB, *Info, O.Image, *B))
    return fail(std::move(E));

  std::string Program = O.Qemu.empty() ? M->System : O.Qemu;
  std::vector<std::string> Cmd = qemuCommand(Program, *M, O);
  if (O.PrintCommand) {
    Out << formatCommand(Cmd) << "\n";
    return 0;
  }

  // Find QEMU: a path as given, a bare name in PATH.
  std::string Path;
  std::string Install =
      "install " + M->System + " (scripts/install-deps.sh)" +
      (O.Qemu.empty() ? ", or name it with --qemu=PATH" : "");
  if (StringRef(Program).contains('/')) {
    if (!sys::fs::exists(Program))
      return fail("cannot run " + Program + ": no such file; " + Install);
    if (!sys::fs::can_execute(Program))
      return fail("cannot run " + Program + ": not executable; " + Install);
    Path = Program;
  } else {
    ErrorOr<std::string> Found = sys::findProgramByName(Program);
    if (!Found)
      return fail("cannot run " + Program + ": not found in PATH; " + Install);
    Path = *Found;
  }

  if (O.Verbose)
    Err << formatCommand(Cmd) << "\n";
  if (O.GDBPort)
    Err << ToolName << ": waiting for a debugger on localhost:" << *O.GDBPort
        << " (target remote :" << *O.GDBPort << ")\n";
  Out.flush();
  Err.flush();

  return execute(Path, Program, Cmd, O, Install);
}

namespace {

/// Why the relay stopped before QEMU exited.
enum class Stop { Exited, Timeout, ClosedOutput, WriteError, Signal };

/// Passes QEMU's stdout through to ours, and watches the program's output
/// for fault reports to add their source lines to (on stderr).
class Relay {
public:
  Relay(const RunOptions &O) : O(O) {}

  /// Writes \p Data to stdout; after each line that is a fault report's
  /// "source:" line, the symbolized addresses to stderr. False on a write
  /// error, with errno.
  bool pass(const char *Data, size_t Size) {
    while (Size) {
      const char *NL = static_cast<const char *>(memchr(Data, '\n', Size));
      size_t N = NL ? size_t(NL - Data) + 1 : Size;
      if (!writeAll(STDOUT_FILENO, Data, N))
        return false;
      if (O.Symbolize) {
        if (Line.size() + N <= MaxLine)
          Line.append(Data, N);
        else
          Line.assign(MaxLine + 1, ' '); // too long to be a report's line
        if (NL) {
          annotate(StringRef(Line).drop_back());
          Line.clear();
        }
      }
      Data += N;
      Size -= N;
    }
    return true;
  }

private:
  void annotate(StringRef L) {
    if (L.size() > MaxLine)
      return;
    if (std::optional<Expected<FaultRecord>> R = findFaultRecord(L)) {
      // The record (--fault-report=record) becomes the full report on
      // stdout, as the target would have printed it, its source lines on
      // stderr like those of a report the target printed.
      if (!*R) {
        std::string W = "noos-run: warning: " + toString(R->takeError()) + "\n";
        writeAll(STDERR_FILENO, W.data(), W.size());
        return;
      }
      if (!Strings) {
        Strings = imageStringReader(O.Image);
        IRQNames = imageIRQNames(O.Image);
      }
      std::string Text = decodeFaultRecord(**R, nullptr, Strings,
                                           IRQNames ? &*IRQNames : nullptr);
      for (StringRef Rest = Text; !Rest.empty();) {
        StringRef One;
        std::tie(One, Rest) = Rest.split('\n');
        std::string Out = One.str() + "\n";
        writeAll(STDOUT_FILENO, Out.data(), Out.size());
        annotate(One);
      }
      return;
    }
    if (std::optional<std::string> T = decodeTerminateRecord(L)) {
      // The terminate handler's record: its line as the target would have
      // printed it, the type demangled.
      std::string Out = *T + "\n";
      writeAll(STDOUT_FILENO, Out.data(), Out.size());
      return;
    }
    if (!L.contains("source:"))
      return;
    std::vector<uint64_t> Addrs = faultSourceAddresses(L);
    if (Addrs.empty())
      return;
    std::string Text;
    for (const std::string &S : symbolizeAddresses(O.Image, Addrs))
      Text += S + "\n";
    writeAll(STDERR_FILENO, Text.data(), Text.size());
  }

  // The longest line looked at: a fault record is up to about 660
  // characters (riscv64: 71 words), an Arm M-profile one about 370.
  static constexpr size_t MaxLine = 1024;
  const RunOptions &O;
  std::string Line;
  FaultStringReader Strings; // the image's, once a record needs them
  std::optional<std::vector<std::string>> IRQNames; // read with Strings
};

} // namespace

int Runner::execute(StringRef Path, StringRef Program,
                    ArrayRef<std::string> Cmd, const RunOptions &O,
                    StringRef Install) {
  // QEMU's stdout is a pipe we read: a reader of ours that goes away
  // (noos-run fw.elf | head -2) ends the run at once, instead of QEMU
  // blocking on its write and the program on its UART until the timeout.
  int QOut[2], Sig[2];
  if (pipe2(QOut, O_CLOEXEC) != 0 || pipe2(Sig, O_CLOEXEC | O_NONBLOCK) != 0)
    return fail(Twine("cannot make a pipe: ") + sys::StrError(errno));

  std::vector<char *> Args;
  for (const std::string &A : Cmd)
    Args.push_back(const_cast<char *>(A.c_str()));
  Args.push_back(nullptr);

  // QEMU gets the default action for the signals we catch or ignore.
  posix_spawnattr_t Attr;
  posix_spawnattr_init(&Attr);
  sigset_t Defaults;
  sigemptyset(&Defaults);
  sigaddset(&Defaults, SIGPIPE);
  for (int S : EndSignals)
    sigaddset(&Defaults, S);
  posix_spawn_file_actions_t Actions;
  posix_spawn_file_actions_init(&Actions);
  posix_spawn_file_actions_adddup2(&Actions, QOut[1], STDOUT_FILENO);

  // Catch the signals before QEMU starts, so that none leaves it behind.
  SignalPipe = Sig[1];
  struct sigaction SA = {}, OldSA[3], OldPipe;
  SA.sa_handler = onSignal;
  sigemptyset(&SA.sa_mask);
  for (unsigned I = 0; I < 3; ++I) {
    sigaction(EndSignals[I], nullptr, &OldSA[I]);
    // One the shell made us ignore (a background job's SIGINT, nohup's
    // SIGHUP) stays ignored, by QEMU too.
    if (OldSA[I].sa_handler == SIG_IGN)
      sigdelset(&Defaults, EndSignals[I]);
    else
      sigaction(EndSignals[I], &SA, nullptr);
  }
  struct sigaction Ignore = {};
  Ignore.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &Ignore, &OldPipe);
  auto RestoreSignals = [&] {
    for (unsigned I = 0; I < 3; ++I)
      sigaction(EndSignals[I], &OldSA[I], nullptr);
    sigaction(SIGPIPE, &OldPipe, nullptr);
    SignalPipe = -1;
    ::close(Sig[0]);
    ::close(Sig[1]);
  };

  posix_spawnattr_setsigdefault(&Attr, &Defaults);
  posix_spawnattr_setflags(&Attr, POSIX_SPAWN_SETSIGDEF);

  TerminalGuard Terminal;
  pid_t Pid;
  std::string PathStr = Path.str();
  int SpawnErr = posix_spawn(&Pid, PathStr.c_str(), &Actions, &Attr,
                             Args.data(), environ);
  posix_spawn_file_actions_destroy(&Actions);
  posix_spawnattr_destroy(&Attr);
  ::close(QOut[1]);
  if (SpawnErr) {
    ::close(QOut[0]);
    RestoreSignals();
    return fail("cannot run " + Path + ": " + sys::StrError(SpawnErr) + "; " +
                Install);
  }

  using Clock = std::chrono::steady_clock;
  unsigned Timeout = O.effectiveTimeout();
  Clock::time_point Deadline = Clock::now() + std::chrono::seconds(Timeout);
  Relay R(O);
  Stop Why = Stop::Exited;
  int WriteErrno = 0, Caught = 0, WaitStatus = 0;
  bool Reaped = false;
  struct pollfd Fds[3] = {{QOut[0], POLLIN, 0},
                          {STDOUT_FILENO, 0, 0}, // POLLERR: no reader left
                          {Sig[0], POLLIN, 0}};
  char Buf[4096];
  for (;;) {
    int Wait = -1;
    if (Timeout) {
      auto Left = std::chrono::duration_cast<std::chrono::milliseconds>(
                      Deadline - Clock::now())
                      .count();
      if (Left <= 0) {
        Why = Stop::Timeout;
        break;
      }
      Wait = int(std::min<long long>(Left, 1 << 30));
    }
    if (Fds[0].fd == -1) {
      // QEMU closed its stdout: it is exiting.
      pid_t W = waitpid(Pid, &WaitStatus, WNOHANG);
      if (W == Pid || (W < 0 && errno != EINTR)) {
        Reaped = W == Pid;
        break;
      }
      Wait = Wait == -1 ? 20 : std::min(Wait, 20);
    }
    int N = ::poll(Fds, 3, Wait);
    if (N < 0 && errno != EINTR)
      break;
    if (Fds[2].revents & POLLIN) {
      unsigned char B;
      if (::read(Sig[0], &B, 1) == 1) {
        Caught = B;
        Why = Stop::Signal;
        break;
      }
    }
    if (Fds[1].revents & (POLLERR | POLLHUP)) {
      Why = Stop::ClosedOutput;
      break;
    }
    if (Fds[1].revents & POLLNVAL)
      Fds[1].fd = -1; // stdout closed: writing will say so
    if (Fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      ssize_t Got = ::read(QOut[0], Buf, sizeof(Buf));
      if (Got > 0) {
        if (!R.pass(Buf, size_t(Got))) {
          WriteErrno = errno;
          Why = WriteErrno == EPIPE ? Stop::ClosedOutput : Stop::WriteError;
          break;
        }
      } else if (Got == 0 || errno != EINTR) {
        ::close(QOut[0]);
        Fds[0].fd = -1;
      }
    }
  }

  if (!Reaped) {
    if (Why != Stop::Exited) {
      // SIGTERM lets QEMU restore the terminal itself; SIGKILL if it
      // does not end soon (the timeout kills at once, as it always has).
      if (Why == Stop::Signal) {
        kill(Pid, SIGTERM);
        for (int I = 0; I < 100 && waitpid(Pid, &WaitStatus, WNOHANG) == 0; ++I)
          ::poll(nullptr, 0, 20);
      }
      kill(Pid, SIGKILL);
    }
    while (waitpid(Pid, &WaitStatus, 0) < 0 && errno == EINTR)
      ;
  }
  if (Fds[0].fd != -1)
    ::close(QOut[0]);
  Terminal.restore();
  RestoreSignals();

  switch (Why) {
  case Stop::Exited:
    break;
  case Stop::Timeout:
    Err << ToolName << ": error: timed out after " << Timeout
        << " s: the program did not exit (raise --timeout, or make it "
           "call exit)\n";
    return RunTimeoutStatus;
  case Stop::ClosedOutput:
    // As any Unix tool whose reader went away: die of SIGPIPE, quietly.
    signal(SIGPIPE, SIG_DFL);
    raise(SIGPIPE);
    return 128 + SIGPIPE;
  case Stop::WriteError:
    return fail("cannot write the program's output to stdout: " +
                sys::StrError(WriteErrno));
  case Stop::Signal:
    Err.flush();
    signal(Caught, SIG_DFL);
    raise(Caught);
    return 128 + Caught;
  }
  if (WIFSIGNALED(WaitStatus))
    return fail(Program + " was killed: " + strsignal(WTERMSIG(WaitStatus)));
  if (!WIFEXITED(WaitStatus))
    return fail("running " + Program + " failed");
  return WEXITSTATUS(WaitStatus);
}

int runMain(int Argc, char **Argv, void *MainAddr) {
  Runner R(outs(), errs());
  return R.run(ArrayRef<const char *>(Argv, Argc), MainAddr);
}

} // namespace noos
