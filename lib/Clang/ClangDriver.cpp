//===- ClangDriver.cpp - The <arch>-noos targets for clang ----------------===//
//
// The rewrite looks at a handful of options only (the target, -mcpu,
// -mfloat-abi, -mfpu, --board, and what decides whether the command links);
// everything else reaches clang as the user wrote it. It deliberately does
// not link clang's own option table: noos-clang runs for every compile of a
// build, and its start-up must cost next to nothing.
//
//===----------------------------------------------------------------------===//

#include "noos/ClangDriver.h"
#include "noos/Support.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

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
  if (N.TargetPrefix == "noos")
    N.TargetPrefix.clear(); // "noos-clang" names the driver, not a target
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

Expected<NoosCompile> rewriteForNoos(const Database &DB, StringRef Triple,
                                     ArrayRef<std::string> Args,
                                     StringRef ToolDir) {
  NoosCompile C;
  Expected<const TargetInfo &> T = DB.target(Triple);
  if (!T)
    return T.takeError();
  C.Target = &*T;

  // The triple's environment, when spelled: -eabihf means hard float.
  std::string TripleABI;
  if (Triple.ends_with("-eabihf"))
    TripleABI = "hard";
  else if (Triple.ends_with("-eabi"))
    TripleABI = "soft";

  std::string CPU, ABI, FPU, Board;
  bool Links = true, NoDefaultLibs = false, NoStartFiles = false;
  std::vector<std::string> Kept;
  for (size_t I = 0; I < Args.size(); ++I) {
    StringRef A = Args[I];
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
  C.MultilibDir = M->Dir;
  C.LLVMTriple = C.Target->llvmTriple(C.FloatABI == "hard");
  C.Links = Links;

  // Ours first, so that a user's -fno-function-sections still wins.
  std::vector<std::string> &Out = C.Args;
  Out.push_back("--target=" + C.LLVMTriple);
  Out.push_back("-mcpu=" + C.CPU);
  Out.push_back("-mfloat-abi=" + C.FloatABI);
  Out.push_back("-mfpu=" + C.FPU);
  Out.push_back("-ffunction-sections");
  Out.push_back("-fdata-sections");
  // The variant's headers replace the host's; clang's own (stddef.h,
  // arm_acle.h, ...) stay. C++ headers come first so #include_next works.
  Out.push_back("-nostdlibinc");
  for (const std::string &D :
       TargetInfo::expand(C.Target->Sysroot.CXXInclude, *M)) {
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
  for (const std::string &D : TargetInfo::expand(C.Target->Sysroot.Include, *M)) {
    Out.push_back("-isystem");
    Out.push_back(D);
  }
  append_range(Out, Kept);
  if (Links) {
    SmallString<256> LD(ToolDir);
    sys::path::append(LD, "noos-ld");
    Out.push_back("--ld-path=" + std::string(LD));
    // noos-ld picks the libraries; clang's bare-metal defaults (GNU ld
    // conventions, -lgcc_s) must not reach it.
    Out.push_back("-nostdlib");
    Out.push_back("-Wl,--target=" + C.Target->noosTriple());
    Out.push_back("-Wl,--float-abi=" + C.FloatABI);
    Out.push_back("-Wl,--fpu=" + C.FPU);
    if (B)
      Out.push_back("-Wl,--board=" + Board);
    else if (!C.Target->DefaultBoard.empty())
      Out.push_back("-Wl,--default-board=" + C.Target->DefaultBoard);
    if (NoDefaultLibs)
      Out.push_back("-Wl,--no-default-libs");
    if (NoStartFiles)
      Out.push_back("-Wl,--no-runtime");
  }
  return std::move(C);
}

} // namespace noos
