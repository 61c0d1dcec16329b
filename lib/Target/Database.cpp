//===- Database.cpp - Targets and boards, from data files -----------------===//

#include "noos/Database.h"
#include "noos/Support.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <algorithm>

using namespace llvm;

namespace noos {

std::string TargetInfo::llvmTriple(bool HardFloat) const {
  if (Arch == "arm")
    return LLVMArch + "-unknown-none-" + (HardFloat ? "eabihf" : "eabi");
  return LLVMArch + "-unknown-elf";
}

std::string TargetInfo::defaultFPU(StringRef C) const {
  auto It = CPUFPUs.find(C.str());
  return It != CPUFPUs.end() ? It->second : FPU;
}

Expected<std::string> TargetInfo::fpKind(StringRef F) const {
  auto It = FPUKinds.find(F.str());
  if (It != FPUKinds.end())
    return It->second;
  std::string Known;
  for (const auto &KV : FPUKinds)
    Known += (Known.empty() ? "" : ", ") + KV.first;
  return makeError("unknown FPU '" + F + "' for " + noosTriple() +
                   ": use one of " + Known);
}

Expected<const Multilib &> TargetInfo::multilib(StringRef ABI,
                                                StringRef FP) const {
  for (const Multilib &M : Multilibs)
    if (M.FloatABI == ABI && M.FP == FP)
      return M;
  std::string Known;
  for (const Multilib &M : Multilibs)
    Known += (Known.empty() ? "" : ", ") + M.FloatABI + "/" + M.FP;
  return makeError("no library variant of " + noosTriple() + " for float ABI '" +
                   ABI + "' with " +
                   (FP == "none" ? std::string("no FPU")
                                 : FP == "sp" ? std::string("a single-precision FPU")
                                              : std::string("a double-precision FPU")) +
                   ": the variants are " + Known +
                   " (float ABI/FPU precision); change the float ABI or the FPU "
                   "(clang's -mfloat-abi/-mfpu, noos-ld's --float-abi/--fpu)");
}

Expected<const FaultReport &> TargetInfo::faultReport(StringRef Name) const {
  if (FaultReports.empty())
    return makeError("--fault-report: the runtime of " + noosTriple() +
                     " has no fault reports to choose from");
  if (Name.empty())
    return FaultReports.front();
  for (const FaultReport &F : FaultReports)
    if (F.Name == Name)
      return F;
  std::string Known;
  for (size_t I = 0; I < FaultReports.size(); ++I)
    Known += (I == 0 ? "" : I + 1 == FaultReports.size() ? " or " : ", ") +
             FaultReports[I].Name;
  return makeError("--fault-report=" + Name + " is not a fault report: use " +
                   Known);
}

std::vector<std::string> TargetInfo::expand(const std::vector<std::string> &Paths,
                                            const Multilib &M) {
  std::vector<std::string> Out;
  for (std::string P : Paths) {
    size_t Pos = P.find("{multilib}");
    if (Pos != std::string::npos)
      P.replace(Pos, strlen("{multilib}"), M.Dir);
    Out.push_back(std::move(P));
  }
  return Out;
}

std::string BoardInfo::irqHandler(unsigned N) const {
  if (N < IRQNames.size() && !IRQNames[N].empty())
    return IRQNames[N] + "_IRQHandler";
  return "IRQ" + std::to_string(N) + "_Handler";
}

static Expected<json::Object> readJSONObject(StringRef Path) {
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf = MemoryBuffer::getFile(Path);
  if (!Buf)
    return makeError("cannot read " + Path + ": " + Buf.getError().message());
  Expected<json::Value> V = json::parse((*Buf)->getBuffer());
  if (!V)
    return makeError(Path + ": invalid JSON: " + toString(V.takeError()) +
                     "; fix the file");
  json::Object *O = V->getAsObject();
  if (!O)
    return makeError(Path + ": expected a JSON object at the top level");
  return std::move(*O);
}

// Merges Src into Dst: nested objects key by key, everything else replaced.
static void mergeInto(json::Object &Dst, const json::Object &Src) {
  for (const auto &KV : Src) {
    const json::Object *SrcObj = KV.second.getAsObject();
    json::Value *DstVal = Dst.get(KV.first);
    if (SrcObj && DstVal && DstVal->getAsObject()) {
      mergeInto(*DstVal->getAsObject(), *SrcObj);
      continue;
    }
    Dst[KV.first] = KV.second;
  }
}

static Expected<json::Object>
resolveRec(StringRef Name,
           function_ref<Expected<json::Object>(StringRef)> Lookup,
           std::vector<std::string> &Stack) {
  if (is_contained(Stack, Name.str())) {
    std::string Chain;
    for (const std::string &S : Stack)
      Chain += S + " -> ";
    return makeError("inheritance cycle: " + Chain + Name +
                     "; remove one of the \"inherits\" entries");
  }
  Expected<json::Object> Raw = Lookup(Name);
  if (!Raw)
    return Raw.takeError();
  Stack.push_back(Name.str());
  json::Object Result;
  std::vector<std::string> Parents;
  if (const json::Value *Inh = Raw->get("inherits")) {
    if (std::optional<StringRef> S = Inh->getAsString())
      Parents.push_back(S->str());
    else if (const json::Array *A = Inh->getAsArray()) {
      for (const json::Value &E : *A)
        if (std::optional<StringRef> S = E.getAsString())
          Parents.push_back(S->str());
    } else
      return makeError("'" + Name +
                       "': \"inherits\" must be a name or a list of names");
  }
  for (const std::string &P : Parents) {
    Expected<json::Object> Base = resolveRec(P, Lookup, Stack);
    if (!Base)
      return Base.takeError();
    mergeInto(Result, *Base);
  }
  // Only the file itself decides whether it is abstract, and its name.
  Result.erase("abstract");
  Result.erase("name");
  Raw->erase("inherits");
  mergeInto(Result, *Raw);
  Stack.pop_back();
  return Result;
}

Expected<json::Object> resolveInheritance(
    StringRef Name, function_ref<Expected<json::Object>(StringRef)> Lookup) {
  std::vector<std::string> Stack;
  return resolveRec(Name, Lookup, Stack);
}

// Typed field readers that report "<where>: <field> ..." on a wrong type.
namespace {
class Fields {
public:
  Fields(const json::Object &O, StringRef Where) : O(O), Where(Where.str()) {}

  Error str(StringRef Key, std::string &Out) {
    if (const json::Value *V = O.get(Key)) {
      std::optional<StringRef> S = V->getAsString();
      if (!S)
        return bad(Key, "a string");
      Out = S->str();
    }
    return Error::success();
  }
  Error num(StringRef Key, uint64_t &Out) {
    if (const json::Value *V = O.get(Key)) {
      if (std::optional<int64_t> I = V->getAsInteger()) {
        if (*I < 0)
          return bad(Key, "a non-negative number");
        Out = *I;
        return Error::success();
      }
      std::optional<StringRef> S = V->getAsString();
      if (!S)
        return bad(Key, "a number or a string such as \"0x1000\" or \"4K\"");
      Expected<uint64_t> N = parseNumber(*S);
      if (!N)
        return makeError(Where + ": " + Key + ": " + toString(N.takeError()));
      Out = *N;
    }
    return Error::success();
  }
  Error strList(StringRef Key, std::vector<std::string> &Out) {
    if (const json::Value *V = O.get(Key)) {
      const json::Array *A = V->getAsArray();
      if (!A)
        return bad(Key, "a list of strings");
      Out.clear();
      for (const json::Value &E : *A) {
        std::optional<StringRef> S = E.getAsString();
        if (!S)
          return bad(Key, "a list of strings");
        Out.push_back(S->str());
      }
    }
    return Error::success();
  }
  Error strMap(StringRef Key, std::map<std::string, std::string> &Out) {
    if (const json::Value *V = O.get(Key)) {
      const json::Object *M = V->getAsObject();
      if (!M)
        return bad(Key, "an object of strings");
      for (const auto &KV : *M) {
        std::optional<StringRef> S = KV.second.getAsString();
        if (!S)
          return bad(Key, "an object of strings");
        Out[KV.first.str()] = S->str();
      }
    }
    return Error::success();
  }
  Error bad(StringRef Key, StringRef Want) {
    return makeError(Where + ": \"" + Key + "\" must be " + Want);
  }

private:
  const json::Object &O;
  std::string Where;
};
} // namespace

Expected<Database> Database::open(StringRef Dir) {
  Database DB;
  DB.Dir = Dir.str();
  SmallString<256> Path(Dir);
  sys::path::append(Path, "targets.json");
  Expected<json::Object> File = readJSONObject(Path);
  if (!File)
    return makeError(toString(File.takeError()) +
                     " (the noos data directory is incomplete; reinstall "
                     "noos)");
  const json::Object *All = File->getObject("targets");
  if (!All)
    return makeError(Path + ": expected an object \"targets\"");
  auto Lookup = [&](StringRef Name) -> Expected<json::Object> {
    const json::Object *O = All->getObject(Name);
    if (!O)
      return makeError(Path + ": target '" + Name + "' is not defined");
    return *O;
  };
  for (const auto &KV : *All) {
    const json::Object *Raw = KV.second.getAsObject();
    if (!Raw)
      return makeError(Path + ": target '" + StringRef(KV.first) + "' is not an object");
    if (Raw->getBoolean("abstract").value_or(false))
      continue;
    Expected<json::Object> O = resolveInheritance(KV.first, Lookup);
    if (!O)
      return O.takeError();
    TargetInfo T;
    T.Name = KV.first.str();
    Fields F(*O, (Path + ": " + T.Name).str());
    uint64_t Bits = 32, Tag = ~0ull, Stack = 0;
    std::string Machine;
    if (Error E = joinErrors(
            joinErrors(F.str("arch", T.Arch), F.str("profile", T.Profile)),
            joinErrors(F.str("llvm-arch", T.LLVMArch), F.str("cpu", T.CPU))))
      return std::move(E);
    if (Error E = joinErrors(
            joinErrors(F.str("float-abi", T.FloatABI), F.str("fpu", T.FPU)),
            joinErrors(F.num("address-bits", Bits), F.str("elf-machine", Machine))))
      return std::move(E);
    if (Error E = joinErrors(
            joinErrors(F.num("cpu-arch-tag", Tag), F.num("stack-size", Stack)),
            joinErrors(F.str("linker-script", T.LinkerScript),
                       joinErrors(F.str("default-board", T.DefaultBoard),
                                  joinErrors(F.str("runtime", T.Runtime),
                                             F.strList("exceptions",
                                                       T.Exceptions))))))
      return std::move(E);
    if (Error E = joinErrors(F.strMap("fpus", T.FPUKinds),
                             F.strMap("cpu-fpus", T.CPUFPUs)))
      return std::move(E);
    if (const json::Array *RA = O->getArray("runs-cpu-arch-tags"))
      for (const json::Value &V : *RA) {
        std::optional<int64_t> I = V.getAsInteger();
        if (!I)
          return F.bad("runs-cpu-arch-tags", "a list of numbers");
        T.RunsCPUArchTags.push_back(int(*I));
      }
    if (const json::Value *ML = O->get("multilibs")) {
      const json::Array *A = ML->getAsArray();
      if (!A)
        return F.bad("multilibs", "a list of objects");
      for (const json::Value &E : *A) {
        const json::Object *MO = E.getAsObject();
        if (!MO)
          return F.bad("multilibs", "a list of objects");
        Multilib M;
        Fields MF(*MO, (Path + ": " + T.Name + ": multilibs").str());
        if (Error Err = joinErrors(
                joinErrors(MF.str("float-abi", M.FloatABI), MF.str("fp", M.FP)),
                MF.str("dir", M.Dir)))
          return std::move(Err);
        T.Multilibs.push_back(std::move(M));
      }
    }
    if (const json::Value *FR = O->get("fault-reports")) {
      const json::Array *A = FR->getAsArray();
      if (!A)
        return F.bad("fault-reports", "a list of objects");
      for (const json::Value &E : *A) {
        const json::Object *FO = E.getAsObject();
        if (!FO)
          return F.bad("fault-reports", "a list of objects");
        FaultReport R;
        Fields FF(*FO, (Path + ": " + T.Name + ": fault-reports").str());
        if (Error Err = joinErrors(
                joinErrors(FF.str("name", R.Name), FF.str("symbol", R.Symbol)),
                FF.str("default-handler", R.DefaultHandler)))
          return std::move(Err);
        T.FaultReports.push_back(std::move(R));
      }
    }
    if (const json::Object *SO = O->getObject("sysroot")) {
      Fields SF(*SO, (Path + ": " + T.Name + ": sysroot").str());
      if (Error E = joinErrors(
              joinErrors(SF.strList("include", T.Sysroot.Include),
                         SF.strList("c++-include", T.Sysroot.CXXInclude)),
              joinErrors(SF.strList("lib-dirs", T.Sysroot.LibDirs),
                         joinErrors(SF.strList("libs", T.Sysroot.Libs),
                                    SF.strList("c++-libs", T.Sysroot.CXXLibs)))))
        return std::move(E);
    }
    if (T.LLVMArch.empty())
      T.LLVMArch = T.Name;
    T.AddressBits = Bits;
    T.CPUArchTag = Tag == ~0ull ? -1 : int(Tag);
    T.DefaultStackSize = Stack;
    if (Machine == "EM_ARM")
      T.ELFMachine = ELF::EM_ARM;
    else if (Machine == "EM_AARCH64")
      T.ELFMachine = ELF::EM_AARCH64;
    else if (Machine == "EM_RISCV")
      T.ELFMachine = ELF::EM_RISCV;
    else
      return makeError(Path + ": " + T.Name + ": unknown \"elf-machine\" '" +
                       Machine + "' (use EM_ARM, EM_AARCH64 or EM_RISCV)");
    DB.Targets.push_back(std::move(T));
  }
  // JSON objects are unordered; list targets in a stable order.
  llvm::sort(DB.Targets, [](const TargetInfo &A, const TargetInfo &B) {
    return A.Name < B.Name;
  });
  return std::move(DB);
}

std::string Database::defaultDir(const char *Argv0, void *MainAddr) {
  std::string Exe = sys::fs::getMainExecutable(Argv0, MainAddr);
  SmallString<256> P(sys::path::parent_path(sys::path::parent_path(Exe)));
  sys::path::append(P, "share", "noos");
  return std::string(P);
}

Expected<const TargetInfo &> Database::target(StringRef Triple) const {
  // Accept <arch>-noos, <arch>-noos-eabi[hf], <arch>-unknown-none-eabi[hf],
  // <arch>-none-eabi[hf] and a bare <arch>.
  StringRef Arch = Triple.split('-').first;
  StringRef Rest = Triple.drop_front(Arch.size());
  static const char *const Known[] = {
      "",           "-noos",           "-noos-eabi",        "-noos-eabihf",
      "-noos-elf",  "-none-eabi",      "-none-eabihf",      "-unknown-none-eabi",
      "-unknown-none-eabihf", "-unknown-none-elf", "-none-elf", "-unknown-elf"};
  bool OSKnown = is_contained(Known, Rest);
  for (const TargetInfo &T : Targets)
    if (OSKnown && (T.Name == Arch || T.LLVMArch == Arch))
      return T;
  std::string List;
  for (const TargetInfo &T : Targets)
    List += (List.empty() ? "" : ", ") + T.noosTriple();
  return makeError("unknown target '" + Triple + "': supported targets are " +
                   List);
}

const TargetInfo *Database::targetForObject(unsigned Machine,
                                            int CPUArchTag) const {
  for (const TargetInfo &T : Targets)
    if (T.ELFMachine == Machine && T.CPUArchTag == CPUArchTag)
      return &T;
  return nullptr;
}

std::vector<std::string> Database::boardNames() const {
  std::vector<std::string> Names;
  SmallString<256> BoardDir(Dir);
  sys::path::append(BoardDir, "boards");
  std::error_code EC;
  for (sys::fs::directory_iterator I(BoardDir, EC), E; I != E && !EC;
       I.increment(EC)) {
    StringRef P = I->path();
    if (sys::path::extension(P) != ".json")
      continue;
    Expected<json::Object> O = readJSONObject(P);
    if (!O) {
      consumeError(O.takeError());
      continue;
    }
    if (!O->getBoolean("abstract").value_or(false))
      Names.push_back(sys::path::stem(P).str());
  }
  llvm::sort(Names);
  return Names;
}

Expected<BoardInfo> Database::board(StringRef NameOrFile) const {
  bool IsFile = NameOrFile.contains('/') || NameOrFile.ends_with(".json");
  SmallString<256> BoardDir(Dir);
  sys::path::append(BoardDir, "boards");
  std::string UserDir =
      IsFile ? sys::path::parent_path(NameOrFile).str() : std::string();

  // A user's board may inherit from a board of its own directory or from the
  // database's.
  auto Lookup = [&](StringRef Name) -> Expected<json::Object> {
    if (Name == NameOrFile && IsFile) {
      if (!sys::fs::exists(NameOrFile))
        return makeError("board file '" + NameOrFile +
                         "' does not exist: give an existing file or a board "
                         "name (" + join(boardNames(), ", ") + ")");
      return readJSONObject(NameOrFile);
    }
    SmallVector<std::string, 2> Dirs;
    if (IsFile)
      Dirs.push_back(UserDir.empty() ? "." : UserDir);
    Dirs.push_back(std::string(BoardDir));
    for (const std::string &D : Dirs) {
      SmallString<256> P(D);
      sys::path::append(P, Name + ".json");
      if (sys::fs::exists(P))
        return readJSONObject(P);
    }
    if (Name == NameOrFile)
      return makeError("unknown board '" + Name + "': known boards are " +
                       join(boardNames(), ", ") +
                       "; or pass a board file with --board=path/to/board.json");
    return makeError("board '" + NameOrFile + "' inherits '" + Name +
                     "', which is not a board file in " +
                     (UserDir.empty() ? "" : UserDir + " or ") + BoardDir);
  };

  // Refuse abstract boards: they describe a family, not something to link for.
  Expected<json::Object> Raw = Lookup(NameOrFile);
  if (!Raw)
    return Raw.takeError();
  if (Raw->getBoolean("abstract").value_or(false))
    return makeError("board '" + NameOrFile +
                     "' is abstract (a base for other boards): choose one of " +
                     join(boardNames(), ", "));
  Expected<json::Object> O = resolveInheritance(NameOrFile, Lookup);
  if (!O)
    return O.takeError();

  BoardInfo B;
  B.Name = IsFile ? sys::path::stem(NameOrFile).str() : NameOrFile.str();
  if (IsFile)
    B.Path = NameOrFile.str();
  else {
    SmallString<256> P(BoardDir);
    sys::path::append(P, NameOrFile + ".json");
    B.Path = std::string(P);
  }
  std::string Where = B.Path;
  Fields F(*O, Where);
  if (Error E = joinErrors(
          joinErrors(F.str("name", B.Name), F.str("description", B.Description)),
          joinErrors(F.str("target", B.Target), F.str("cpu", B.CPU))))
    return std::move(E);
  uint64_t Stack = 0, IRQs = 0;
  if (Error E = joinErrors(
          joinErrors(F.num("stack-size", Stack), F.num("irq-count", IRQs)),
          joinErrors(F.strList("irq-names", B.IRQNames), F.str("code", B.Code))))
    return std::move(E);
  if (B.IRQNames.size() > IRQs)
    return makeError(Where + ": \"irq-names\" lists " +
                     Twine(B.IRQNames.size()) + " interrupts but \"irq-count\" is " +
                     Twine(IRQs) + "; make them agree");
  B.Memory.StackSize = Stack;
  B.IRQCount = IRQs;
  if (B.Target.empty())
    return makeError(Where + ": the board names no \"target\"; add one such "
                     "as \"thumbv7em-noos\"");
  if (Expected<const TargetInfo &> T = target(B.Target); !T)
    return makeError(Where + ": " + toString(T.takeError()));

  if (const json::Object *Mem = O->getObject("memory")) {
    if (const json::Value *Flash = Mem->get("flash")) {
      std::optional<StringRef> S = Flash->getAsString();
      if (!S)
        return makeError(Where + ": memory.flash must be a string \"ADDR:SIZE\"");
      Expected<MemBlock> Blk = parseBlock(*S, "memory.flash");
      if (!Blk)
        return makeError(Where + ": " + toString(Blk.takeError()));
      B.Memory.Flash = *Blk;
    }
    if (const json::Value *Ram = Mem->get("ram")) {
      const json::Array *A = Ram->getAsArray();
      if (!A)
        return makeError(Where + ": memory.ram must be a list of \"ADDR:SIZE\"");
      for (const json::Value &E : *A) {
        std::optional<StringRef> S = E.getAsString();
        if (!S)
          return makeError(Where + ": memory.ram must be a list of \"ADDR:SIZE\"");
        Expected<MemBlock> Blk = parseBlock(*S, "memory.ram");
        if (!Blk)
          return makeError(Where + ": " + toString(Blk.takeError()));
        B.Memory.RAM.push_back(*Blk);
      }
    }
    Fields MF(*Mem, Where + ": memory");
    uint64_t Text = ~0ull;
    if (Error E = MF.num("text-start", Text))
      return std::move(E);
    if (Text != ~0ull)
      B.Memory.TextStart = Text;
  }
  if (const json::Object *Q = O->getObject("qemu")) {
    Fields QF(*Q, Where + ": qemu");
    if (Error E = joinErrors(joinErrors(QF.str("machine", B.QemuMachine),
                                        QF.str("cpu", B.QemuCPU)),
                             QF.str("system", B.QemuSystem)))
      return std::move(E);
  }
  return std::move(B);
}

} // namespace noos
