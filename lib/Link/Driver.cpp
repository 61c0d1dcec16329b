//===- Driver.cpp - noos-ld's driver logic --------------------------------===//
//
// noos-ld in one pass, LLD-style plain data flow:
//   1. parse the command line; what is not ours goes to LLD unchanged
//   2. decide the target (--target, the board, else the first object)
//   3. build the memory map (board, then -M/-F/-T/-R/--stack-size) and
//      validate it
//   4. generate the linker script from the target's template
//   5. link in-process with LLD into a temporary file
//   6. on a region overflow, relink with unbounded regions and a map file
//      to measure it, and report one error per region
//   7. check the image (Thumb call addresses, ABI), report memory usage
//   8. write the requested image format and move the results in place
// Nothing is left at the output path unless every step succeeded.
//
//===----------------------------------------------------------------------===//

#include "noos/Driver.h"
#include "InputContents.h"
#include "InputScan.h"
#include "NoteObject.h"
#include "noos/Checks.h"
#include "noos/Database.h"
#include "noos/Image.h"
#include "noos/LinkerScript.h"
#include "noos/MemoryUsage.h"
#include "noos/StackUsage.h"
#include "noos/Support.h"
#include "lld/Common/Driver.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Option/ArgList.h"
#include "llvm/Option/OptTable.h"
#include "llvm/Option/Option.h"
#include "llvm/Support/ARMBuildAttributes.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Signals.h"
#include "llvm/Support/StringSaver.h"
#include "llvm/Support/raw_ostream.h"
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <cstring>
#include <malloc.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <unistd.h>

LLD_HAS_DRIVER(elf)

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

class NoosLdOptTable : public opt::GenericOptTable {
public:
  NoosLdOptTable()
      : GenericOptTable(OptionStrTable, OptionPrefixesTable, InfoTable) {}
};

} // namespace

namespace noos {

static const char ToolName[] = "noos-ld";
static const char Version[] = "noos-ld 0.1.0 (LLD 22 in-process)";

namespace {

/// What the driver learned about one input file.

/// A temporary file removed when the link ends, unless kept; also when
/// noos-ld is interrupted (LLVM's RemoveFileOnSignal).
class TempFile {
public:
  TempFile() = default;
  TempFile(const TempFile &) = delete;
  ~TempFile() { discard(); }
  Error createNear(StringRef Model) {
    SmallString<256> P;
    int FD;
    if (std::error_code EC = sys::fs::createUniqueFile(Model, FD, P))
      return makeError("cannot create a temporary file '" + Model +
                       "': " + EC.message());
    sys::Process::SafelyCloseFileDescriptor(FD);
    adopt(P);
    return Error::success();
  }
  Error createTemp(StringRef Prefix, StringRef Suffix) {
    SmallString<256> P;
    if (std::error_code EC = sys::fs::createTemporaryFile(Prefix, Suffix, P))
      return makeError("cannot create a temporary file: " + EC.message());
    adopt(P);
    return Error::success();
  }
  /// Moves the file to \p Dest; it is no longer removed.
  Error commit(StringRef Dest) {
    if (std::error_code EC = sys::fs::rename(Path, Dest))
      return makeError("cannot write '" + Dest + "': " + EC.message());
    sys::DontRemoveFileOnSignal(Path);
    Path.clear();
    return Error::success();
  }
  void discard() {
    if (Path.empty())
      return;
    sys::fs::remove(Path);
    sys::DontRemoveFileOnSignal(Path);
    Path.clear();
  }
  const std::string &path() const { return Path; }

private:
  void adopt(StringRef P) {
    Path = std::string(P);
    sys::RemoveFileOnSignal(Path);
  }
  std::string Path;
};

/// A large link's heap on transparent huge pages. Most of a link's time
/// beyond LLD's own work is the kernel's: a first touch of every 4 KiB of
/// heap the inputs' symbols, LLD's sections and the stack analysis fill
/// (6,000 page faults in noos-ld and 19,000 in LLD's child on the
/// 4000-object bench workload). glibc keeps blocks below 32 MiB on its
/// brk heap and grows that heap once by 1 GiB of address space (memory is
/// only used where touched); the part of it above the current break is
/// marked MADV_HUGEPAGE, which Linux honours on the default "madvise"
/// setting of /sys/kernel/mm/transparent_hugepage/enabled, so a fault there
/// maps 2 MiB. LLD's child inherits the marking through fork. What glibc's
/// own glibc.malloc.hugetlb=1 tunable does, which can only be set in the
/// environment before a process starts. Small links (most firmware) keep
/// the default: zeroing 2 MiB pages would cost them more than it saves.
static void heapOnHugePages() {
#if defined(__GLIBC__) && defined(MADV_HUGEPAGE) && defined(M_TOP_PAD)
  constexpr size_t Huge = size_t(2) << 20;
  if (!mallopt(M_MMAP_THRESHOLD, 32 << 20) || !mallopt(M_TOP_PAD, 1 << 30) ||
      !mallopt(M_TRIM_THRESHOLD, 1 << 30))
    return;
  // A block larger than the heap's free top grows the heap by the pad.
  void *P = malloc(4 * Huge);
  if (!P)
    return;
  uintptr_t Lo = alignTo(uintptr_t(P), Huge);
  uintptr_t Hi = alignDown(uintptr_t(::sbrk(0)), Huge);
  if (Hi > Lo)
    ::madvise(reinterpret_cast<void *>(Lo), Hi - Lo, MADV_HUGEPAGE);
  free(P);
#endif
}

static Error writeFile(StringRef Path, StringRef Contents) {
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_None);
  if (EC)
    return makeError("cannot write '" + Path + "': " + EC.message());
  OS << Contents;
  OS.close();
  if (OS.has_error())
    return makeError("cannot write '" + Path + "': " + OS.error().message());
  return Error::success();
}

/// Where one output file goes. A new or regular file is replaced
/// atomically (a temporary beside it, then a rename); a symbolic link is
/// followed, so that the file it names is replaced and the link kept; a
/// character device (/dev/null) or a FIFO is written in place, as ld.lld
/// does, never replaced.
struct OutputTarget {
  std::string Path;         ///< as given
  std::string Dest;         ///< the file a rename replaces
  bool WriteThrough = false; ///< an existing character device or FIFO
  bool IsFIFO = false;

  /// Decides where \p P's bytes go (\p What names it in messages).
  static Expected<OutputTarget> resolve(StringRef P, const Twine &What) {
    OutputTarget T;
    T.Path = T.Dest = std::string(P);
    sys::fs::file_status St;
    std::error_code EC = sys::fs::status(P, St, /*follow=*/true);
    if (EC == std::errc::no_such_file_or_directory) {
      sys::fs::file_status L;
      if (!sys::fs::status(P, L, /*follow=*/false) &&
          L.type() == sys::fs::file_type::symlink_file)
        return makeError(What + " '" + P +
                         "' is a symbolic link to a file that does not "
                         "exist: create the file it names, or remove the "
                         "link");
      return T; // a new file
    }
    if (EC)
      return makeError("cannot write " + What + " '" + P + "': " +
                       EC.message());
    switch (St.type()) {
    case sys::fs::file_type::regular_file: {
      sys::fs::file_status L;
      if (!sys::fs::status(P, L, /*follow=*/false) &&
          L.type() == sys::fs::file_type::symlink_file) {
        SmallString<256> Real;
        if (std::error_code REC = sys::fs::real_path(P, Real))
          return makeError("cannot follow the symbolic link " + What + " '" +
                           P + "': " + REC.message());
        T.Dest = std::string(Real);
      }
      return T;
    }
    case sys::fs::file_type::character_file:
      T.WriteThrough = true;
      return T;
    case sys::fs::file_type::fifo_file:
      T.WriteThrough = T.IsFIFO = true;
      return T;
    case sys::fs::file_type::directory_file:
      return makeError(What + " '" + P +
                       "' is a directory: give a file name, e.g. '" + P +
                       "/a.out'");
    default:
      return makeError(What + " '" + P +
                       "' is a block device or a socket: noos-ld writes "
                       "regular files, character devices and FIFOs only; "
                       "give a file name");
    }
  }

  /// A temporary to write the contents to before commit().
  Error createTemp(TempFile &T) const {
    if (WriteThrough)
      return T.createTemp("noos-out", "");
    return T.createNear(Dest + ".tmp-%%%%%%");
  }

  /// Puts the finished temporary \p T in place.
  Error commit(TempFile &T) const {
    if (!WriteThrough)
      return T.commit(Dest);
    // A FIFO is opened without blocking: with no reader, open fails with
    // ENXIO where ld.lld would wait for one forever.
    int Flags = O_WRONLY | O_CLOEXEC | (IsFIFO ? O_NONBLOCK : 0);
    int FD;
    do
      FD = ::open(Path.c_str(), Flags);
    while (FD < 0 && errno == EINTR);
    if (FD < 0) {
      if (IsFIFO && errno == ENXIO)
        return makeError("output '" + Path +
                         "' is a FIFO that no process reads: start its "
                         "reader first (noos-ld does not wait for one)");
      return makeError("cannot write '" + Path + "': " +
                       std::error_code(errno, std::generic_category()).message());
    }
    if (IsFIFO)
      ::fcntl(FD, F_SETFL, ::fcntl(FD, F_GETFL) & ~O_NONBLOCK);
    ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
        MemoryBuffer::getFile(T.path(), /*IsText=*/false,
                              /*RequiresNullTerminator=*/false);
    if (!Buf) {
      ::close(FD);
      return makeError("cannot read the linked image: " +
                       Buf.getError().message());
    }
    // A reader that goes away makes the write fail with EPIPE instead of
    // killing noos-ld with its temporaries in place.
    struct sigaction Ign = {}, OldPipe;
    Ign.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &Ign, &OldPipe);
    raw_fd_ostream OS(FD, /*shouldClose=*/true);
    OS << (*Buf)->getBuffer();
    OS.close();
    ::sigaction(SIGPIPE, &OldPipe, nullptr);
    if (OS.has_error()) {
      std::error_code WEC = OS.error();
      OS.clear_error();
      return makeError("cannot write '" + Path + "': " + WEC.message());
    }
    T.discard();
    return Error::success();
  }
};

/// Writes a file atomically: a temporary beside it, then a rename (or in
/// place for a device or FIFO).
static Error writeFileAtomic(StringRef Path, StringRef Contents) {
  Expected<OutputTarget> O = OutputTarget::resolve(Path, "output");
  if (!O)
    return O.takeError();
  TempFile T;
  if (Error E = O->createTemp(T))
    return E;
  if (Error E = writeFile(T.path(), Contents))
    return E;
  return O->commit(T);
}

/// The ELF kept beside a non-ELF image: fw.hex -> fw.elf.
static std::string elfPathFor(StringRef Out) {
  SmallString<256> P(Out);
  sys::path::replace_extension(P, ".elf");
  if (P == Out)
    P += ".elf";
  return std::string(P);
}

static StringRef machineName(unsigned M) {
  switch (M) {
  case ELF::EM_ARM: return "Arm";
  case ELF::EM_AARCH64: return "AArch64";
  case ELF::EM_RISCV: return "RISC-V";
  case ELF::EM_X86_64: return "x86-64";
  case ELF::EM_386: return "i386";
  default: return "";
  }
}

/// Reads the ARM build attributes that tell the target and the library
/// variant an object was compiled for.
class Linker {
public:
  Linker(raw_ostream &Out, raw_ostream &Err) : Out(Out), Err(Err) {}
  int run(ArrayRef<const char *> Argv, void *MainAddr);
  /// The signal (SIGINT, SIGTERM, SIGHUP) that stopped the link, or 0.
  int interrupted() const { return Interrupted; }

private:
  void error(const Twine &Msg) { Err << ToolName << ": error: " << Msg << "\n"; }
  void warning(const Twine &Msg) {
    Err << ToolName << ": warning: " << Msg << "\n";
  }
  /// Reports \p E as one error line; returns the exit status 1.
  int fail(Error E) {
    // A broken database is what to report whatever else went wrong (an
    // incomplete installation fails in several ways at once).
    if (DB)
      checkDatabase();
    if (DBProblem) {
      consumeError(std::move(E));
      error(*DBProblem);
      return 1;
    }
    handleAllErrors(std::move(E),
                    [&](const ErrorInfoBase &EI) { error(EI.message()); });
    return 1;
  }

  Error inspectInputs();
  Error chooseCheckMode();
  Error markThumbLabelInputs();
  Error chooseTarget();
  Error chooseIRQCount();
  void warnNearMissHandlers();
  void warnScriptWithoutExidx();
  void warnFlagTrickSections();
  /// The generated script for \p P, with the unnamed writable sections
  /// placed.
  std::string script(const ScriptParams &P) const;
  Error buildMemoryMap();
  Error chooseOutput();
  Error checkNotInput(const OutputTarget &O, const Twine &What,
                      StringRef Fix);
  Error chooseLibraries();
  llvm::Expected<const Multilib &> chooseVariant();
  std::vector<std::string> vectorTable() const;
  /// The generated script's parameters (Map must be set).
  ScriptParams scriptParams() const;
  std::vector<const char *> lldArgs(StringRef Script, StringRef Output,
                                    ArrayRef<const char *> Extra);
  /// Checks every target of the database once (Load::OnDemand read only
  /// the one linked for), keeping what is wrong in DBProblem.
  void checkDatabase() {
    if (DBChecked)
      return;
    DBChecked = true;
    if (Error E = DB->loadAll())
      DBProblem = toString(std::move(E));
  }
  bool DBChecked = false;
  std::optional<std::string> DBProblem;
  bool runLLD(ArrayRef<const char *> Args, StringRef Output,
              std::string &Diags);
  std::string describeCrash(int Sig) const;
  int reportOverflow(StringRef LLDDiags);
  int reportDataGap(StringRef LLDDiags);
  Error finishImage(StringRef TmpELF, bool &Overflow);
  Error writeMemoryReport(const object::ELFObjectFileBase &Image,
                          ArrayRef<RegionUsage> Usage);
  Error chooseStackCheck();
  Error checkStacks(const object::ELFObjectFileBase &Image,
                    MutableArrayRef<char> File, bool &Patched);
  StackFrameSizes stackFrames() const;
  Expected<std::optional<uint64_t>> autoMainStack(StringRef TmpELF);
  Error writeScript();

  raw_ostream &Out;
  raw_ostream &Err;
  int Interrupted = 0;
  BumpPtrAllocator Alloc;
  StringSaver Saver{Alloc};
  opt::InputArgList Args;
  std::optional<Database> DB;

  // Decisions.
  std::vector<InputInfo> Inputs;
  std::vector<std::string> InputPaths; // existing input files, for checks
  std::vector<std::optional<ObjectHeaders>> InputHeaders; // as read already
  // Their device and inode where the scan took them, and their sizes.
  std::vector<std::optional<sys::fs::UniqueID>> InputIDs;
  std::vector<uint64_t> InputSizes;
  uint64_t InputBytes = 0;              // their total size
  std::vector<ObjectContents> Contents; // their sections and symbols
  bool HasCXX = false; // an input refers to C++ symbols: link libstdc++
  bool HasOwnVectors = false; // an input has a .vectors/.isr_vector section
  bool LinksRuntime = false;
  unsigned IRQCount = 0; // interrupt entries of the generated vector table
  std::string BoardLibPath; // libnoos-board-<board>.a, when linked
  static constexpr uint64_t SmallLinkBytes = 1 << 20;
  const TargetInfo *Target = nullptr;
  std::optional<BoardInfo> Board;
  std::optional<MemoryMap> Map;  // none: the user brought a linker script
  std::string Template;
  std::string PlaceWritable; // script text placing unnamed writable sections
  std::string Script;            // the generated script text
  std::string OutPath = "a.out";
  ImageFormat Format = ImageFormat::ELF;
  std::optional<OutputTarget> Output; // -o
  std::optional<OutputTarget> ELFOut; // the ELF kept beside a non-ELF image
  TempFile ImageTmp;                  // the non-ELF image, until committed
  ImageOptions ImgOpts;
  CheckMode Checks = CheckMode::Error;
  /// --stack-check: none, warn (errors become warnings, unknowns are
  /// warned of), error (the default: a need above a known stack is an
  /// error), strict (unknowns are errors too).
  enum class StackMode { None, Warn, Error, Strict } StackCheck = StackMode::Error;
  StackAnnotations StackNotes;
  bool AutoMainStack = false; // --stack-size=auto: sized by a second link
  std::string FPKind = "none"; // the FPU of the libraries linked
  std::vector<const char *> Passthrough; // for LLD, in order
  std::vector<std::string> LibraryArgs;  // -L dirs and the library group
  std::vector<std::string> RuntimeLibs;  // noos-board-<b>, noos
  bool UserScript = false;
  TempFile ScriptFile, NoteFile;
  /// Copies of the inputs --thumb-labels=functions changed, handed to LLD
  /// instead of the originals.
  std::vector<std::unique_ptr<TempFile>> MarkedInputs;
  /// The inputs for the Thumb checks, when they run; their headers are
  /// read while LLD links.
  std::optional<ThumbCheckInputs> CheckInputs;
};

Error Linker::inspectInputs() {
  std::vector<std::string> Paths;
  for (const opt::Arg *A : Args.filtered(OPT_INPUT))
    Paths.push_back(A->getValue());
  Expected<InputScan> S = scanInputs(Paths);
  if (!S)
    return S.takeError();
  Inputs = std::move(S->Inputs);
  InputPaths = std::move(S->Paths);
  InputIDs = std::move(S->IDs);
  InputSizes = std::move(S->Sizes);
  InputHeaders = std::move(S->Headers);
  InputBytes = S->Bytes;
  HasCXX = S->HasCXX;
  HasOwnVectors = S->HasOwnVectors;
  // Section headers only, read by the scan: the symbols are read for the
  // few objects and links that need them (chooseTarget,
  // warnNearMissHandlers).
  Contents = std::move(S->Contents);
  return Error::success();
}

Error Linker::chooseCheckMode() {
  if (const opt::Arg *A = Args.getLastArg(OPT_thumb_checks)) {
    StringRef V = A->getValue();
    if (V == "error")
      Checks = CheckMode::Error;
    else if (V == "warn")
      Checks = CheckMode::Warn;
    else if (V == "none")
      Checks = CheckMode::Off;
    else
      return makeError("--thumb-checks=" + V +
                       " is not a mode: use error, warn or none");
  }
  return Error::success();
}

/// --thumb-labels=functions: the choice the Embedded Go linker makes. Each
/// untyped label in Thumb code whose address an object on the command line
/// stores (findStoredThumbLabels) becomes a Thumb function in a copy of
/// the object defining it, and a local label's stored address gets bit 0
/// in its addend, before LLD reads the objects; LLD reads the copies. The
/// checks read the originals, for their names: the stored-label check
/// finds the references it reads there odd in the image, and is silent.
/// Archive members are left as they are (the check still reports their
/// labels).
Error Linker::markThumbLabelInputs() {
  const opt::Arg *A = Args.getLastArg(OPT_thumb_labels);
  if (!A)
    return Error::success();
  StringRef V = A->getValue();
  if (V == "check")
    return Error::success();
  if (V != "functions")
    return makeError("--thumb-labels=" + V +
                     " is not a mode: use check or functions");
  std::vector<const char *> Values;
  std::vector<std::unique_ptr<MemoryBuffer>> Buffers;
  std::vector<ObjectBuffer> Objects;
  for (const opt::Arg *In : Args.filtered(OPT_INPUT)) {
    auto Buf = MemoryBuffer::getFile(In->getValue(), /*IsText=*/false,
                                     /*RequiresNullTerminator=*/false);
    if (!Buf || identify_magic((*Buf)->getBuffer()) !=
                    file_magic::elf_relocatable)
      continue; // archives, scripts; unreadable files are LLD's to report
    Values.push_back(In->getValue());
    Objects.push_back({In->getValue(), (*Buf)->getBuffer()});
    Buffers.push_back(std::move(*Buf));
  }
  std::vector<StoredThumbLabel> Labels = findStoredThumbLabels(Objects);
  if (Labels.empty())
    return Error::success();
  for (size_t I = 0; I < Objects.size(); ++I) {
    std::optional<std::string> Copy =
        markThumbLabels(Objects[I].Contents, Labels, I);
    if (!Copy)
      continue;
    auto T = std::make_unique<TempFile>();
    if (Error E = T->createTemp("noos-thumb-labels", "o"))
      return E;
    if (Error E = writeFile(T->path(), *Copy))
      return E;
    for (const char *&P : Passthrough)
      if (P == Values[I])
        P = T->path().c_str();
    MarkedInputs.push_back(std::move(T));
  }
  return Error::success();
}

Error Linker::chooseTarget() {
  if (const opt::Arg *A = Args.getLastArg(OPT_target)) {
    Expected<const TargetInfo &> T = DB->target(A->getValue());
    if (!T)
      return T.takeError();
    Target = &*T;
  } else if (Board) {
    Expected<const TargetInfo &> T = DB->target(Board->Target);
    if (!T)
      return T.takeError();
    Target = &*T;
  } else {
    if (Error E = DB->loadAll())
      return E;
    for (const InputInfo &I : Inputs) {
      if (!I.Machine)
        continue;
      Target = DB->targetForObject(I.Machine, I.CPUArch);
      if (!Target)
        return makeError("cannot tell the target from '" + I.Path + "' (" +
                         machineName(I.Machine) +
                         (I.CPUArch >= 0 ? ", Tag_CPU_arch " + Twine(I.CPUArch)
                                         : Twine("")) +
                         "): give --target=<arch>-noos or --board=NAME");
      break;
    }
    if (!Target)
      return makeError("no target: give --target=<arch>-noos or --board=NAME "
                       "(no input object tells it)");
  }
  // Objects for a newer architecture than the target's cores link silently
  // and fault at run time (an sdiv on a Cortex-M0).
  static const char *const ArchNames[] = {
      "pre-v4", "v4",    "v4T",  "v5T",  "v5TE", "v5TEJ", "v6",
      "v6KZ",   "v6T2",  "v6K",  "v7",   "v6-M", "v6S-M", "v7E-M",
      "v8-A",   "v8-R",  "v8-M.base", "v8-M.main"};
  //
  // The tag alone says too little: GNU as tags Thumb-2 code "v6T2" (an
  // A-profile architecture), which a v7-M core runs. An object is judged
  // by what it holds: ARM-state code never runs on an M-profile core;
  // Thumb code runs if the core has the Thumb instruction set the tag
  // implies (Thumb-1 for v4T-v6K, Thumb-2 for v6T2 and v7). The check is
  // one of the Thumb checks: --thumb-checks=warn links anyway, none skips.
  auto ThumbLevel = [](int Tag) {
    switch (Tag) {
    case 2: case 3: case 4: case 5: case 6: case 7: case 9: case 11: case 12:
      return 1; // v4T..v6K, v6-M, v6S-M: Thumb-1 (and BL)
    case 8: case 10: case 13: case 17:
      return 2; // v6T2, v7, v7E-M, v8-M.main: Thumb-2
    default:
      return 0; // unknown: judged by the tag
    }
  };
  int TargetLevel = is_contained(Target->RunsCPUArchTags, 10) ? 2 : 1;
  if (!Target->RunsCPUArchTags.empty() && Checks != CheckMode::Off)
    for (const InputInfo &I : Inputs) {
      if (!I.IsObject || I.Machine != Target->ELFMachine || I.CPUArch < 0 ||
          is_contained(Target->RunsCPUArchTags, I.CPUArch))
        continue;
      std::vector<ObjectContents> Read =
          readObjectContents({I.Path}, /*Symbols=*/true, /*Archives=*/false);
      const ObjectContents *C = Read.empty() ? nullptr : &Read.front();
      bool HasARM = C && C->HasARMCode;
      int Level = ThumbLevel(I.CPUArch);
      if (C && Target->isMProfile() && !HasARM && Level &&
          Level <= TargetLevel)
        continue; // Thumb code the core runs, whatever the tag says
      std::string Arch = size_t(I.CPUArch) < std::size(ArchNames)
                             ? std::string(ArchNames[I.CPUArch])
                             : "architecture " + std::to_string(I.CPUArch);
      std::string Msg = "'" + I.Path + "' was compiled for Arm " + Arch +
                        ", which " + Target->noosTriple() + " cores cannot run" +
                        (HasARM ? " (it holds ARM-state code)" : "") +
                        ": rebuild it with --target=" + Target->noosTriple();
      if (Checks == CheckMode::Error)
        return makeError(Msg + " (--thumb-checks=warn links it anyway)");
      warning(Msg);
    }
  // Objects for another architecture would only fail later, less clearly.
  for (const InputInfo &I : Inputs)
    if (I.IsObject && I.Machine != Target->ELFMachine) {
      StringRef Name = machineName(I.Machine);
      return makeError("'" + I.Path + "' is " +
                       (Name.empty() ? "an object for e_machine " +
                                           Twine(I.Machine).str()
                                     : "an object for " + Name.str()) +
                       ", but the target is " + Target->noosTriple() +
                       ": rebuild it with --target=" + Target->noosTriple());
    }
  return Error::success();
}

Error Linker::buildMemoryMap() {
  // A non-numeric -T is an LLD linker script: then the user owns the layout.
  bool HaveMap = Board.has_value() || Args.hasArg(OPT_mem_ram) ||
                 Args.hasArg(OPT_mem_flash);
  for (const opt::Arg *A : Args.filtered(OPT_text_start))
    if (!looksLikeNumber(A->getValue()))
      UserScript = true;
  if (Args.hasArg(OPT_p_script) || Args.hasArg(OPT_p_script_eq))
    UserScript = true;
  if (UserScript) {
    if (Args.hasArg(OPT_mem_ram) || Args.hasArg(OPT_mem_flash) ||
        Args.hasArg(OPT_stack_size))
      return makeError("-M, -F and --stack-size describe the memory for a "
                       "generated linker script, but a linker script was "
                       "given (-T FILE): use one or the other");
    return Error::success();
  }
  if (!HaveMap)
    return makeError("no memory map: give RAM with -M ADDR:SIZE (and flash "
                     "with -F ADDR:SIZE), or a board with --board=NAME");

  MemoryMap M = Board ? Board->Memory : MemoryMap();
  if (Args.hasArg(OPT_mem_ram)) {
    M.RAM.clear();
    for (const opt::Arg *A : Args.filtered(OPT_mem_ram)) {
      Expected<std::vector<MemBlock>> B = parseBlockList(A->getValue(), "-M");
      if (!B)
        return B.takeError();
      append_range(M.RAM, *B);
    }
  }
  if (const opt::Arg *A = Args.getLastArg(OPT_mem_flash)) {
    Expected<MemBlock> B = parseBlock(A->getValue(), "-F");
    if (!B)
      return B.takeError();
    M.Flash = *B;
    if (!Board || !Args.hasArg(OPT_text_start))
      M.TextStart.reset(); // a board's text start belongs to its own flash
  }
  if (const opt::Arg *A = Args.getLastArg(OPT_text_start)) {
    Expected<uint64_t> T = parseNumber(A->getValue(), /*AllowSuffix=*/false);
    if (!T)
      return T.takeError();
    M.TextStart = *T;
  }
  if (const opt::Arg *A = Args.getLastArg(OPT_rounding)) {
    if (!looksLikeNumber(A->getValue())) {
      // -R FILE is LLD's --just-symbols: handled by LLD.
    } else if (Expected<uint64_t> Q = parseNumber(A->getValue())) {
      M.Quantum = *Q;
    } else {
      return Q.takeError();
    }
  }
  if (const opt::Arg *A = Args.getLastArg(OPT_stack_size);
      A && StringRef(A->getValue()) == "auto") {
    // Linked first with the default size, then with the need the stack
    // analysis finds (autoMainStack).
    AutoMainStack = true;
  } else if (A) {
    Expected<uint64_t> S = parseNumber(A->getValue());
    if (!S)
      return makeError("--stack-size: " + toString(S.takeError()));
    M.StackSize = *S;
  }
  if (M.StackSize == 0)
    M.StackSize = Target->DefaultStackSize;
  if (M.StackSize % 8)
    return makeError("--stack-size=" + Twine(M.StackSize) +
                     " is not a multiple of 8 (the AAPCS stack alignment): "
                     "round it up to " + Twine(alignTo(M.StackSize, 8)));
  M.StackInData = Target->StackInData;
  if (Error E = M.validate(Target->AddressBits))
    return E;
  Map = std::move(M);

  if (Target->LinkerScript.empty())
    return makeError("target " + Target->noosTriple() +
                     " has no layout template (\"linker-script\" in "
                     "targets.json): noos-ld cannot generate a script for it");
  SmallString<256> TPath(DB->dir());
  sys::path::append(TPath, "linker-scripts", Target->LinkerScript);
  ErrorOr<std::unique_ptr<MemoryBuffer>> T = MemoryBuffer::getFile(TPath);
  if (!T)
    return makeError("cannot read the layout template '" + TPath +
                     "': " + T.getError().message() + " (reinstall noos)");
  Template = (*T)->getBuffer().str();
  // A writable section the template does not name (a custom "aw" section)
  // would be an orphan, which LLD may put in flash or between .data and
  // .tdata; the script places each in RAM, with .data or with .bss.
  PlaceWritable = placeWritableSections(
      unplacedWritableSections(Contents, templateSectionPatterns(Template)));
  return Error::success();
}

std::string Linker::script(const ScriptParams &P) const {
  return generateLinkerScript(P) + PlaceWritable;
}

void Linker::warnNearMissHandlers() {
  std::vector<std::string> V = vectorTable();
  if (V.empty())
    return;
  // The objects on the command line: an archive member is linked only if
  // something refers to it, and a misspelt handler nothing calls is not.
  std::vector<std::string> Objects;
  for (const InputInfo &I : Inputs)
    if (I.IsObject)
      Objects.push_back(I.Path);
  std::vector<ObjectContents> Read =
      readObjectContents(Objects, /*Symbols=*/true, /*Archives=*/false);
  StringSet<> Defined, Vectors;
  for (const ObjectContents &C : Read)
    for (const std::string &F : C.Functions)
      Defined.insert(F);
  for (size_t I = 1; I < V.size(); ++I)
    if (!V[I].empty())
      Vectors.insert(V[I]);
  for (const ObjectContents &C : Read) {
    for (const std::string &F : C.Functions) {
      if (Vectors.contains(F))
        continue;
      std::string L = StringRef(F).lower();
      if (!StringRef(L).contains("handler") && !StringRef(L).contains("irq") &&
          !Vectors.contains(F + "_IRQHandler") &&
          !Vectors.contains(F + "_Handler") &&
          none_of(V, [&](const std::string &H) {
            return StringRef(H).equals_insensitive(F);
          }))
        continue;
      // Vector 1 is the runtime's Reset_Handler, never a default.
      for (size_t I = 2; I < V.size(); ++I) {
        if (V[I].empty() || Defined.contains(V[I]) ||
            !isNearMissHandler(F, V[I]))
          continue;
        warning("'" + F + "' in " + C.Path + " looks like the handler '" +
                V[I] + "' of vector " + Twine(I) +
                " but does not match it, so the vector uses the default "
                "handler: rename it '" + V[I] + "'");
        break;
      }
    }
  }
}

/// GCC passes a section name to the assembler as written, so projects put
/// flags in it: section(".ramfunc,\"ax\",%progbits @") (the "@" comments
/// out GCC's own flags). clang names the section with the whole string, so
/// no layout pattern matches it.
void Linker::warnFlagTrickSections() {
  for (const ObjectContents &C : Contents)
    for (const std::string &N : C.FlagTrickSections) {
      StringRef Plain = StringRef(N).split(',').first;
      warning("section '" + N + "' in " + C.Path +
              " is named with GCC's section-flags trick, which clang does not "
              "honour: the whole string is the section's name, so the layout "
              "does not place it as '" + Plain +
              "': name it plainly (section(\"" + Plain +
              "\")); its flags follow from what it holds");
    }
}

void Linker::warnScriptWithoutExidx() {
  if (!UserScript || none_of(Contents, [](const ObjectContents &C) {
        return !C.IsArchiveMember && C.HasExidx;
      }))
    return;
  for (const opt::Arg *A :
       Args.filtered(OPT_text_start, OPT_p_script, OPT_p_script_eq)) {
    if (A->getOption().getID() == OPT_text_start &&
        looksLikeNumber(A->getValue()))
      continue;
    ErrorOr<std::unique_ptr<MemoryBuffer>> B =
        MemoryBuffer::getFile(A->getValue(), /*IsText=*/true);
    if (!B)
      continue; // LLD says why
    std::string Text = stripScriptComments((*B)->getBuffer());
    if (StringRef(Text).contains(".ARM.exidx") ||
        StringRef(Text).contains("INCLUDE"))
      continue;
    warning("linker script '" + Twine(A->getValue()) +
            "' does not place .ARM.exidx, which clang emits even with "
            "-fno-unwind-tables (GCC does not), so the linker puts it after "
            ".text, where a flash copy of .data at the end of .text "
            "(AT(_etext)) overlaps it: add '.ARM.exidx : { *(.ARM.exidx*) } "
            "> FLASH' after .text, and store .data after it ('> RAM AT> "
            "FLASH', copied from LOADADDR(.data))");
  }
}

Error Linker::chooseOutput() {
  if (const opt::Arg *A = Args.getLastArg(OPT_output))
    OutPath = A->getValue();
  if (const opt::Arg *A = Args.getLastArg(OPT_oformat)) {
    Expected<ImageFormat> F = parseImageFormat(A->getValue());
    if (!F)
      return F.takeError();
    Format = *F;
  } else {
    Expected<ImageFormat> F = imageFormatForPath(OutPath);
    if (!F)
      return F.takeError();
    Format = *F;
  }
  // fw.elf with --oformat=hex would get HEX, and the ELF 'fw.elf.elf'.
  if (const opt::Arg *A = Args.getLastArg(OPT_oformat))
    if (Format != ImageFormat::ELF &&
        sys::path::extension(OutPath).equals_insensitive(".elf")) {
      SmallString<256> Suggest(OutPath);
      sys::path::replace_extension(Suggest, "." + imageFormatName(Format));
      return makeError("--oformat=" + Twine(A->getValue()) +
                       " writes a ." + imageFormatName(Format) +
                       " image, but the output '" + OutPath +
                       "' is named as an ELF file: name it '" + Suggest +
                       "' (the ELF is kept beside it as '" + OutPath +
                       "'), or drop --oformat");
    }
  {
    Expected<OutputTarget> O = OutputTarget::resolve(OutPath, "output");
    if (!O)
      return O.takeError();
    Output = std::move(*O);
    if (Error E = checkNotInput(*Output, "output '" + OutPath + "'",
                                "give -o another name"))
      return E;
  }
  // The ELF is kept beside an image written to a file (beside the file a
  // link names: -o /dev/stdout redirected to fw.hex keeps fw.elf, not
  // /dev/stdout.elf); a device or a FIFO has no "beside".
  if (Format != ImageFormat::ELF && !Output->WriteThrough) {
    std::string P = elfPathFor(Output->Dest);
    Expected<OutputTarget> O = OutputTarget::resolve(
        P, "ELF output (kept beside '" + OutPath + "')");
    if (!O)
      return O.takeError();
    ELFOut = std::move(*O);
    if (Error E = checkNotInput(*ELFOut,
                                "the ELF noos-ld keeps beside '" + OutPath +
                                    "' ('" + P + "')",
                                "rename that input, or give -o another name"))
      return E;
  }
  for (unsigned ID : {unsigned(OPT_memory_report), unsigned(OPT_emit_script)})
    if (const opt::Arg *A = Args.getLastArg(ID)) {
      if (StringRef(A->getValue()) == "-")
        continue;
      Expected<OutputTarget> O = OutputTarget::resolve(
          A->getValue(), A->getSpelling().rtrim('=') + " file");
      if (!O)
        return O.takeError();
      if (Error E = checkNotInput(*O,
                                  A->getSpelling().rtrim('=') + " file '" +
                                      A->getValue() + "'",
                                  "give it another name"))
        return E;
    }
  // LLD writes the map file in place (it follows links and devices), but
  // an input named as the map file is lost all the same.
  for (const opt::Arg *A : Args.filtered(OPT_p_map, OPT_p_map_sep)) {
    Expected<OutputTarget> O =
        OutputTarget::resolve(A->getValue(), A->getSpelling().rtrim('='));
    if (!O) {
      consumeError(O.takeError()); // LLD says what is wrong with it
      continue;
    }
    if (Error E = checkNotInput(*O,
                                A->getSpelling().rtrim('=') + " file '" +
                                    A->getValue() + "'",
                                "give it another name"))
      return E;
  }
  if (const opt::Arg *A = Args.getLastArg(OPT_uf2_family)) {
    Expected<uint32_t> Fam = parseUF2Family(A->getValue());
    if (!Fam)
      return Fam.takeError();
    ImgOpts.UF2Family = *Fam;
    if (Format != ImageFormat::UF2)
      warning("--uf2-family has no effect on a " +
              imageFormatName(Format) + " image");
  }
  if (Map && Map->Flash)
    ImgOpts.BinaryBase = Map->effectiveTextStart();
  return Error::success();
}

/// Whether \p Path names the file \p ID (false if it cannot be examined).
static bool isSameFile(StringRef Path, const sys::fs::UniqueID &ID) {
  sys::fs::file_status St;
  return !sys::fs::status(Path, St) && St.getUniqueID() == ID;
}

/// An output that is one of the inputs (by name, or through a link: the
/// same file) would be overwritten by the link.
Error Linker::checkNotInput(const OutputTarget &O, const Twine &What,
                            StringRef Fix) {
  if (O.WriteThrough)
    return Error::success(); // written in place, never replaced
  // One stat of the destination; the inputs the scan opened are compared
  // by the device and inode it took from them, or, where it did not need
  // to examine them, by size and then a stat if the sizes agree (thousands
  // of objects would otherwise cost a stat each); the few other inputs
  // (scripts, board files, -R files) by a stat each.
  sys::fs::file_status DS;
  if (sys::fs::status(O.Dest, DS))
    return Error::success(); // nothing there to overwrite
  sys::fs::UniqueID Dest = DS.getUniqueID();
  auto Overwrites = [&](StringRef In) {
    return makeError(What + (In == O.Path ? Twine(" is also an input")
                                          : " is the same file as the input '" +
                                                In + "'") +
                     ": linking would overwrite it; " + Fix);
  };
  for (size_t I = 0; I < InputIDs.size(); ++I) {
    if (InputIDs[I] ? *InputIDs[I] == Dest
                    : InputSizes[I] == DS.getSize() &&
                          isSameFile(InputPaths[I], Dest))
      return Overwrites(InputPaths[I]);
  }
  for (const opt::Arg *A : Args) {
    unsigned ID = A->getOption().getID();
    if (ID == OPT_p_script || ID == OPT_p_script_eq ||
        ID == OPT_p_just_symbols || ID == OPT_board ||
        ((ID == OPT_text_start || ID == OPT_rounding) &&
         !looksLikeNumber(A->getValue()))) {
      sys::fs::file_status St;
      if (!sys::fs::status(A->getValue(), St) && St.getUniqueID() == Dest)
        return Overwrites(A->getValue());
    }
  }
  return Error::success();
}

/// The library variant of the link. On targets whose variants are named
/// by ISA and ABI (RISC-V): --march/--mabi, else the target's defaults.
/// Otherwise: explicit options, else what the first compiled object (one
/// with calling-convention attributes) was built for, else the target's
/// default.
Expected<const Multilib &> Linker::chooseVariant() {
  if (Target->hasISAVariants()) {
    std::string March = Target->March, ABI = Target->ABI;
    if (Board && !Board->March.empty())
      March = Board->March;
    if (Board && !Board->ABI.empty())
      ABI = Board->ABI;
    if (const opt::Arg *A = Args.getLastArg(OPT_march))
      March = A->getValue();
    if (const opt::Arg *A = Args.getLastArg(OPT_mabi))
      ABI = A->getValue();
    bool Nearest = false;
    Expected<const Multilib &> M = Target->multilibForISA(March, ABI, &Nearest);
    if (M && Nearest)
      warning("no library variant of " + Target->noosTriple() +
              " is built for -march=" + March + " -mabi=" + ABI +
              ": linking the nearest compatible one, " + M->March + "/" +
              M->ABI);
    return M;
  }
  const InputInfo *First = nullptr;
  for (const InputInfo &I : Inputs)
    if (I.CPUArch >= 0 && I.HasCallingConvention) {
      First = &I;
      break;
    }
  std::string ABI = Target->FloatABI;
  if (First)
    ABI = First->VFPArgs == 1 ? "hard" : First->FPArch > 0 ? "softfp" : "soft";
  if (const opt::Arg *A = Args.getLastArg(OPT_float_abi)) {
    ABI = A->getValue();
    if (ABI != "soft" && ABI != "softfp" && ABI != "hard")
      return makeError("--float-abi=" + ABI +
                       " is not a float ABI: use soft, softfp or hard");
  }
  std::string FP;
  if (const opt::Arg *A = Args.getLastArg(OPT_fpu)) {
    Expected<std::string> K = Target->fpKind(A->getValue());
    if (!K)
      return K.takeError();
    FP = *K;
  } else if (First) {
    FP = First->FPArch <= 0 ? "none" : First->HardFPUse == 1 ? "sp" : "dp";
  } else {
    Expected<std::string> K = Target->fpKind(Target->FPU);
    if (!K)
      return K.takeError();
    FP = *K;
  }
  if (ABI == "soft")
    FP = "none";
  FPKind = FP;
  return Target->multilib(ABI, FP);
}

Error Linker::chooseLibraries() {
  // LLD's erratum fixes for the CPU of the link, from the target data.
  std::string CPU = Target->CPU;
  if (const opt::Arg *A = Args.getLastArg(OPT_cpu))
    CPU = A->getValue();
  else if (Board && !Board->CPU.empty())
    CPU = Board->CPU;
  if (Args.hasArg(OPT_cpu) && !Target->CPUs.empty() &&
      !is_contained(Target->CPUs, CPU))
    return makeError("--cpu=" + CPU + " is not a CPU of " +
                     Target->noosTriple() + ": use one of " +
                     join(Target->CPUs, ", "));
  if (auto It = Target->CPULLDFlags.find(CPU); It != Target->CPULLDFlags.end()) {
    SmallVector<StringRef, 4> Flags;
    StringRef(It->second).split(Flags, ' ', -1, /*KeepEmpty=*/false);
    for (StringRef F : Flags)
      Passthrough.push_back(Saver.save(F).data());
  }
  // LLD options every link of the target needs ("lld-flags": RISC-V's
  // --relax-gp).
  for (const std::string &F : Target->LLDFlags)
    Passthrough.push_back(F.c_str());
  // The fault report is checked even when no runtime is linked, so that a
  // misspelt mode is never silently ignored.
  const opt::Arg *FaultArg = Args.getLastArg(OPT_fault_report);
  const FaultReport *Fault = nullptr;
  if (FaultArg || !Target->FaultReports.empty()) {
    Expected<const FaultReport &> F =
        Target->faultReport(FaultArg ? FaultArg->getValue() : "");
    if (!F)
      return F.takeError();
    Fault = &*F;
  }
  if (Args.hasArg(OPT_no_default_libs) || Target->Multilibs.empty()) {
    if (FaultArg)
      warning("--fault-report has no effect without the noos runtime");
    return Error::success();
  }
  Expected<const Multilib &> M = chooseVariant();
  if (!M)
    return M.takeError();
  // GCC's -nostdlib and -nodefaultlibs (noos-ld called as GNU ld is):
  // no default library, but the variant's directories are searched, so a
  // library the project names (-lgcc, -lc) is the variant's.
  bool NoStdlib = Args.hasArg(OPT_nostdlib);
  bool NoLibs = NoStdlib || Args.hasArg(OPT_nodefaultlibs);
  for (const std::string &Dir : Target->libDirs(*M)) {
    if (NoStdlib && !sys::fs::is_directory(Dir))
      continue; // nothing is required of them
    if (!sys::fs::is_directory(Dir))
      return makeError("library directory '" + Dir + "' of " +
                       Target->noosTriple() + " (" + M->Dir +
                       ") does not exist: install the target libraries with "
                       "scripts/install-deps.sh, or link with --no-default-libs");
    LibraryArgs.push_back("-L" + Dir);
  }
  // The runtime, built per variant like the libraries: share/noos and
  // lib/noos are siblings in an installation (and in the build tree).
  if (!Args.hasArg(OPT_no_runtime) && !NoStdlib) {
    SmallString<256> RT(DB->dir());
    sys::path::append(RT, "..", "..", "lib", "noos");
    sys::path::append(RT, M->Dir);
    sys::path::remove_dots(RT, /*remove_dot_dot=*/true);
    SmallString<256> Lib(RT);
    sys::path::append(Lib, "libnoos.a");
    if (!sys::fs::exists(Lib))
      return makeError("the noos runtime for " + Target->noosTriple() + " (" +
                       M->Dir + ") is missing: '" + Lib +
                       "' does not exist; rebuild or reinstall noos, or link "
                       "with --no-runtime");
    LibraryArgs.push_back(("-L" + RT).str());
    RuntimeLibs.push_back("noos");
    if (Board) {
      SmallString<256> BoardLib(RT);
      sys::path::append(BoardLib, "libnoos-board-" + Board->Name + ".a");
      if (sys::fs::exists(BoardLib)) {
        RuntimeLibs.insert(RuntimeLibs.begin(), "noos-board-" + Board->Name);
        BoardLibPath = BoardLib.str().str();
      }
    }
    LinksRuntime = true;
    // Every mode is asked for by name, the default too, so the choice never
    // depends on which fault entry comes first in libnoos.a.
    if (Fault && !Fault->Symbol.empty())
      LibraryArgs.push_back("--undefined=" + Fault->Symbol);
    // The runtime's default handler (the vector table's entries nobody
    // defines, and entry.S's SVC and PendSV fallbacks without threads)
    // becomes the mode's: an alias, so that the default handler's own
    // code and strings stay out of the image.
    if (Fault && !Fault->DefaultHandler.empty())
      LibraryArgs.push_back("--defsym=noos_default_handler=" +
                            Fault->DefaultHandler);
  } else if (FaultArg) {
    warning("--fault-report has no effect without the noos runtime");
  }
  if (RuntimeLibs.empty() && NoLibs)
    return Error::success();
  LibraryArgs.push_back("--start-group");
  for (const std::string &L : RuntimeLibs) {
    // Nothing refers to the board library's hooks (the runtime has weak
    // defaults of its own), so the whole archive is linked: its objects
    // come first and their definitions win over the runtime's.
    bool IsBoard = StringRef(L).starts_with("noos-board-");
    if (IsBoard)
      LibraryArgs.push_back("--whole-archive");
    LibraryArgs.push_back("-l" + L);
    if (IsBoard)
      LibraryArgs.push_back("--no-whole-archive");
  }
  if (HasCXX && !NoLibs)
    for (const std::string &L : Target->Sysroot.CXXLibs)
      LibraryArgs.push_back("-l" + L);
  if (!NoLibs)
    for (const std::string &L : Target->Sysroot.Libs)
      LibraryArgs.push_back("-l" + L);
  LibraryArgs.push_back("--end-group");
  return Error::success();
}

/// With the runtime and no table of the program's own, the vector table is
/// generated: the target's system exceptions, then the board's interrupts.
ScriptParams Linker::scriptParams() const {
  ScriptParams P;
  P.Map = *Map;
  P.TargetTriple = Target->noosTriple();
  P.BoardName = Board ? Board->Name : "";
  P.Template = Template;
  P.TemplateName = Target->LinkerScript;
  P.AddressBits = Target->AddressBits;
  P.Vectors = vectorTable();
  // VTOR: a power of two at least the core's exceptions x 4 (at least 128,
  // which the layout asserts itself), whoever brings the table: the
  // interrupts the core has are the board's, or --irqs's when more.
  if (!Target->Exceptions.empty()) {
    unsigned IRQs = std::max(IRQCount, Board ? Board->IRQCount : 0u);
    uint64_t Bytes = 4 * (Target->Exceptions.size() + IRQs);
    uint64_t Align = PowerOf2Ceil(Bytes);
    if (Align > 128) {
      P.VectorAlign = Align;
      P.VectorAlignWhy = (Twine(Target->Exceptions.size()) + " exceptions and " +
                          Twine(IRQs) + " interrupts")
                             .str();
    }
  }
  return P;
}

std::vector<std::string> Linker::vectorTable() const {
  std::vector<std::string> V;
  if (!LinksRuntime || HasOwnVectors || Target->Exceptions.empty())
    return V;
  V = Target->Exceptions;
  // Without a board, every interrupt is unnamed: IRQ<n>_Handler.
  static const BoardInfo NoBoard;
  for (unsigned I = 0; I < IRQCount; ++I)
    V.push_back((Board ? *Board : NoBoard).irqHandler(I));
  return V;
}

/// --irqs=N: how many interrupt entries the generated vector table has.
/// Without it, the board's interrupt count (none without a board).
Error Linker::chooseIRQCount() {
  IRQCount = Board ? Board->IRQCount : 0;
  const opt::Arg *A = Args.getLastArg(OPT_irqs);
  if (!A)
    return Error::success();
  StringRef V = A->getValue();
  unsigned N;
  if (V.getAsInteger(10, N))
    return makeError("--irqs=" + V + " is not a count: give the number of "
                     "interrupt entries of the vector table, e.g. --irqs=16");
  if (Target->Exceptions.empty())
    return makeError("--irqs=" + V + ": " + Target->noosTriple() +
                     " has no generated vector table (its interrupts enter "
                     "through one exception vector): drop --irqs");
  if (N > Target->MaxIRQCount)
    return makeError("--irqs=" + V + " is more interrupts than " +
                     Target->noosTriple() + "'s interrupt controller has (" +
                     Twine(Target->MaxIRQCount) + "): use at most " +
                     Twine(Target->MaxIRQCount));
  if (!Map)
    warning("--irqs has no effect with a linker script of your own (-T "
            "FILE): the vector table is the script's");
  else if (!LinksRuntime)
    warning("--irqs has no effect without the noos runtime: no vector table "
            "is generated");
  else if (HasOwnVectors)
    warning("--irqs has no effect: an input brings its own vector table "
            "(.vectors or .isr_vector), so none is generated");
  IRQCount = N;
  if (!Map || !LinksRuntime || HasOwnVectors || !Board || N >= Board->IRQCount)
    return Error::success();
  // A handler of an interrupt left out would never run, and nothing else
  // would tell: the linker collects it as unreferenced. Any definition is
  // an error: in the objects and archives given, and in the board's library
  // (the micro:bit's TIMER0_IRQHandler keeps its time).
  StringMap<unsigned> LeftOut;
  for (unsigned I = N; I < Board->IRQCount; ++I)
    LeftOut.try_emplace(Board->irqHandler(I), I);
  std::vector<std::string> Files = InputPaths;
  if (!BoardLibPath.empty())
    Files.push_back(BoardLibPath);
  for (const ObjectContents &C :
       readObjectContents(Files, /*Symbols=*/true, /*Archives=*/true))
    for (const std::string &F : C.Functions)
      if (auto It = LeftOut.find(F); It != LeftOut.end())
        return makeError(F + " in " + C.Path + " handles IRQ " +
                         Twine(It->second) + ", which --irqs=" + V +
                         " leaves out of the vector table: link with --irqs=" +
                         Twine(It->second + 1) + " or more");
  return Error::success();
}

std::vector<const char *> Linker::lldArgs(StringRef ScriptPath,
                                          StringRef Output,
                                          ArrayRef<const char *> Extra) {
  // No RELRO: nothing write-protects an image after start-up, and LLD's
  // rule that RELRO sections be contiguous cannot hold when the GOT and
  // the init/fini arrays live in flash and .tdata in RAM.
  //
  // Debug information that points into a discarded section gets an address
  // nothing has (LLD's default tombstone is 0, where many boards' flash
  // starts, so a symbolizer would find collected functions at the start of
  // the image): the maximum, and one less in DWARF 4's range and location
  // lists, where the maximum would start a base-address entry. The last
  // matching pattern wins, so a -z dead-reloc-in-nonalloc of the user's
  // still does.
  std::vector<const char *> V = {ToolName, "-Bstatic", "--gc-sections",
                                 "-z", "max-page-size=4096", "-z", "norelro",
                                 "-z", "dead-reloc-in-nonalloc=.debug_*=0xffffffff",
                                 "-z", "dead-reloc-in-nonalloc=.debug_ranges=0xfffffffe",
                                 "-z", "dead-reloc-in-nonalloc=.debug_loc=0xfffffffe"};
  // Starting LLD's thread pool costs more than a small link gains from it.
  if (InputBytes < SmallLinkBytes)
    V.push_back("--threads=1");
  append_range(V, Passthrough);
  for (const std::string &A : LibraryArgs)
    V.push_back(A.c_str());
  if (!NoteFile.path().empty())
    V.push_back(Saver.save(NoteFile.path()).data());
  if (!ScriptPath.empty()) {
    V.push_back("-T");
    V.push_back(Saver.save(ScriptPath).data());
  }
  append_range(V, Extra);
  V.push_back("-o");
  V.push_back(Saver.save(Output).data());
  return V;
}

/// Removes what LLD leaves of its own temporary output when it stops early
/// (an error found while writing, a crash, a signal): FileOutputBuffer
/// writes <Output>.tmpXXXXXXX beside \p Output and the child exits without
/// discarding it. \p Output's name is unique, so the prefix is ours.
static void removeLLDTemps(StringRef Output) {
  SmallString<256> Dir(sys::path::parent_path(Output));
  if (Dir.empty())
    Dir = ".";
  std::string Prefix = (sys::path::filename(Output) + ".tmp").str();
  std::error_code EC;
  for (sys::fs::directory_iterator I(Dir, EC), E; I != E && !EC;
       I.increment(EC))
    if (sys::path::filename(I->path()).starts_with(Prefix))
      sys::fs::remove(I->path());
}

/// Whether \p Sig is a crash rather than a request to stop.
static bool isCrashSignal(int Sig) {
  return Sig == SIGSEGV || Sig == SIGBUS || Sig == SIGILL || Sig == SIGFPE ||
         Sig == SIGABRT || Sig == SIGTRAP || Sig == SIGSYS;
}

/// What is wrong with the ELF object \p Path in the ways that crash LLD
/// (relocations outside their section or symbol table, sections outside
/// the file), or "" if nothing is found.
template <class ELFT>
static std::string findCorruption(const object::ELFFile<ELFT> &F) {
  auto Secs = F.sections();
  if (!Secs)
    return toString(Secs.takeError());
  auto Name = [&](const typename ELFT::Shdr &S) {
    Expected<StringRef> N = F.getSectionName(S);
    if (N)
      return N->str();
    consumeError(N.takeError());
    return "section " + std::to_string(&S - Secs->begin());
  };
  uint64_t NumSyms = 0;
  for (const typename ELFT::Shdr &S : *Secs)
    if (S.sh_type == ELF::SHT_SYMTAB && S.sh_entsize)
      NumSyms = S.sh_size / S.sh_entsize;
  for (const typename ELFT::Shdr &S : *Secs) {
    if (S.sh_type != ELF::SHT_NOBITS &&
        (S.sh_offset > F.getBufSize() ||
         S.sh_size > F.getBufSize() - S.sh_offset))
      return Name(S) + " lies outside the file";
    if ((S.sh_flags & ELF::SHF_COMPRESSED) &&
        (S.sh_type == ELF::SHT_NOBITS || S.sh_size < sizeof(typename ELFT::Chdr)))
      return Name(S) + " is marked compressed (SHF_COMPRESSED) but holds no "
                       "compression header";
    if (S.sh_type != ELF::SHT_REL && S.sh_type != ELF::SHT_RELA)
      continue;
    if (S.sh_info >= Secs->size())
      return Name(S) + " applies to section " + std::to_string(S.sh_info) +
             ", which does not exist";
    const typename ELFT::Shdr &To = (*Secs)[S.sh_info];
    auto Check = [&](uint64_t Off, uint32_t Sym, size_t I) -> std::string {
      if (Off >= To.sh_size)
        return "relocation " + std::to_string(I) + " of " + Name(S) +
               " is at offset " + formatAddress(Off) + ", past the end of " +
               Name(To) + " (" + std::to_string(To.sh_size) + " bytes)";
      if (Sym >= NumSyms)
        return "relocation " + std::to_string(I) + " of " + Name(S) +
               " names symbol " + std::to_string(Sym) + " of " +
               std::to_string(NumSyms);
      return "";
    };
    size_t I = 0;
    if (S.sh_type == ELF::SHT_REL) {
      auto Rels = F.rels(S);
      if (!Rels)
        return toString(Rels.takeError());
      for (const typename ELFT::Rel &R : *Rels)
        if (std::string M = Check(R.r_offset, R.getSymbol(false), I++);
            !M.empty())
          return M;
    } else {
      auto Rels = F.relas(S);
      if (!Rels)
        return toString(Rels.takeError());
      for (const typename ELFT::Rela &R : *Rels)
        if (std::string M = Check(R.r_offset, R.getSymbol(false), I++);
            !M.empty())
          return M;
    }
  }
  return "";
}

std::string Linker::describeCrash(int Sig) const {
  std::string What = "LLD crashed (" + std::string(strsignal(Sig)) + ")";
  std::vector<StringRef> Objects;
  for (const InputInfo &I : Inputs)
    if (I.IsObject)
      Objects.push_back(I.Path);
  for (StringRef P : Objects) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(
        P, /*IsText=*/false, /*RequiresNullTerminator=*/false);
    if (!B)
      continue;
    std::string Why;
    StringRef Bytes = (*B)->getBuffer();
    if (Bytes.size() > ELF::EI_DATA &&
        Bytes[ELF::EI_CLASS] == ELF::ELFCLASS32 &&
        Bytes[ELF::EI_DATA] == ELF::ELFDATA2LSB) {
      if (auto F = object::ELFFile<object::ELF32LE>::create(Bytes))
        Why = findCorruption(*F);
      else
        Why = toString(F.takeError());
    } else if (Bytes.size() > ELF::EI_DATA &&
               Bytes[ELF::EI_CLASS] == ELF::ELFCLASS64 &&
               Bytes[ELF::EI_DATA] == ELF::ELFDATA2LSB) {
      if (auto F = object::ELFFile<object::ELF64LE>::create(Bytes))
        Why = findCorruption(*F);
      else
        Why = toString(F.takeError());
    }
    if (!Why.empty())
      return What + " on '" + P.str() + "', which is corrupt (" + Why +
             "): check that input, or rebuild it";
  }
  std::string List;
  std::vector<std::string> Paths;
  for (const opt::Arg *A : Args.filtered(OPT_INPUT))
    Paths.push_back(A->getValue());
  for (size_t I = 0; I < Paths.size() && I < 3; ++I)
    List += (I ? ", '" : "'") + Paths[I] + "'";
  if (Paths.size() > 3)
    List += " and " + std::to_string(Paths.size() - 3) + " more";
  return What + " linking " + List +
         ": an input is probably corrupt (ld.lld crashes on it too): check "
         "or rebuild " + (Paths.size() > 1 ? "them" : "it");
}

bool Linker::runLLD(ArrayRef<const char *> A, StringRef Output,
                    std::string &Diags) {
  if (Args.hasArg(OPT_verbose)) {
    Err << "ld.lld";
    for (const char *S : A.drop_front())
      Err << " " << S;
    Err << "\n";
  }
  // LLD runs in a forked child that exits the moment the output is
  // written, as the standalone ld.lld does: tearing down a large link's
  // state in-process (every input file's objects) costs about a tenth of
  // the link. The child shares everything already loaded; its diagnostics
  // come back through a pipe, and what it writes to stderr (LLVM's crash
  // report) through another.
  //
  // SIGINT, SIGTERM and SIGHUP are held while the child runs and read
  // through a signalfd: the child is stopped, what it wrote removed, and
  // the signal re-raised once noos-ld has cleaned up (linkerMain).
  Out.flush();
  Err.flush();
  sigset_t Stop, OldMask;
  sigemptyset(&Stop);
  for (int S : {SIGINT, SIGTERM, SIGHUP})
    sigaddset(&Stop, S);
  ::pthread_sigmask(SIG_BLOCK, &Stop, &OldMask);
  int SigFD = ::signalfd(-1, &Stop, SFD_CLOEXEC);
  int Pipe[2] = {-1, -1}, ErrPipe[2] = {-1, -1};
  pid_t Pid = -1;
  pid_t Parent = ::getpid();
  if (SigFD >= 0 && ::pipe2(Pipe, O_CLOEXEC) == 0) {
    if (::pipe2(ErrPipe, O_CLOEXEC) == 0)
      Pid = ::fork();
    if (Pid < 0)
      for (int FD : {Pipe[0], Pipe[1], ErrPipe[0], ErrPipe[1]})
        if (FD >= 0)
          ::close(FD);
  }
  if (Pid < 0) { // no fork: link in-process
    checkDatabase();
    if (SigFD >= 0)
      ::close(SigFD);
    ::pthread_sigmask(SIG_SETMASK, &OldMask, nullptr);
    raw_string_ostream DiagOS(Diags);
    lld::Result R = lld::lldMain(A, Out, DiagOS, {{lld::Gnu, &lld::elf::link}});
    DiagOS.flush();
    if (R.retCode != 0)
      removeLLDTemps(Output);
    return R.retCode == 0;
  }
  if (Pid == 0) {
    // Stopped with noos-ld, whatever kills it: LLVM's handler then removes
    // the temporaries the child knows of.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    ::pthread_sigmask(SIG_SETMASK, &OldMask, nullptr);
    if (::getppid() != Parent)
      ::_exit(1);
    ::close(Pipe[0]);
    ::close(ErrPipe[0]);
    ::close(SigFD);
    ::dup2(ErrPipe[1], STDERR_FILENO);
    ::close(ErrPipe[1]);
    raw_fd_ostream DiagOS(Pipe[1], /*shouldClose=*/true, /*unbuffered=*/true);
    bool OK = lld::elf::link(A, Out, DiagOS, /*exitEarly=*/true,
                             /*disableOutput=*/false);
    Out.flush();
    DiagOS.flush();
    ::_exit(OK ? 0 : 1);
  }
  ::close(Pipe[1]);
  ::close(ErrPipe[1]);
  // While LLD links, read what the checks need of the inputs and check the
  // rest of the database (LLD's diagnostics wait in the pipe meanwhile).
  if (CheckInputs)
    CheckInputs->readHeaders();
  checkDatabase();
  std::string ChildErr;
  bool Open[2] = {true, true};
  bool Killed = false;
  auto Drain = [](int FD, short Revents, std::string &To, bool &IsOpen) {
    if (!(Revents & (POLLIN | POLLHUP | POLLERR)))
      return;
    char Buf[4096];
    ssize_t N = ::read(FD, Buf, sizeof(Buf));
    if (N > 0)
      To.append(Buf, size_t(N));
    else if (N == 0 || errno != EINTR)
      IsOpen = false;
  };
  while (Open[0] || Open[1]) {
    pollfd P[3] = {{Open[0] ? Pipe[0] : -1, POLLIN, 0},
                   {Open[1] ? ErrPipe[0] : -1, POLLIN, 0},
                   {SigFD, POLLIN, 0}};
    // A child asked to stop gets two seconds before SIGKILL.
    int N = ::poll(P, 3, Interrupted && !Killed ? 2000 : -1);
    if (N < 0 && errno == EINTR)
      continue;
    if (N < 0)
      break;
    if (N == 0) {
      ::kill(Pid, SIGKILL);
      Killed = true;
      continue;
    }
    if (P[2].revents & POLLIN) {
      signalfd_siginfo SI;
      if (::read(SigFD, &SI, sizeof(SI)) == ssize_t(sizeof(SI)) &&
          !Interrupted) {
        Interrupted = int(SI.ssi_signo);
        ::kill(Pid, SIGTERM);
      }
    }
    Drain(Pipe[0], P[0].revents, Diags, Open[0]);
    Drain(ErrPipe[0], P[1].revents, ChildErr, Open[1]);
  }
  ::close(Pipe[0]);
  ::close(ErrPipe[0]);
  int Status = 0;
  while (::waitpid(Pid, &Status, 0) < 0 && errno == EINTR) {
  }
  bool OK = WIFEXITED(Status) && WEXITSTATUS(Status) == 0 && !Interrupted;
  if (!OK)
    removeLLDTemps(Output);
  // A signal that comes now finds LLVM's handler, which removes the
  // temporaries noos-ld registered.
  ::close(SigFD);
  ::pthread_sigmask(SIG_SETMASK, &OldMask, nullptr);
  if (Interrupted)
    return false;
  if (WIFSIGNALED(Status)) {
    int Sig = WTERMSIG(Status);
    // LLVM's multi-line crash report (a stack dump asking to report to
    // llvm-project) stays in ChildErr: one line says it.
    if (isCrashSignal(Sig))
      Diags += std::string(ToolName) + ": error: " + describeCrash(Sig) + "\n";
    else
      Diags += std::string(ToolName) + ": error: LLD was stopped by signal " +
               std::to_string(Sig) + " (" + strsignal(Sig) +
               ") before it finished: link again\n";
    return false;
  }
  Diags += ChildErr; // e.g. "LLVM ERROR: out of memory"
  return OK;
}

static bool isOverflow(StringRef Diags) {
  return Diags.contains("will not fit in region") ||
         Diags.contains("overflowed by");
}

int Linker::reportOverflow(StringRef LLDDiags) {
  // Relink with every region unbounded and a map file, to measure by how
  // much each region overflows and what fills it.
  ScriptParams P = scriptParams();
  P.Unbounded = true;
  TempFile S, Img, MapFile;
  if (Error E = S.createTemp("noos-measure", "ld"))
    return fail(std::move(E));
  if (Error E = writeFile(S.path(), script(P)))
    return fail(std::move(E));
  if (Error E = Img.createTemp("noos-measure", "elf"))
    return fail(std::move(E));
  if (Error E = MapFile.createTemp("noos-measure", "map"))
    return fail(std::move(E));
  std::string MapArg = "-Map=" + MapFile.path();
  const char *Extra[] = {"--no-check-sections", Saver.save(MapArg).data()};
  std::string Diags;
  if (!runLLD(lldArgs(S.path(), Img.path(), Extra), Img.path(), Diags)) {
    if (Interrupted)
      return 1;
    // Not measurable: something else failed too, e.g. a layout assertion.
    // Show what LLD said, without its "will not fit" line per output
    // section (one for every section after the overflow): the other
    // errors name the problem.
    std::string Kept;
    SmallVector<StringRef, 0> Lines;
    StringRef(LLDDiags).split(Lines, '\n', -1, /*KeepEmpty=*/false);
    for (StringRef L : Lines)
      if (!L.contains("will not fit in region"))
        Kept += (L + "\n").str();
    Err << (Kept.empty() ? std::string(LLDDiags) : Kept);
    return 1;
  }
  ErrorOr<std::unique_ptr<MemoryBuffer>> ImgBuf = MemoryBuffer::getFile(Img.path());
  ErrorOr<std::unique_ptr<MemoryBuffer>> MapBuf = MemoryBuffer::getFile(MapFile.path());
  if (!ImgBuf || !MapBuf) {
    Err << LLDDiags;
    return 1;
  }
  Expected<std::unique_ptr<object::ObjectFile>> Obj =
      object::ObjectFile::createObjectFile((*ImgBuf)->getMemBufferRef());
  if (!Obj)
    return fail(Obj.takeError());
  auto *ELF = cast<object::ELFObjectFileBase>(Obj->get());
  std::vector<Region> Regions = reportRegions(*Map);
  Expected<std::vector<RegionUsage>> Usage = computeUsage(*ELF, Regions);
  if (!Usage)
    return fail(Usage.takeError());
  std::vector<InputSectionInfo> Sections =
      parseLLDMap((*MapBuf)->getBuffer(), ELF);
  unsigned Reported = 0;
  for (const RegionUsage &U : *Usage) {
    if (!U.overflows())
      continue;
    ++Reported;
    error(describeOverflow(U, largestInputs(Sections, U.R, 5, Regions)));
  }
  if (!Reported)
    Err << LLDDiags; // LLD saw an overflow we could not attribute
  if (Args.hasArg(OPT_print_memory_usage))
    printUsageTable(Out, *Usage);
  if (Error E = writeMemoryReport(*ELF, *Usage))
    return fail(std::move(E));
  return 1;
}

/// The layout's assertion that .data and .tdata, copied as one block, have
/// nothing between them (linker-scripts/arm-m.ld).
static constexpr char DataGapAssert[] =
    "noos: .data and .tdata are copied as one block";

int Linker::reportDataGap(StringRef LLDDiags) {
  // Relink with the assertion a warning and orphans reported, to see what
  // landed between .data and .tdata: usually a writable section the
  // layout does not name, which LLD puts after .data.
  TempFile Img;
  if (Error E = Img.createTemp("noos-measure", "elf"))
    return fail(std::move(E));
  const char *Extra[] = {"--noinhibit-exec", "--orphan-handling=warn"};
  std::string Diags;
  bool OK = runLLD(lldArgs(ScriptFile.path(), Img.path(), Extra), Img.path(),
                   Diags);
  if (Interrupted)
    return 1;
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
      OK ? MemoryBuffer::getFile(Img.path())
         : ErrorOr<std::unique_ptr<MemoryBuffer>>(
               std::make_error_code(std::errc::io_error));
  Expected<std::unique_ptr<object::ObjectFile>> Obj =
      Buf ? object::ObjectFile::createObjectFile((*Buf)->getMemBufferRef())
          : Expected<std::unique_ptr<object::ObjectFile>>(
                makeError("not linked"));
  if (!Obj) {
    consumeError(Obj.takeError());
    Err << LLDDiags;
    return 1;
  }
  // The output sections between .data and .tdata, in address order.
  std::vector<std::string> Between;
  bool AfterData = false;
  for (const object::SectionRef &Sec : (*Obj)->sections()) {
    Expected<StringRef> Name = Sec.getName();
    if (!Name) {
      consumeError(Name.takeError());
      continue;
    }
    if (*Name == ".tdata")
      break;
    if (AfterData && Sec.getSize() != 0)
      Between.push_back(Name->str());
    if (*Name == ".data")
      AfterData = true;
  }
  // LLD's other diagnostics stay; its line for the assertion gives way to
  // the errors below.
  std::string Others;
  {
    SmallVector<StringRef, 0> Lines;
    StringRef(LLDDiags).split(Lines, '\n', -1, /*KeepEmpty=*/false);
    for (StringRef L : Lines)
      if (!L.contains(DataGapAssert))
        Others += (L + "\n").str();
  }
  // "<input>:(<section>) is being placed in '<output section>'"
  unsigned Reported = 0;
  for (const std::string &Out : Between) {
    std::string From;
    SmallVector<StringRef, 0> Lines;
    StringRef(Diags).split(Lines, '\n');
    std::string Tail = ") is being placed in '" + Out + "'";
    for (StringRef L : Lines) {
      if (!L.ends_with(Tail))
        continue;
      L = L.drop_back(Tail.size());
      size_t Open = L.rfind(":(");
      size_t Colon = L.find("warning: ");
      if (Open == StringRef::npos || Colon == StringRef::npos)
        continue;
      StringRef File = L.slice(Colon + 9, Open);
      From += (From.empty() ? "" : ", ") + ("'" + File + "'").str();
    }
    std::string Suggest =
        ".data." + (StringRef(Out).starts_with(".") ? Out.substr(1) : Out);
    if (!Reported)
      Err << Others;
    error("section " + Out + (From.empty() ? "" : " (from " + From + ")") +
          " is not placed by the layout, and the linker put it between "
          ".data and .tdata, which startup code copies as one block: name "
          "it " + Suggest + " (e.g. __attribute__((section(\"" + Suggest +
          "\")))), or place it with a linker script of your own (-T)");
    ++Reported;
  }
  if (!Reported)
    Err << LLDDiags; // over-alignment, or something else: LLD's words
  return 1;
}

Error Linker::writeMemoryReport(const object::ELFObjectFileBase &Image,
                                ArrayRef<RegionUsage> Usage) {
  const opt::Arg *A = Args.getLastArg(OPT_memory_report);
  if (!A)
    return Error::success();
  std::string S;
  raw_string_ostream OS(S);
  writeJSONReport(OS, Target->noosTriple(), Board ? Board->Name : "", Usage,
                  Image);
  OS << "\n";
  return writeFileAtomic(A->getValue(), S);
}

Error Linker::chooseStackCheck() {
  if (const opt::Arg *A = Args.getLastArg(OPT_stack_check)) {
    StringRef V = A->getValue();
    if (V == "none")
      StackCheck = StackMode::None;
    else if (V == "warn")
      StackCheck = StackMode::Warn;
    else if (V == "error")
      StackCheck = StackMode::Error;
    else if (V == "strict")
      StackCheck = StackMode::Strict;
    else
      return makeError("--stack-check=" + V +
                       " is not a mode: use error, warn, strict or none");
  }
  // The runtime's own notes (runtime/stack-notes.txt), then the
  // program's, which replace them function by function.
  SmallString<256> Shipped(DB->dir());
  sys::path::append(Shipped, "stack-notes.txt");
  if (ErrorOr<std::unique_ptr<MemoryBuffer>> B = MemoryBuffer::getFile(Shipped)) {
    Expected<StackAnnotations> N =
        parseStackAnnotations((*B)->getBuffer(), Shipped);
    if (!N)
      return N.takeError();
    StackNotes = std::move(*N);
  }
  if (const opt::Arg *A = Args.getLastArg(OPT_stack_annotations)) {
    ErrorOr<std::unique_ptr<MemoryBuffer>> B =
        MemoryBuffer::getFile(A->getValue());
    if (!B)
      return makeError("--stack-annotations: cannot read '" +
                       Twine(A->getValue()) + "': " + B.getError().message());
    Expected<StackAnnotations> N =
        parseStackAnnotations((*B)->getBuffer(), A->getValue());
    if (!N)
      return N.takeError();
    for (auto &KV : N->IndirectTargets)
      StackNotes.IndirectTargets[KV.getKey()] = std::move(KV.getValue());
    for (auto &KV : N->Sizes)
      StackNotes.Sizes[KV.getKey()] = KV.getValue();
    for (auto &KV : N->MaxRecursion)
      StackNotes.MaxRecursion[KV.getKey()] = KV.getValue();
    append_range(StackNotes.Levels, N->Levels);
    for (const auto &KV : N->StackSwitch)
      StackNotes.StackSwitch.insert(KV.getKey());
    append_range(StackNotes.Stacks, N->Stacks);
    append_range(StackNotes.Roots, N->Roots);
  }
  return Error::success();
}

// The image LLD wrote, which must be ELF: its bytes, writable (the stack
// check fills in automatic thread stack sizes), and the object over them.
struct LinkedImage {
  std::unique_ptr<WritableMemoryBuffer> Buf;
  std::unique_ptr<object::ObjectFile> Obj;
  const object::ELFObjectFileBase &elf() const {
    return *cast<object::ELFObjectFileBase>(Obj.get());
  }
};

static Expected<LinkedImage> readLinkedImage(StringRef Path) {
  ErrorOr<std::unique_ptr<WritableMemoryBuffer>> Buf =
      WritableMemoryBuffer::getFile(Path);
  if (!Buf)
    return makeError("cannot read the linked image: " + Buf.getError().message());
  Expected<std::unique_ptr<object::ObjectFile>> Obj =
      object::ObjectFile::createObjectFile((*Buf)->getMemBufferRef());
  if (!Obj)
    return Obj.takeError();
  if (!isa<object::ELFObjectFileBase>(Obj->get()))
    return makeError("LLD did not produce an ELF image");
  return LinkedImage{std::move(*Buf), std::move(*Obj)};
}

StackFrameSizes Linker::stackFrames() const {
  bool FP = FPKind != "none";
  StackFrameSizes Frames;
  Frames.Exception = Target->stackFrame(FP ? "exception-fp" : "exception");
  Frames.Switch = Target->stackFrame(FP ? "switch-fp" : "switch");
  Frames.Canary = Target->stackFrame("canary");
  Frames.Named = Target->StackFrames;
  return Frames;
}

// --stack-size=auto: the main stack's need in the first link's image (the
// reset path plus every handler nesting on it, the bound the stack check
// warns against), with the margin automatic thread stacks get, rounded to
// 16 bytes (every target's stack alignment divides it). None, with a
// warning, where the need is unbounded: the default size stays.
Expected<std::optional<uint64_t>> Linker::autoMainStack(StringRef TmpELF) {
  Expected<LinkedImage> L = readLinkedImage(TmpELF);
  if (!L)
    return L.takeError();
  Expected<StackResult> R = analyzeStack(L->elf(), StackNotes, stackFrames());
  if (!R)
    return makeError("--stack-size=auto needs the stack analysis, which "
                     "failed: " + toString(R.takeError()) +
                     "; give the size instead (--stack-size=SIZE)");
  if (!R->MainStack || R->MainStack->Parts.empty()) {
    warning("--stack-size=auto: the main stack's need could not be found "
            "(no reset path in the image): it keeps the default, " +
            Twine(Map->StackSize) + " bytes");
    return std::nullopt;
  }
  const StackTotal &T = *R->MainStack;
  if (!T.bounded()) {
    std::string Why;
    for (const StackRoot *P : T.Parts)
      if (!P->Unknown.empty()) {
        Why = P->Unknown.front();
        break;
      }
    warning("--stack-size=auto: the main stack's need is unknown, so it "
            "keeps the default, " + Twine(Map->StackSize) + " bytes" +
            (Why.empty() ? Twine("") : Twine(": ") + Why));
    return std::nullopt;
  }
  return alignTo(T.Need + Target->stackFrame("auto-margin"), 16);
}

// The generated script, to the file LLD reads and to --emit-script's (a
// second --stack-size=auto link's replaces the first's).
Error Linker::writeScript() {
  Script = script(scriptParams());
  if (const opt::Arg *A = Args.getLastArg(OPT_emit_script)) {
    if (StringRef(A->getValue()) == "-") {
      // With --stack-size=auto, only the script of the last link.
      if (!AutoMainStack)
        Out << Script;
    } else if (Error E = writeFileAtomic(A->getValue(), Script))
      return E;
  }
  if (ScriptFile.path().empty())
    if (Error E = ScriptFile.createTemp("noos", "ld"))
      return E;
  return writeFile(ScriptFile.path(), Script);
}

Error Linker::checkStacks(const object::ELFObjectFileBase &Image,
                          MutableArrayRef<char> File, bool &Patched) {
  bool Print = Args.hasArg(OPT_print_stack_usage);
  const opt::Arg *Report = Args.getLastArg(OPT_stack_report);
  if (StackCheck == StackMode::None && !Print && !Report)
    return Error::success(); // --stack-check=none costs nothing
  // The frames the hardware and the context switch push, with FP state
  // where the program may use the FPU (targets.json's "stack-frames").
  Expected<StackResult> R = analyzeStack(Image, StackNotes, stackFrames());
  if (!R)
    return R.takeError();
  if (Print)
    printStackTable(Out, *R);
  if (Report) {
    std::string S;
    raw_string_ostream OS(S);
    writeStackJSON(OS, *R);
    OS << "\n";
    if (Error E = writeFileAtomic(Report->getValue(), S))
      return E;
  }
  // Automatic thread stacks: the record of a call with stack size 0, or a
  // size not known at link time (0 at run time: a pthread attribute's, a
  // noos::thread's options), gets the rounded need plus the margin, which
  // the creation takes when the size it is given is 0.
  unsigned W = Image.getBytesInAddress();
  for (const StackRoot &Root : R->Roots) {
    if (Root.Kind != StackRoot::Thread || (Root.Have && *Root.Have) ||
        !Root.bounded())
      continue;
    uint64_t Size = alignTo(Root.total() + Target->stackFrame("auto-margin"), 8);
    for (const object::SectionRef &S : Image.sections()) {
      uint64_t At = Root.Site + 3 * W;
      if (At < S.getAddress() || At + W > S.getAddress() + S.getSize() ||
          S.isBSS() || S.isVirtual())
        continue;
      uint64_t Off = cast<object::ELFSectionRef>(S).getOffset() +
                     (At - S.getAddress());
      if (Off + W > File.size())
        break;
      for (unsigned I = 0; I < W; ++I)
        File[Off + (Image.isLittleEndian() ? I : W - 1 - I)] =
            char(Size >> (8 * I));
      Patched = true;
      break;
    }
  }
  if (StackCheck == StackMode::None)
    return Error::success();
  bool Loud = StackCheck == StackMode::Warn || StackCheck == StackMode::Strict;
  unsigned Errors = 0;
  auto report = [&](bool IsError, const Twine &Msg) {
    if (IsError)
      ++Errors;
    Err << ToolName << (IsError ? ": error: " : ": warning: ") << Msg << "\n";
  };
  if (Loud)
    for (const StackWarning &W : R->Warnings)
      report(StackCheck == StackMode::Strict,
          "stack size of " + W.Function + ": " + W.Message);
  if (R->MainStack && R->MainStack->Have && !R->MainStack->Parts.empty()) {
    const StackTotal &T = *R->MainStack;
    // The error stands on the reset path alone, which certainly runs, with
    // what an interrupt or a switch saves on it where handlers run on
    // stacks of their own (AArch64, RISC-V: its exception and switch
    // frames; none on Cortex-M, whose handlers are summed below); the
    // handlers nesting on top of it are added as every handler its own
    // priority level, an upper bound that is reported, not enforced.
    const StackRoot &Main = *T.Parts[0];
    if (Main.total() > *T.Have)
      report(StackCheck != StackMode::Warn,
          "the main stack needs " + Twine(Main.total()) + " bytes" +
              (Main.bounded() ? "" : " or more") + ", it has " +
              Twine(*T.Have) + ":\n  " + formatStackPath(Main.Path, 12) +
              "\n  give it a larger stack (--stack-size), or link with "
              "--stack-check=warn");
    else if (Loud && T.Need > *T.Have)
      report(StackCheck == StackMode::Strict,
          "the main stack needs " + Twine(T.Need) + " bytes" +
              (T.bounded() ? "" : " or more") + " if all " +
              Twine(T.Parts.size() - 1) + " handlers nest, it has " +
              Twine(*T.Have) + ": give it a larger stack (--stack-size)");
  }
  // The handlers' own stacks (SP_EL1, the trap stack): an error where one
  // root alone does not fit, a warning where all of them nesting may not.
  for (const StackTotal &T : R->Stacks) {
    if (!T.Have || T.Parts.empty())
      continue;
    const StackRoot *Big = T.Parts[0];
    for (const StackRoot *P : T.Parts)
      if (P->total() > Big->total())
        Big = P;
    if (Big->total() > *T.Have)
      report(StackCheck != StackMode::Warn,
          "the " + T.Name + " stack needs " + Twine(Big->total()) +
              " bytes" + (Big->bounded() ? "" : " or more") + " for " +
              Big->Name + ", it has " + Twine(*T.Have) + ":\n  " +
              formatStackPath(Big->Path, 12) + " + entry " +
              Twine(Big->ExceptionFrame) +
              "\n  make the handlers' calls shallower, or link with "
              "--stack-check=warn");
    else if (Loud && T.Need > *T.Have)
      report(StackCheck == StackMode::Strict,
          "the " + T.Name + " stack needs " + Twine(T.Need) + " bytes" +
              (T.bounded() ? "" : " or more") + " if all " +
              Twine(T.Parts.size()) + " of its roots nest, it has " +
              Twine(*T.Have));
  }
  for (const StackRoot &Root : R->Roots) {
    if (Root.Kind != StackRoot::Thread || !Root.Have)
      continue;
    std::string Who = (Root.ThreadName.empty() ? "thread" : "thread \"" +
                       Root.ThreadName + "\"") + " (" + Root.Name + ")";
    std::string Path = formatStackPath(Root.Path, 12) + " + switch frame " +
                       std::to_string(Root.SwitchFrame) +
                       " + exception frame " +
                       std::to_string(Root.ExceptionFrame);
    if (*Root.Have && Root.total() > *Root.Have)
      report(StackCheck != StackMode::Warn,
          Who + " needs " + Twine(Root.total()) + " bytes of stack" +
              (Root.bounded() ? "" : " or more") + ", it has " +
              Twine(*Root.Have) + ":\n  " + Path +
              (Root.Via.empty()
                   ? "\n  give it a larger stack, or 0 to let noos size it "
                     "(noos_thread_create)"
                   : "\n  give it a larger stack with "
                     "pthread_attr_setstacksize, or 0 there to let noos "
                     "size it (pthread_create; thrd_create's threads get "
                     "NOOS_STACK_DEFAULT)"));
    else if (!*Root.Have && !Root.bounded())
      report(StackCheck == StackMode::Strict,
          Who + " has an automatic stack (size 0) but its need is "
              "unknown, so it gets the default: " + Root.Unknown.front());
  }
  if (Loud)
    for (const StackRoot &Root : R->Roots)
      for (const std::string &U : Root.Unknown)
        report(StackCheck == StackMode::Strict,
            "stack need of " + Root.Name + " is unknown: " + U);
  if (Errors)
    return makeError("the stack check failed; no image written "
                     "(--stack-check=warn links anyway)");
  return Error::success();
}

Error Linker::finishImage(StringRef TmpELF, bool &Overflow) {
  Expected<LinkedImage> L = readLinkedImage(TmpELF);
  if (!L)
    return L.takeError();
  const object::ELFObjectFileBase *Image = &L->elf();
  std::unique_ptr<WritableMemoryBuffer> &Buf = L->Buf;

  // Thumb call addresses and ABI mixing.
  if ((Target->ThumbChecks || Target->StoredLabelCheck) &&
      Checks != CheckMode::Off) {
    DiagSink Diag{Err, ToolName, Checks};
    if (Target->ThumbChecks)
      runThumbChecks(*Image, *CheckInputs, Diag); // made before the link
    else
      runStoredLabelCheck(*Image, *CheckInputs, Diag);
    if (Diag.Errors)
      return makeError(Twine(Diag.Errors) + " Thumb check" +
                       (Diag.Errors > 1 ? "s" : "") +
                       " failed; no image written (--thumb-checks=warn "
                       "links anyway)");
  }

  if (Target->StackCheck) {
    bool Patched = false;
    if (Error E = checkStacks(*Image, Buf->getBuffer(), Patched))
      return E;
    if (Patched) {
      // Rewritten in place, not truncated: the buffer may map the file.
      int FD;
      if (std::error_code EC = sys::fs::openFileForReadWrite(
              TmpELF, FD, sys::fs::CD_OpenExisting, sys::fs::OF_None))
        return makeError("cannot write the automatic stack sizes: " +
                         EC.message());
      std::string Copy(Buf->getBufferStart(), Buf->getBufferSize());
      raw_fd_ostream OS(FD, /*shouldClose=*/true);
      OS << Copy;
      OS.close();
      if (OS.has_error())
        return makeError("cannot write the automatic stack sizes: " +
                         OS.error().message());
    }
  }

  if (Map) {
    Expected<std::vector<RegionUsage>> Usage =
        computeUsage(*Image, reportRegions(*Map));
    if (!Usage)
      return Usage.takeError();
    // LLD checks the regions it fills; this also catches what it does not
    // see (a load image that spills while its run image fits).
    if (any_of(*Usage, [](const RegionUsage &U) { return U.overflows(); })) {
      Overflow = true;
      return Error::success();
    }
    if (Args.hasArg(OPT_print_memory_usage))
      printUsageTable(Out, *Usage);
    if (Error E = writeMemoryReport(*Image, *Usage))
      return E;
  }

  if (Format == ImageFormat::ELF)
    return Error::success();
  std::string Bytes;
  raw_string_ostream OS(Bytes);
  if (Error E = writeImage(*Image, Format, ImgOpts, OS))
    return E;
  OS.flush();
  if (Error E = Output->createTemp(ImageTmp))
    return E;
  return writeFile(ImageTmp.path(), Bytes);
}

int Linker::run(ArrayRef<const char *> Argv, void *MainAddr) {
  SmallVector<const char *, 64> ArgVec(Argv.drop_front());
  cl::ExpansionContext ECtx(Alloc, cl::TokenizeGNUCommandLine);
  if (Error E = ECtx.expandResponseFiles(ArgVec))
    return fail(std::move(E));

  NoosLdOptTable Table;
  unsigned MissingIndex, MissingCount;
  Args = Table.ParseArgs(ArgVec, MissingIndex, MissingCount);
  if (MissingCount) {
    error(Twine("option '") + Args.getArgString(MissingIndex) +
          "' needs a value");
    return 1;
  }
  if (Args.hasArg(OPT_help)) {
    Table.printHelp(Out, "noos-ld [options] <inputs>",
                    "noos linker driver: memory-map-driven links with LLD; "
                    "options it does not list go to LLD unchanged");
    return 0;
  }
  if (Args.hasArg(OPT_version)) {
    Out << Version << "\n";
    return 0;
  }

  std::string DataDir = Args.getLastArgValue(OPT_data_dir).str();
  if (DataDir.empty())
    DataDir = Database::defaultDir(Argv[0], MainAddr);
  // The target and the board are read first; the rest of targets.json is
  // checked while LLD links (checkDatabase), off the critical path.
  Expected<Database> D = Database::open(DataDir, Database::Load::OnDemand);
  if (!D)
    return fail(D.takeError());
  DB.emplace(std::move(*D));

  if (Args.hasArg(OPT_list_boards)) {
    for (const std::string &N : DB->boardNames()) {
      Expected<BoardInfo> B = DB->board(N);
      if (!B)
        return fail(B.takeError());
      Out << left_justify(N, 16) << " " << left_justify(B->Target, 20) << " "
          << B->Description << "\n";
    }
    return 0;
  }

  // What is not ours goes to LLD, in order and as spelled.
  for (const opt::Arg *A : Args) {
    const opt::Option &O = A->getOption();
    unsigned ID = O.getID();
    bool Ours = ID != OPT_INPUT && ID != OPT_UNKNOWN &&
                !O.matches(OPT_passthrough);
    if (ID == OPT_text_start && !looksLikeNumber(A->getValue()))
      Ours = false; // -T script.ld
    if (ID == OPT_rounding && !looksLikeNumber(A->getValue())) {
      // -R FILE: GNU ld's --just-symbols (LLD would read it as -rpath).
      Passthrough.push_back(Saver.save("--just-symbols=" + Twine(A->getValue())).data());
      continue;
    }
    if (Ours)
      continue;
    opt::ArgStringList Rendered;
    A->render(Args, Rendered);
    append_range(Passthrough, Rendered);
  }
  const opt::Arg *BoardArg = Args.getLastArg(OPT_board);
  bool HasOwnMap = Args.hasArg(OPT_mem_ram) || Args.hasArg(OPT_mem_flash) ||
                   Args.hasArg(OPT_p_script) || Args.hasArg(OPT_p_script_eq) ||
                   any_of(Args.filtered(OPT_text_start), [](const opt::Arg *A) {
                     return !looksLikeNumber(A->getValue());
                   });
  if (!BoardArg && !HasOwnMap)
    BoardArg = Args.getLastArg(OPT_default_board);
  if (BoardArg) {
    Expected<BoardInfo> B = DB->board(BoardArg->getValue());
    if (!B)
      return fail(B.takeError());
    Board = std::move(*B);
  }
  if (Error E = inspectInputs())
    return fail(std::move(E));
  if (InputBytes >= SmallLinkBytes)
    heapOnHugePages();
  if (Args.filtered(OPT_INPUT).empty())
    return fail(makeError("no input files: give the object files and "
                          "archives to link"));
  if (Error E = chooseCheckMode())
    return fail(std::move(E));
  if (Error E = markThumbLabelInputs())
    return fail(std::move(E));
  if (Error E = chooseStackCheck())
    return fail(std::move(E));
  if (Error E = chooseTarget())
    return fail(std::move(E));
  if (Error E = buildMemoryMap())
    return fail(std::move(E));
  if (Error E = chooseOutput())
    return fail(std::move(E));
  if (Error E = chooseLibraries())
    return fail(std::move(E));
  if (Error E = chooseIRQCount())
    return fail(std::move(E));
  warnNearMissHandlers();
  warnScriptWithoutExidx();
  warnFlagTrickSections();

  // The generated script; --emit-script writes it even if the link fails,
  // so the layout can be inspected.
  if (Map) {
    if (Error E = writeScript())
      return fail(std::move(E));
  } else if (Args.hasArg(OPT_emit_script)) {
    return fail(makeError("--emit-script: no script is generated when a "
                          "linker script is given (-T FILE)"));
  } else {
    for (unsigned O : {unsigned(OPT_print_memory_usage),
                       unsigned(OPT_memory_report)})
      if (const opt::Arg *A = Args.getLastArg(O))
        warning(A->getSpelling().rtrim('=') + " is ignored with a linker script of "
                "your own (-T FILE): noos-ld knows no memory regions then");
  }

  // The note recording target and board, in an object of the target's
  // ELF class.
  if (Target->ELFMachine == ELF::EM_ARM || Target->ELFMachine == ELF::EM_RISCV ||
      Target->ELFMachine == ELF::EM_AARCH64) {
    uint32_t Flags = Target->ELFMachine == ELF::EM_ARM ? ELF::EF_ARM_EABI_VER5 : 0;
    // The ABI's e_flags where LLD refuses to mix objects that differ in
    // them (RISC-V's float ABI and RVE: "abi-elf-flags"): --mabi's, else
    // the first object's, else the target's default ABI's.
    if (!Target->ABIELFFlags.empty()) {
      uint32_t Mask = 0;
      for (const auto &KV : Target->ABIELFFlags)
        Mask |= KV.second;
      const InputInfo *First = nullptr;
      for (const InputInfo &I : Inputs)
        if (I.IsObject && I.Machine == Target->ELFMachine) {
          First = &I;
          break;
        }
      std::string ABI = Board && !Board->ABI.empty() ? Board->ABI : Target->ABI;
      if (const opt::Arg *A = Args.getLastArg(OPT_mabi))
        ABI = A->getValue();
      if (auto It = Target->ABIELFFlags.find(ABI);
          It != Target->ABIELFFlags.end())
        Flags = It->second;
      if (First && !Args.hasArg(OPT_mabi))
        Flags = First->EFlags & Mask;
    }
    if (Error E = NoteFile.createTemp("noos-note", "o"))
      return fail(std::move(E));
    if (Error E = writeFile(NoteFile.path(),
                            makeNoteObject(Target->ELFMachine, Flags,
                                           Target->AddressBits == 64,
                                           Target->noosTriple(),
                                           Board ? Board->Name : "")))
      return fail(std::move(E));
  }

  // Link into a temporary beside the output; nothing appears at the output
  // path unless everything succeeds.
  TempFile TmpELF;
  const OutputTarget *ELFTarget =
      Format == ImageFormat::ELF ? &*Output : ELFOut ? &*ELFOut : nullptr;
  if (Error E = ELFTarget ? ELFTarget->createTemp(TmpELF)
                          : TmpELF.createTemp("noos-image", "elf"))
    return fail(std::move(E));
  std::string Diags;
  if ((Target->ThumbChecks || Target->StoredLabelCheck) &&
      Checks != CheckMode::Off)
    CheckInputs.emplace(InputPaths, InputHeaders);
  bool OK = runLLD(lldArgs(ScriptFile.path(), TmpELF.path(), {}),
                   TmpELF.path(), Diags);
  // A broken database fails the link as it would have before it: one
  // error, no output (the temporaries go with this Linker).
  if (DBProblem && !Interrupted)
    return fail(Error::success());
  // --stack-size=auto: the first link's image gives the main stack's
  // need; the second links with it. Code and handlers are the same in
  // both, so the need is too (the stack check below verifies it).
  if (OK && AutoMainStack && Map) {
    Expected<std::optional<uint64_t>> Size = autoMainStack(TmpELF.path());
    if (!Size)
      return fail(Size.takeError());
    if (*Size && **Size != Map->StackSize) {
      Map->StackSize = **Size;
      if (Error E = Map->validate(Target->AddressBits))
        return fail(std::move(E));
      if (Error E = writeScript())
        return fail(std::move(E));
      Err << Diags; // the first link's warnings, once
      Diags.clear();
      OK = runLLD(lldArgs(ScriptFile.path(), TmpELF.path(), {}),
                  TmpELF.path(), Diags);
    }
  }
  if (AutoMainStack && Map)
    if (const opt::Arg *A = Args.getLastArg(OPT_emit_script);
        A && StringRef(A->getValue()) == "-")
      Out << Script; // the last link's, whether it succeeded or not
  if (!OK) {
    if (Interrupted)
      return 1; // linkerMain re-raises the signal
    if (Map && isOverflow(Diags))
      return reportOverflow(Diags);
    if (Map && StringRef(Diags).contains(DataGapAssert))
      return reportDataGap(Diags);
    Err << Diags;
    return 1;
  }
  Err << Diags; // LLD's warnings

  bool Overflow = false;
  if (Error E = finishImage(TmpELF.path(), Overflow))
    return fail(std::move(E));
  if (Overflow)
    return reportOverflow("");
  if (Format != ImageFormat::ELF)
    if (Error E = Output->commit(ImageTmp))
      return fail(std::move(E));
  if (ELFTarget)
    if (Error E = ELFTarget->commit(TmpELF)) {
      // The image without its ELF is half an output. (An image written
      // through a device or FIFO has no ELF beside it.)
      if (Format != ImageFormat::ELF && !Output->WriteThrough)
        sys::fs::remove(Output->Dest);
      return fail(std::move(E));
    }
  return 0;
}

} // namespace

int linkerMain(int Argc, char **Argv, void *MainAddr) {
  // LLD's driver initialises the LLVM targets LTO needs by itself.
  int Status, Sig;
  {
    Linker L(outs(), errs());
    Status = L.run(ArrayRef<const char *>(Argv, Argc), MainAddr);
    Sig = L.interrupted();
  } // its temporaries are removed here
  if (Sig) {
    // Die of the signal, as a program stopped by it is expected to.
    outs().flush();
    errs().flush();
    ::signal(Sig, SIG_DFL);
    ::raise(Sig);
  }
  return Status;
}

} // namespace noos
