//===- ClangDriver.cpp - The <arch>-noos targets for clang ----------------===//
//
// The rewrite looks at a handful of options only (the target, -mcpu,
// -mfloat-abi, -mfpu, --board, what decides whether the command links, and
// the inputs' language, -x included); everything else reaches clang as the
// user wrote it. It deliberately does
// not link clang's own option table: noos-clang runs for every compile of a
// build, and its start-up must cost next to nothing.
//
//===----------------------------------------------------------------------===//

#include "noos/ClangDriver.h"
#include "noos/Support.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace noos {

DriverName parseDriverName(StringRef Argv0) {
  DriverName N;
  StringRef Base = sys::path::filename(Argv0);
  N.CXX = Base.ends_with("++");
  // "<triple>-clang" / "<triple>-clang++" / "<triple>-noos-clang-22"...
  size_t Pos = Base.rfind("-clang");
  if (Pos != StringRef::npos && Pos > 0)
    N.TargetPrefix = Base.take_front(Pos).str();
  if (N.TargetPrefix == "noos") {
    N.TargetPrefix.clear(); // "noos-clang" names the driver, not a target
    N.Driver = true;
  }
  return N;
}

std::string requestedTarget(ArrayRef<std::string> Args, const DriverName &N) {
  std::string T = N.TargetPrefix;
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (A.consume_front("--target=") || A.consume_front("-target="))
      T = A.str();
    else if ((A == "-target" || A == "--target") && I + 1 < Args.size())
      T = Args[++I];
  }
  return T;
}

bool isNoosTriple(StringRef Triple) {
  SmallVector<StringRef, 4> Parts;
  Triple.split(Parts, '-');
  return Parts.size() >= 2 && Parts[1] == "noos";
}

std::string requestedBoard(ArrayRef<std::string> Args) {
  std::string B;
  for (StringRef A : Args)
    if (A.consume_front("--board="))
      B = A.str();
  return B;
}

/// True if \p P is "noos" with one letter added, dropped or changed, or two
/// neighbours swapped.
static bool nearNoos(StringRef P) {
  if (P.edit_distance("noos", /*AllowReplacements=*/true,
                      /*MaxEditDistance=*/1) <= 1)
    return true;
  std::string S = P.str();
  for (size_t I = 0; I + 1 < S.size(); ++I) {
    std::swap(S[I], S[I + 1]);
    if (S == "noos")
      return true;
    std::swap(S[I], S[I + 1]);
  }
  return false;
}

bool mayBeMisspeltNoosTriple(StringRef Triple) {
  SmallVector<StringRef, 4> Parts;
  Triple.split(Parts, '-');
  if (Parts.size() < 2 || isNoosTriple(Triple))
    return false;
  for (size_t I = 1; I < Parts.size(); ++I) {
    StringRef P = Parts[I];
    if (!nearNoos(P))
      continue;
    // A vendor, OS or environment LLVM knows is not a misspelt "noos".
    std::string S = P.str();
    llvm::Triple T("arm-" + S + "-" + S + "-" + S);
    if (T.getVendor() == llvm::Triple::UnknownVendor &&
        T.getOS() == llvm::Triple::UnknownOS &&
        T.getEnvironment() == llvm::Triple::UnknownEnvironment)
      return true;
  }
  return false;
}

std::string suggestNoosTriple(const Database &DB, StringRef Triple) {
  SmallVector<StringRef, 4> Parts;
  Triple.split(Parts, '-');
  bool Noos = isNoosTriple(Triple);
  if (Parts.empty() || (!Noos && !mayBeMisspeltNoosTriple(Triple)))
    return "";
  StringRef Arch = Parts[0];
  std::string Best;
  unsigned BestDistance = 3; // suggest nothing further away than 2 edits
  bool Tie = false;
  if (Error E = DB.loadAll()) { // a broken database: no suggestion
    consumeError(std::move(E));
    return "";
  }
  for (const TargetInfo &T : DB.targets()) {
    unsigned D = Arch.edit_distance(T.Name, /*AllowReplacements=*/true,
                                    /*MaxEditDistance=*/BestDistance);
    if (D < BestDistance) {
      Best = T.Name;
      BestDistance = D;
      Tie = false;
    } else if (D == BestDistance) {
      Tie = true;
    }
  }
  // An architecture noos has with a noos OS is not misspelt: whatever is
  // wrong with it is not the name.
  if (Best.empty() || Tie || (Noos && BestDistance == 0))
    return "";
  std::string Env;
  if (Parts.size() >= 3 && (Parts.back() == "eabi" ||
                            Parts.back() == "eabihf" || Parts.back() == "elf"))
    Env = "-" + Parts.back().str();
  return Best + "-noos" + Env;
}

// Options whose value is the next argument (the ones a build system passes
// between the flags this rewrite looks for).
static bool takesSeparateValue(StringRef A) {
  static const char *const Sep[] = {
      "-o",        "-x",         "-MF",       "-MT",       "-MQ",
      "-I",        "-isystem",   "-iquote",   "-idirafter", "-include",
      "-imacros",  "-D",         "-U",        "-L",        "-Xlinker",
      "-Xclang",   "-Xassembler", "-Xpreprocessor", "-mllvm",
      "-cxx-isystem", "-isysroot", "-z",      "-u",        "-T",
      "-arch",     "-working-directory", "-resource-dir", "--param"};
  return is_contained(Sep, A);
}

/// The variant's headers, which replace the host's; clang's own (stddef.h,
/// arm_acle.h, ...) stay. C++ headers come first so #include_next works.
static void appendHeaderArgs(const Database &DB, const TargetInfo &T,
                             const Multilib &M, std::vector<std::string> &Out) {
  Out.push_back("-nostdlibinc");
  for (const std::string &D : TargetInfo::expand(T.Sysroot.CXXInclude, M)) {
    Out.push_back("-cxx-isystem");
    Out.push_back(D);
  }
  // The runtime's own headers, beside the database: noos/noos.h, and the
  // standard headers it implements over the C library's (pthread.h,
  // threads.h, semaphore.h; sched.h and sys/features.h #include_next
  // picolibc's), so before the C library's.
  SmallString<256> RTInclude(DB.dir());
  sys::path::append(RTInclude, "include");
  Out.push_back("-isystem");
  Out.push_back(std::string(RTInclude));
  for (const std::string &D : TargetInfo::expand(T.Sysroot.Include, M)) {
    Out.push_back("-isystem");
    Out.push_back(D);
  }
}

namespace {
/// What an input of the command line is, as far as the flags noos-clang adds
/// are concerned: assembly alone uses none of the C/C++ flags and headers,
/// preprocessed assembly the headers only, LLVM IR and preprocessed C/C++
/// the code generation flags only.
enum class InputKind { Asm, AsmCpp, Compiled, Source, Other };
} // namespace

/// The kind of an input in the language of -x \p Lang.
static InputKind kindOfLanguage(StringRef Lang) {
  return StringSwitch<InputKind>(Lang)
      .Case("assembler", InputKind::Asm)
      .Case("assembler-with-cpp", InputKind::AsmCpp)
      .Cases({"ir", "cpp-output", "c++-cpp-output"}, InputKind::Compiled)
      .Cases({"objective-c-cpp-output", "objective-c++-cpp-output"},
             InputKind::Compiled)
      .Default(InputKind::Source);
}

/// The kind of an input file, from its extension as clang reads it; what
/// clang does not know is a linker input.
static InputKind kindOfFile(StringRef Path) {
  StringRef Ext = sys::path::extension(Path);
  if (Ext.empty())
    return InputKind::Other;
  return StringSwitch<InputKind>(Ext.drop_front())
      .Cases({"s", "asm"}, InputKind::Asm)
      .Case("S", InputKind::AsmCpp)
      .Cases({"ll", "bc", "i", "ii", "mi", "mii"}, InputKind::Compiled)
      .Cases({"c", "C", "h", "H", "cc", "CC", "cp", "cpp"}, InputKind::Source)
      .Cases({"CPP", "cxx", "CXX", "c++", "C++", "hh", "hpp", "hxx"},
             InputKind::Source)
      .Cases({"m", "M", "mm", "cppm", "ixx", "ccm", "cxxm", "c++m"},
             InputKind::Source)
      .Cases({"cu", "cl", "clcpp", "hip"}, InputKind::Source)
      .Default(InputKind::Other);
}

std::string passPluginPath(StringRef ToolDir) {
  SmallString<256> P(sys::path::parent_path(ToolDir));
  sys::path::append(P, "lib", "noos", "noos-passes.so");
  return std::string(P);
}

Expected<NoosCompile> rewriteForNoos(const Database &DB, StringRef Triple,
                                     ArrayRef<std::string> Args,
                                     StringRef ToolDir) {
  NoosCompile C;
  Expected<const TargetInfo &> T = DB.target(Triple);
  if (!T) {
    std::string Suggestion = suggestNoosTriple(DB, Triple);
    if (Suggestion.empty())
      return T.takeError();
    consumeError(T.takeError());
    return makeError("unknown target '" + Triple + "': did you mean '" +
                     Suggestion + "'?");
  }
  C.Target = &*T;

  // The triple's environment, when spelled: -eabihf means hard float.
  std::string TripleABI;
  if (Triple.ends_with("-eabihf"))
    TripleABI = "hard";
  else if (Triple.ends_with("-eabi"))
    TripleABI = "soft";

  std::string CPU, ABI, FPU, Board, March, MABI;
  bool Links = true, NoDefaultLibs = false, NoStartFiles = false;
  std::vector<std::string> Kept;
  // The inputs' kinds, to add only the flags that apply to them.
  std::optional<InputKind> Lang; // from -x
  bool OnlyInputs = false;       // after "--"
  bool AnySource = false, AnyCode = false, AnyPreprocessed = false;
  auto NoteInput = [&](StringRef Input) {
    InputKind K = Lang ? *Lang
                  : Input == "-" ? InputKind::Source
                                 : kindOfFile(Input);
    if (K == InputKind::Other)
      return;
    AnySource = true;
    AnyCode |= K == InputKind::Source || K == InputKind::Compiled;
    AnyPreprocessed |= K == InputKind::Source || K == InputKind::AsmCpp;
  };
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (OnlyInputs || A == "-" || !A.starts_with("-")) {
      NoteInput(A);
      Kept.push_back(Args[I]);
      continue;
    }
    if (A == "--") {
      OnlyInputs = true;
      Kept.push_back(Args[I]);
      continue;
    }
    StringRef X = A;
    if (X.consume_front("-x")) {
      if (X.empty() && I + 1 < Args.size())
        X = Args[I + 1];
      if (X == "none")
        Lang.reset();
      else
        Lang = kindOfLanguage(X);
    }
    if (A.starts_with("--target=") || A.starts_with("-target=")) {
      continue;
    }
    if (A == "-target" || A == "--target") {
      ++I;
      continue;
    }
    if (A.starts_with("--board=")) {
      Board = A.drop_front(strlen("--board=")).str();
      continue;
    }
    if (takesSeparateValue(A) && I + 1 < Args.size()) {
      Kept.push_back(Args[I]);
      Kept.push_back(Args[++I]);
      continue;
    }
    if (A.starts_with("-mcpu="))
      CPU = A.drop_front(6).str();
    else if (A.starts_with("-mfloat-abi="))
      ABI = A.drop_front(12).str();
    else if (A.starts_with("-mfpu="))
      FPU = A.drop_front(6).str();
    else if (A.starts_with("-march="))
      March = A.drop_front(7).str();
    else if (A.starts_with("-mabi="))
      MABI = A.drop_front(6).str();
    else if (A == "-c" || A == "-S" || A == "-E" || A == "-M" || A == "-MM" ||
             A == "-fsyntax-only" || A == "--precompile" || A == "-emit-ast" ||
             A == "--analyze")
      Links = false;
    else if (A == "-nostdlib" || A == "-nodefaultlibs")
      NoDefaultLibs = true;
    else if (A == "-nostartfiles")
      NoStartFiles = true;
    Kept.push_back(Args[I]);
  }

  std::optional<BoardInfo> B;
  if (!Board.empty()) {
    Expected<BoardInfo> BI = DB.board(Board);
    if (!BI)
      return BI.takeError();
    B = std::move(*BI);
    Expected<const TargetInfo &> BT = DB.target(B->Target);
    if (!BT)
      return BT.takeError();
    if (BT->Name != C.Target->Name)
      return makeError("board '" + B->Name + "' is a " + B->Target +
                       " board, but the target is " + Triple +
                       ": use --target=" + B->Target + " or another board");
  }

  C.CPU = !CPU.empty() ? CPU : (B && !B->CPU.empty()) ? B->CPU : C.Target->CPU;
  if (Error E = C.Target->checkCPU(C.CPU))
    return std::move(E);
  if (!C.Target->FloatOptions && (!ABI.empty() || !FPU.empty()))
    return makeError(std::string(!ABI.empty() ? "-mfloat-abi" : "-mfpu") +
                     " does not apply to " + C.Target->noosTriple() +
                     (C.Target->hasISAVariants()
                          ? ", where -march and -mabi choose the floating "
                            "point: remove it"
                          : ", whose FPU and float ABI are fixed: remove it"));
  const Multilib *Variant = nullptr;
  if (C.Target->hasISAVariants()) {
    // RISC-V: the ISA string and the ABI name the variant.
    // The command line's, else the board's, else the target's.
    C.March = !March.empty()                 ? March
              : (B && !B->March.empty()) ? B->March
                                             : C.Target->March;
    C.ABI = !MABI.empty()               ? MABI
            : (B && !B->ABI.empty()) ? B->ABI
                                         : C.Target->ABI;
    bool Nearest = false;
    Expected<const Multilib &> M =
        C.Target->multilibForISA(C.March, C.ABI, &Nearest);
    if (!M)
      return M.takeError();
    if (Nearest && Links) // compiles take the same headers whatever the variant
      C.Warnings.push_back("no library variant of " + C.Target->noosTriple() +
                           " is built for -march=" + C.March + " -mabi=" +
                           C.ABI + ": linking the nearest compatible one, " +
                           M->March + "/" + M->ABI);
    Variant = &*M;
  } else {
    if (!ABI.empty())
      C.FloatABI = ABI;
    else if (FPU == "none")
      C.FloatABI = "soft";
    else if (!TripleABI.empty())
      C.FloatABI = TripleABI;
    else
      C.FloatABI = C.Target->FloatABI;
    if (C.FloatABI != "soft" && C.FloatABI != "softfp" && C.FloatABI != "hard")
      return makeError("-mfloat-abi=" + C.FloatABI +
                       " is not a float ABI: use soft, softfp or hard");
    C.FPU = !FPU.empty() ? FPU
            : C.FloatABI == "soft" ? std::string("none")
                                   : C.Target->defaultFPU(C.CPU);
    Expected<std::string> Kind = C.Target->fpKind(C.FPU);
    if (!Kind)
      return Kind.takeError();
    if (C.FloatABI != "soft" && *Kind == "none")
      return makeError("-mfloat-abi=" + C.FloatABI + " needs an FPU, but the "
                       "FPU is 'none': give -mfpu=, or use -mfloat-abi=soft");
    Expected<const Multilib &> M =
        C.Target->multilib(C.FloatABI, C.FloatABI == "soft" ? "none" : *Kind);
    if (!M)
      return M.takeError();
    Variant = &*M;
  }
  const Multilib *M = Variant;
  C.Variant = M;
  C.MultilibDir = M->Dir;
  C.LLVMTriple = C.Target->llvmTriple(C.FloatABI == "hard");
  C.Links = Links;

  // Ours first, so that a user's -fno-function-sections still wins.
  std::vector<std::string> &Out = C.Args;
  Out.push_back("--target=" + C.LLVMTriple);
  if (!C.CPU.empty())
    Out.push_back("-mcpu=" + C.CPU);
  if (!C.March.empty()) {
    Out.push_back("-march=" + C.March);
    Out.push_back("-mabi=" + C.ABI);
  }
  if (C.Target->FloatOptions) {
    Out.push_back("-mfloat-abi=" + C.FloatABI);
    Out.push_back("-mfpu=" + C.FPU);
  }
  // Only what applies to the inputs, so that no flag of ours is "unused
  // during compilation" (a warning, an error with -Werror): code generation
  // flags when C, C++ or IR is compiled, headers when something is
  // preprocessed. A command without source inputs (a link, a query) gets
  // them all, as clang does not mind there.
  bool CodeFlags = !AnySource || AnyCode;
  bool Headers = !AnySource || AnyPreprocessed;
  if (CodeFlags) {
    Out.push_back("-ffunction-sections");
    Out.push_back("-fdata-sections");
    // One .stack_sizes entry per function: noos-ld's stack analysis
    // (docs/noos-ld.md, "Stack usage") takes the frame sizes from them.
    Out.push_back("-fstack-size-section");
    append_range(Out, C.Target->CodeFlags);
    // noos's passes (tools/noos-clang/passes): a main that takes no
    // arguments gets a stand-in for the runtime's command-line reader.
    C.PassPlugin = passPluginPath(ToolDir);
    Out.push_back("-fpass-plugin=" + C.PassPlugin);
  }
  if (Headers)
    appendHeaderArgs(DB, *C.Target, *M, Out);
  append_range(Out, Kept);
  if (Links) {
    SmallString<256> LD(ToolDir);
    sys::path::append(LD, "noos-ld");
    Out.push_back("--ld-path=" + std::string(LD));
    // noos-ld picks the libraries; clang's bare-metal defaults (GNU ld
    // conventions, -lgcc_s) must not reach it.
    Out.push_back("-nostdlib");
    Out.push_back("-Wl,--target=" + C.Target->noosTriple());
    if (C.Target->hasISAVariants()) {
      // The variant chosen (the nearest one, when it is not exact).
      Out.push_back("-Wl,--march=" + M->March);
      Out.push_back("-Wl,--mabi=" + M->ABI);
    } else {
      Out.push_back("-Wl,--float-abi=" + C.FloatABI);
      Out.push_back("-Wl,--fpu=" + C.FPU);
    }
    if (B)
      Out.push_back("-Wl,--board=" + Board);
    else if (!C.Target->DefaultBoard.empty())
      Out.push_back("-Wl,--default-board=" + C.Target->DefaultBoard);
    if (NoDefaultLibs)
      Out.push_back("-Wl,--no-default-libs");
    if (NoStartFiles)
      Out.push_back("-Wl,--no-runtime");
    // The CPU decides LLD's erratum fixes, where the target has any.
    if (!C.Target->CPULLDFlags.empty())
      Out.push_back("-Wl,--cpu=" + C.CPU);
  }
  return std::move(C);
}

/// The runtime's library directory for variant \p M: share/noos and
/// lib/noos are siblings in an installation and in the build tree (as
/// noos-ld finds it).
static std::string runtimeLibDir(const Database &DB, const Multilib &M) {
  SmallString<256> RT(DB.dir());
  sys::path::append(RT, "..", "..", "lib", "noos");
  sys::path::append(RT, M.Dir);
  sys::path::remove_dots(RT, /*remove_dot_dot=*/true);
  return std::string(RT);
}

/// The C library's root, the GCC "sysroot": the directory holding its
/// include directory (the first C header directory), or empty.
static std::string sysrootDir(const TargetInfo &T, const Multilib &M) {
  std::vector<std::string> Inc = TargetInfo::expand(T.Sysroot.Include, M);
  if (Inc.empty() || sys::path::filename(Inc.front()) != "include")
    return "";
  return sys::path::parent_path(Inc.front()).str();
}

std::optional<std::string> answerPrintQuery(const Database &DB,
                                            const NoosCompile &C,
                                            ArrayRef<std::string> Args,
                                            const PrintContext &Ctx) {
  bool SearchDirs = false, ResourceDirQ = false, Libgcc = false,
       MultiDir = false, Sysroot = false;
  std::optional<std::string> FileName;
  std::string ResourceDir = Ctx.ResourceDir;
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef A = Args[I];
    if (A == "-resource-dir" && I + 1 < Args.size()) {
      ResourceDir = Args[++I];
      continue;
    }
    if (A.consume_front("-resource-dir=")) {
      ResourceDir = A.str();
      continue;
    }
    if (A == "--print-file-name" && I + 1 < Args.size()) {
      FileName = Args[++I];
      continue;
    }
    if (takesSeparateValue(A)) {
      ++I;
      continue;
    }
    if (A.starts_with("--print-"))
      A = A.drop_front();
    if (A == "-print-search-dirs")
      SearchDirs = true;
    else if (A == "-print-resource-dir")
      ResourceDirQ = true;
    else if (A.consume_front("-print-file-name="))
      FileName = A.str();
    else if (A == "-print-libgcc-file-name")
      Libgcc = true;
    else if (A == "-print-multi-directory")
      MultiDir = true;
    else if (A == "-print-sysroot")
      Sysroot = true;
  }
  if (!SearchDirs && !ResourceDirQ && !FileName && !Libgcc && !MultiDir &&
      !Sysroot)
    return std::nullopt;

  const TargetInfo &T = *C.Target;
  const Multilib &M = *C.Variant;
  // Where noos-ld looks for the default libraries, in its order.
  std::vector<std::string> LibDirs = T.libDirs(M);
  LibDirs.push_back(runtimeLibDir(DB, M));
  auto Find = [](ArrayRef<std::string> Dirs,
                 StringRef Name) -> std::optional<std::string> {
    for (const std::string &D : Dirs) {
      SmallString<256> P(D);
      sys::path::append(P, Name);
      if (sys::fs::exists(P))
        return std::string(P);
    }
    return std::nullopt;
  };

  if (SearchDirs) {
    std::string Out = "programs: =" + Ctx.ToolDir + ":" + Ctx.ClangDir + "\n";
    Out += "libraries: =" + ResourceDir;
    for (const std::string &D : LibDirs)
      Out += ":" + D;
    return Out + "\n";
  }
  if (ResourceDirQ)
    return ResourceDir + "\n";
  if (FileName) {
    // clang's order: its resource directory, then the library directories.
    std::vector<std::string> Dirs = {ResourceDir};
    append_range(Dirs, LibDirs);
    return Find(Dirs, *FileName).value_or(*FileName) + "\n";
  }
  if (Libgcc)
    return Find(LibDirs, "libgcc.a").value_or("libgcc.a") + "\n";
  std::string Root = sysrootDir(T, M);
  if (MultiDir) {
    // The variant's directory below <sysroot>/lib, as GCC's is below its
    // sysroot's lib ("thumb/v7e-m+fp/hard"); else the variant's name.
    std::vector<std::string> Dirs = T.libDirs(M);
    SmallString<256> RootLib(Root);
    sys::path::append(RootLib, "lib");
    StringRef D = Dirs.empty() ? StringRef() : StringRef(Dirs.front());
    if (!Root.empty() && D.consume_front(RootLib) &&
        sys::path::is_separator(D.front()) && D.size() > 1)
      return D.drop_front().str() + "\n";
    return M.Dir + "\n";
  }
  return Root + "\n"; // -print-sysroot
}

/// \p A quoted for a configuration file (GNU command-line syntax).
static std::string quoteConfigArg(StringRef A) {
  if (!A.empty() && A.find_first_of(" \t\n'\"\\#") == StringRef::npos)
    return A.str();
  std::string Q = "\"";
  for (char Ch : A) {
    if (Ch == '"' || Ch == '\\')
      Q += '\\';
    Q += Ch;
  }
  return Q + "\"";
}

Expected<std::string> clangConfigFile(const Database &DB, StringRef NoosTriple,
                                      bool CXXMode) {
  Expected<NoosCompile> C = rewriteForNoos(DB, NoosTriple, {"-c"}, "");
  if (!C)
    return C.takeError();
  std::string Out;
  auto Line = [&](std::vector<std::string> Words) {
    for (size_t I = 0; I < Words.size(); ++I)
      Out += (I ? " " : "") + quoteConfigArg(Words[I]);
    Out += "\n";
  };
  Out += "# clang configuration for --target=" + NoosTriple.str() +
         ", written by noos for\n"
         "# editors (clangd) that read compile commands with clang's own "
         "driver;\n"
         "# building runs noos-clang, which does not read it. The variant: " +
         C->MultilibDir + ".\n";
  if (!C->CPU.empty())
    Line({"-mcpu=" + C->CPU});
  if (!C->March.empty()) {
    Line({"-march=" + C->March});
    Line({"-mabi=" + C->ABI});
  }
  if (C->Target->FloatOptions)
    Line({"-mfloat-abi=" + C->FloatABI});
  // Without -mfpu, clang takes the CPU's FPU, as noos-clang does: a later
  // -mcpu= on the command line then gets its own FPU here too.
  if (C->Target->FloatOptions && C->FloatABI != "soft" &&
      C->FPU != C->Target->defaultFPU(C->CPU))
    Line({"-mfpu=" + C->FPU});
  for (const std::string &F : C->Target->CodeFlags)
    Line({F});
  // For <arch>-noos (no environment) clang has no EABI environment, for
  // which it defines _GNU_SOURCE in C++; the triple noos-clang gives clang
  // has one.
  SmallVector<StringRef, 4> Parts;
  NoosTriple.split(Parts, '-');
  bool EABI = Parts.size() >= 3 &&
              (Parts.back() == "eabi" || Parts.back() == "eabihf");
  if (CXXMode && !EABI)
    Line({"-D_GNU_SOURCE"});
  std::vector<std::string> Headers;
  appendHeaderArgs(DB, *C->Target, *C->Variant, Headers);
  StringRef Share = DB.dir();
  for (size_t I = 0; I < Headers.size(); ++I) {
    StringRef H = Headers[I];
    if (H.starts_with("-")) {
      if (I + 1 < Headers.size() &&
          !StringRef(Headers[I + 1]).starts_with("-")) {
        std::string Dir = Headers[I + 1];
        StringRef Rest = Dir;
        if (Rest.consume_front(Share) &&
            (Rest.empty() || sys::path::is_separator(Rest.front())))
          Dir = "<CFGDIR>/../share/noos" + Rest.str();
        Line({H.str(), Dir});
        ++I;
      } else {
        Line({H.str()});
      }
    }
  }
  return Out;
}

} // namespace noos
