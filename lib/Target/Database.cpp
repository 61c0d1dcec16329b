//===- Database.cpp - Targets and boards, from data files -----------------===//

#include "noos/Database.h"
#include "noos/Support.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include <algorithm>
#include <cassert>
#include <cerrno>

#if __has_include(<fcntl.h>) && __has_include(<unistd.h>)
#include <fcntl.h>
#include <unistd.h>
#define NOOS_HAVE_POSIX_OPEN 1
#endif

using namespace llvm;

namespace noos {

std::string TargetInfo::llvmTriple(bool HardFloat) const {
  if (Arch == "arm")
    return LLVMArch + "-unknown-none-" + (HardFloat ? "eabihf" : "eabi");
  return LLVMArch + "-unknown-elf";
}

Error TargetInfo::checkCPU(StringRef C) const {
  if (CPUs.empty() || is_contained(CPUs, C.str()))
    return Error::success();
  return makeError("-mcpu=" + C + " is not a CPU of " + noosTriple() +
                   ": use one of " + join(CPUs, ", ") +
                   ", or the target of that CPU");
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

namespace {
/// An ISA string taken apart: "rv64imafdc_zicsr" is base "rv64i" with the
/// single-letter extensions m, a, f, d, c ("g" stands for imafd); the
/// multi-letter ones after '_' do not decide the library variant.
struct ISA {
  std::string Base; ///< "rv32i", "rv64e"...
  std::string Exts; ///< single-letter extensions, sorted
};
} // namespace

static std::optional<ISA> parseISA(StringRef March) {
  March = March.split('_').first;
  if (March.size() < 5 || !(March.starts_with("rv32") || March.starts_with("rv64")))
    return std::nullopt;
  ISA I;
  char B = March[4];
  if (B != 'i' && B != 'e' && B != 'g')
    return std::nullopt;
  I.Base = March.take_front(4).str() + (B == 'e' ? 'e' : 'i');
  std::string E = B == 'g' ? "mafd" : "";
  for (char C : March.drop_front(5)) {
    if (C < 'a' || C > 'z')
      return std::nullopt;
    if (C == 'g')
      E += "mafd";
    else if (C != 'i')
      E += C;
  }
  llvm::sort(E);
  E.erase(std::unique(E.begin(), E.end()), E.end());
  I.Exts = E;
  return I;
}

Expected<const Multilib &> TargetInfo::multilibForISA(StringRef March,
                                                      StringRef ABI,
                                                      bool *Nearest) const {
  if (Nearest)
    *Nearest = false;
  std::optional<ISA> Want = parseISA(March);
  const Multilib *Best = nullptr;
  if (Want) {
    for (const Multilib &M : Multilibs) {
      std::optional<ISA> Have = parseISA(M.March);
      if (!Have || Have->Base != Want->Base || M.ABI != ABI ||
          !std::includes(Want->Exts.begin(), Want->Exts.end(),
                         Have->Exts.begin(), Have->Exts.end()))
        continue;
      if (Have->Exts == Want->Exts)
        return M;
      if (!Best || Have->Exts.size() > parseISA(Best->March)->Exts.size())
        Best = &M;
    }
  }
  if (Best) {
    if (Nearest)
      *Nearest = true;
    return *Best;
  }
  std::string Known;
  for (const Multilib &M : Multilibs)
    Known += (Known.empty() ? "" : ", ") + M.March + "/" + M.ABI;
  return makeError("no library variant of " + noosTriple() + " for -march=" +
                   March + " -mabi=" + ABI +
                   (Want ? "" : " (not an ISA string such as rv32imac)") +
                   ": the variants are " + Known +
                   " (march/abi); give -march and -mabi of one of them or of "
                   "a superset of one with the same ABI");
}

std::vector<std::string> TargetInfo::libDirs(const Multilib &M) const {
  return expand(M.LibDirs.empty() ? Sysroot.LibDirs : M.LibDirs, M);
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

// The deepest nesting of arrays and objects in JSON text \p Text, stopping
// as soon as it passes \p Max. Brackets inside strings do not count. On a
// prefix that llvm::json::parse accepts, this sees the brackets it sees.
static unsigned jsonDepth(StringRef Text, unsigned Max) {
  unsigned Depth = 0, Deepest = 0;
  bool InString = false;
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (InString) {
      if (C == '\\')
        ++I;
      else if (C == '"')
        InString = false;
      continue;
    }
    if (C == '"') {
      InString = true;
    } else if (C == '[' || C == '{') {
      Deepest = std::max(Deepest, ++Depth);
      if (Deepest > Max)
        break;
    } else if ((C == ']' || C == '}') && Depth > 0) {
      --Depth;
    }
  }
  return Deepest;
}

Expected<json::Object> parseDataFile(StringRef Text, StringRef Path) {
  if (jsonDepth(Text, MaxJSONDepth) > MaxJSONDepth)
    return makeError(Path + ": JSON nested more than " + Twine(MaxJSONDepth) +
                     " levels deep: fix the file");
  Expected<json::Value> V = json::parse(Text);
  if (!V)
    return makeError(Path + ": invalid JSON: " + toString(V.takeError()) +
                     "; fix the file");
  json::Object *O = V->getAsObject();
  if (!O)
    return makeError(Path + ": expected a JSON object at the top level");
  return std::move(*O);
}

static StringRef fileKind(sys::fs::file_type T) {
  switch (T) {
  case sys::fs::file_type::directory_file:
    return "a directory";
  case sys::fs::file_type::block_file:
    return "a block device";
  case sys::fs::file_type::character_file:
    return "a character device";
  case sys::fs::file_type::fifo_file:
    return "a FIFO";
  case sys::fs::file_type::socket_file:
    return "a socket";
  default:
    return "not a regular file";
  }
}

// Refuses what is not a regular file of at most MaxDataFileSize bytes.
static Error checkDataFileStatus(const sys::fs::file_status &St, StringRef Path,
                                 StringRef What) {
  if (St.type() != sys::fs::file_type::regular_file)
    return makeError(What + " '" + Path + "' is " + fileKind(St.type()) +
                     ", not a regular file: give the path of a JSON file");
  if (St.getSize() > MaxDataFileSize)
    return makeError(What + " '" + Path + "' is " + Twine(St.getSize()) +
                     " bytes, more than the " + Twine(MaxDataFileSize) +
                     " (1 MiB) a data file may have: give the right file");
  return Error::success();
}

/// The bytes of the data file \p Path (\p What names it in errors), read
/// safely.
static Expected<std::unique_ptr<MemoryBuffer>>
readDataBuffer(StringRef Path, StringRef What) {
  // Look before opening: opening a FIFO would block, reading a device
  // might never end.
  sys::fs::file_status St;
  if (std::error_code EC = sys::fs::status(Path, St))
    return makeError("cannot read " + Path + ": " + EC.message());
  if (Error E = checkDataFileStatus(St, Path, What))
    return std::move(E);
#ifdef NOOS_HAVE_POSIX_OPEN
  // Non-blocking, so that a FIFO put in the file's place since the check
  // above does not block the open; it is refused below.
  int Raw = ::open(Path.str().c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (Raw < 0)
    return makeError("cannot read " + Path + ": " +
                     std::error_code(errno, std::generic_category()).message());
  Expected<sys::fs::file_t> FD = sys::fs::file_t(Raw);
#else
  Expected<sys::fs::file_t> FD = sys::fs::openNativeFileForRead(Path);
  if (!FD)
    return makeError("cannot read " + Path + ": " + toString(FD.takeError()));
#endif
  scope_exit Close([&] { sys::fs::closeFile(*FD); });
  // The same checks on what was opened, in case the path changed meanwhile.
  if (std::error_code EC = sys::fs::status(*FD, St))
    return makeError("cannot read " + Path + ": " + EC.message());
  if (Error E = checkDataFileStatus(St, Path, What))
    return std::move(E);
  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
      MemoryBuffer::getOpenFile(*FD, Path, St.getSize());
  if (!Buf)
    return makeError("cannot read " + Path + ": " + Buf.getError().message());
  return std::move(*Buf);
}

Expected<json::Object> readDataFile(StringRef Path, StringRef What) {
  Expected<std::unique_ptr<MemoryBuffer>> Buf = readDataBuffer(Path, What);
  if (!Buf)
    return Buf.takeError();
  return parseDataFile((*Buf)->getBuffer(), Path);
}

// Merges Src into Dst: nested objects key by key, everything else replaced.
// Src's values are moved, not copied.
static void mergeInto(json::Object &Dst, json::Object &&Src) {
  for (auto &KV : Src) {
    json::Object *SrcObj = KV.second.getAsObject();
    json::Value *DstVal = Dst.get(KV.first);
    if (SrcObj && DstVal && DstVal->getAsObject()) {
      mergeInto(*DstVal->getAsObject(), std::move(*SrcObj));
      continue;
    }
    Dst[KV.first] = std::move(KV.second);
  }
}

Expected<const json::Object *>
InheritanceResolver::resolve(StringRef Name) {
  auto Found = Done.find(Name);
  if (Found != Done.end())
    return &Found->second;
  if (is_contained(Stack, Name.str())) {
    std::string Chain;
    for (const std::string &S : Stack)
      Chain += S + " -> ";
    return makeError("inheritance cycle: " + Chain + Name +
                     "; remove one of the \"inherits\" entries");
  }
  if (Stack.size() >= MaxInheritanceDepth)
    return makeError("'" + Stack.front() + "' inherits through more than " +
                     Twine(MaxInheritanceDepth) + " levels (at '" + Name +
                     "'): shorten the \"inherits\" chain");
  Expected<json::Object> Raw = Lookup(Name);
  if (!Raw)
    return Raw.takeError();
  std::vector<std::string> Parents;
  if (const json::Value *Inh = Raw->get("inherits")) {
    auto Bad = [&] {
      return makeError("'" + Name +
                       "': \"inherits\" must be a name or a list of at most " +
                       Twine(MaxInheritsNames) + " different names");
    };
    if (std::optional<StringRef> S = Inh->getAsString())
      Parents.push_back(S->str());
    else if (const json::Array *A = Inh->getAsArray()) {
      if (A->size() > MaxInheritsNames)
        return Bad();
      for (const json::Value &E : *A) {
        std::optional<StringRef> S = E.getAsString();
        if (!S || is_contained(Parents, S->str()))
          return Bad();
        Parents.push_back(S->str());
      }
    } else
      return Bad();
  }
  Stack.push_back(Name.str());
  json::Object Result;
  for (const std::string &P : Parents) {
    Expected<const json::Object *> Base = resolve(P);
    if (!Base)
      return Base.takeError();
    // A parent stays resolved for others: merged from a copy.
    if (Result.empty())
      Result = **Base;
    else
      mergeInto(Result, json::Object(**Base));
  }
  // Only the file itself decides whether it is abstract, and its name.
  Result.erase("abstract");
  Result.erase("name");
  Raw->erase("inherits");
  if (Result.empty())
    Result = std::move(*Raw); // no parent: the object itself
  else
    mergeInto(Result, std::move(*Raw));
  Stack.pop_back();
  // StringMap's entries do not move when it grows: the pointer stays valid
  // for the resolver's lifetime.
  return &(Done[Name] = std::move(Result));
}

Expected<json::Object> resolveInheritance(
    StringRef Name, function_ref<Expected<json::Object>(StringRef)> Lookup) {
  InheritanceResolver R(Lookup);
  Expected<const json::Object *> O = R.resolve(Name);
  if (!O)
    return O.takeError();
  return **O;
}

// What each key of a data file holds. Every file is checked against its
// schema as it is read, so an error names the file with the bad value (not
// the board that inherits it). "comment" (a string) is allowed in every
// object; any other unknown key is an error, as it is most likely a typo
// that would otherwise be ignored.
namespace {
enum class Type {
  String,
  Number,    ///< integer >= 0, or a string parseNumber reads ("0x1000", "4K")
  Bool,
  Names,     ///< "inherits": a string or a list of strings
  Strings,   ///< list of strings
  Numbers,   ///< list of integers >= 0
  StringMap, ///< object whose values are strings
  Object,    ///< object with the keys of Sub
  Objects,   ///< list of objects with the keys of Sub
  Any,       ///< an object whose keys are not fixed ("targets")
};
struct KeyType {
  const char *Name;
  Type T;
  const std::vector<KeyType> *Sub = nullptr;
};
using Schema = std::vector<KeyType>;
} // namespace

static const Schema MemorySchema = {
    {"flash", Type::String}, {"ram", Type::Strings}, {"text-start", Type::Number},
    {"rounding", Type::Number}};
static const Schema QemuSchema = {
    {"machine", Type::String}, {"cpu", Type::String}, {"system", Type::String},
    {"args", Type::Strings}};
static const Schema BoardSchema = {
    {"inherits", Type::Names},       {"abstract", Type::Bool},
    {"name", Type::String},          {"description", Type::String},
    {"target", Type::String},        {"cpu", Type::String},
    {"march", Type::String},         {"abi", Type::String},
    {"memory", Type::Object, &MemorySchema},
    {"stack-size", Type::Number},    {"irq-count", Type::Number},
    {"irq-names", Type::Strings},    {"code", Type::String},
    {"qemu", Type::Object, &QemuSchema}};

static const Schema MultilibSchema = {
    {"float-abi", Type::String}, {"fp", Type::String}, {"dir", Type::String},
    {"march", Type::String},     {"abi", Type::String},
    {"lib-dirs", Type::Strings},
    // The CPU and FPU the variant's libraries were built for (informative).
    {"cpu", Type::String},       {"fpu", Type::String}};
static const Schema FaultReportSchema = {
    {"name", Type::String}, {"symbol", Type::String},
    {"default-handler", Type::String}};
static const Schema SysrootSchema = {
    {"include", Type::Strings},  {"c++-include", Type::Strings},
    {"lib-dirs", Type::Strings}, {"c++-libs", Type::Strings},
    {"libs", Type::Strings}};
static const Schema TargetSchema = {
    {"inherits", Type::Names},         {"abstract", Type::Bool},
    {"arch", Type::String},            {"profile", Type::String},
    {"llvm-arch", Type::String},       {"cpu", Type::String},
    {"float-abi", Type::String},       {"fpu", Type::String},
    {"address-bits", Type::Number},    {"max-irq-count", Type::Number},
    {"elf-machine", Type::String},     {"cpu-arch-tag", Type::Number},
    {"runs-cpu-arch-tags", Type::Numbers},
    {"stack-size", Type::Number},      {"linker-script", Type::String},
    {"default-board", Type::String},   {"runtime", Type::String},
    {"exceptions", Type::Strings},     {"fpus", Type::StringMap},
    {"cpu-fpus", Type::StringMap},    {"cpu-lld-flags", Type::StringMap},
    {"cpus", Type::Strings},           {"float-options", Type::Bool},
    {"thumb-checks", Type::Bool},      {"stored-label-check", Type::Bool},
    {"stack-check", Type::Bool},       {"code-flags", Type::Strings},
    {"stack-frames", Type::StringMap},
    {"runtime-flags", Type::Strings},
    {"march", Type::String},           {"abi", Type::String},
    {"stack-in-data", Type::Bool},     {"lld-flags", Type::Strings},
    {"abi-elf-flags", Type::StringMap},
    {"multilibs", Type::Objects, &MultilibSchema},
    {"fault-reports", Type::Objects, &FaultReportSchema},
    {"sysroot", Type::Object, &SysrootSchema}};
static const Schema TargetsFileSchema = {{"targets", Type::Any}};

static const char *describe(Type T) {
  switch (T) {
  case Type::String:
    return "a string";
  case Type::Number:
    return "a number or a string such as \"0x1000\" or \"4K\"";
  case Type::Bool:
    return "true or false";
  case Type::Names:
    return "a name or a list of names";
  case Type::Strings:
    return "a list of strings";
  case Type::Numbers:
    return "a list of numbers";
  case Type::StringMap:
    return "an object of strings";
  case Type::Object:
  case Type::Any:
    return "an object";
  case Type::Objects:
    return "a list of objects";
  }
  return "";
}

/// The value of a number key: a JSON integer >= 0, or a string in the
/// command-line syntax. Error text without the "<where>: " prefix.
static Expected<uint64_t> numberValue(const json::Value &V, StringRef Key) {
  if (std::optional<uint64_t> U = V.getAsUINT64())
    return *U;
  if (std::optional<int64_t> I = V.getAsInteger())
    return makeError("\"" + Key + "\" is " + Twine(*I) +
                     ", a negative number: give a number of 0 or more");
  std::optional<StringRef> S = V.getAsString();
  if (!S)
    return makeError("\"" + Key + "\" must be " + describe(Type::Number));
  Expected<uint64_t> N = parseNumber(*S);
  if (!N)
    return makeError("\"" + Key + "\": " + toString(N.takeError()));
  return *N;
}

static Error checkValue(const json::Value &V, const KeyType &K,
                        const std::string &Key, const std::string &Where);

/// Checks \p O against \p S; \p Prefix ("memory.") names nested keys.
static Error checkObject(const json::Object &O, const Schema &S,
                         const std::string &Prefix, const std::string &Where) {
  // Sorted, so that of several bad keys the same one is always reported.
  std::vector<StringRef> Keys;
  for (const auto &KV : O)
    Keys.push_back(KV.first);
  llvm::sort(Keys);
  for (StringRef Key : Keys) {
    const json::Value &V = *O.get(Key);
    std::string Full = Prefix + Key.str();
    if (Key == "comment") {
      if (!V.getAsString())
        return makeError(Where + ": \"" + Full + "\" must be a string");
      continue;
    }
    auto K = find_if(S, [&](const KeyType &T) { return Key == T.Name; });
    if (K == S.end()) {
      std::string Known, Nearest;
      unsigned Best = 3; // suggest names at most 2 edits away
      for (const KeyType &T : S) {
        Known += (Known.empty() ? "\"" : ", \"") + Prefix + T.Name + "\"";
        unsigned D = Key.edit_distance(T.Name, true, Best);
        if (D < Best) {
          Best = D;
          Nearest = Prefix + T.Name;
        }
      }
      if (!Nearest.empty())
        return makeError(Where + ": unknown key \"" + Full +
                         "\": did you mean \"" + Nearest + "\"?");
      return makeError(Where + ": unknown key \"" + Full + "\": the keys are " +
                       Known + " (notes go in \"comment\")");
    }
    if (Error E = checkValue(V, *K, Full, Where))
      return E;
  }
  return Error::success();
}

static Error checkValue(const json::Value &V, const KeyType &K,
                        const std::string &Key, const std::string &Where) {
  auto Bad = [&] {
    return makeError(Where + ": \"" + Key + "\" must be " + describe(K.T));
  };
  switch (K.T) {
  case Type::String:
    return V.getAsString() ? Error::success() : Bad();
  case Type::Bool:
    return V.getAsBoolean() ? Error::success() : Bad();
  case Type::Number:
    if (Expected<uint64_t> N = numberValue(V, Key); !N)
      return makeError(Where + ": " + toString(N.takeError()));
    return Error::success();
  case Type::Names:
    if (V.getAsString())
      return Error::success();
    [[fallthrough]];
  case Type::Strings:
    if (const json::Array *A = V.getAsArray()) {
      for (const json::Value &E : *A)
        if (!E.getAsString())
          return Bad();
      return Error::success();
    }
    return Bad();
  case Type::Numbers:
    if (const json::Array *A = V.getAsArray()) {
      for (const json::Value &E : *A)
        if (!E.getAsUINT64())
          return Bad();
      return Error::success();
    }
    return Bad();
  case Type::StringMap:
    if (const json::Object *O = V.getAsObject()) {
      for (const auto &KV : *O)
        if (!KV.second.getAsString())
          return Bad();
      return Error::success();
    }
    return Bad();
  case Type::Object:
    if (const json::Object *O = V.getAsObject())
      return checkObject(*O, *K.Sub, Key + ".", Where);
    return Bad();
  case Type::Any:
    return V.getAsObject() ? Error::success() : Bad();
  case Type::Objects:
    if (const json::Array *A = V.getAsArray()) {
      for (const json::Value &E : *A) {
        const json::Object *O = E.getAsObject();
        if (!O)
          return Bad();
        if (Error Err = checkObject(*O, *K.Sub, Key + "[].", Where))
          return Err;
      }
      return Error::success();
    }
    return Bad();
  }
  return Error::success();
}

/// A C identifier: what "<name>_IRQHandler" needs to be a symbol the
/// generated linker script and CMSIS code can both name.
static bool isCIdentifier(StringRef S) {
  if (S.empty() || !(isAlpha(S[0]) || S[0] == '_'))
    return false;
  return all_of(S, [](char C) { return isAlnum(C) || C == '_'; });
}

/// Checks "irq-names" of one board file: identifiers, each once.
static Error checkIRQNames(const json::Object &O, const std::string &Where) {
  const json::Array *A = O.getArray("irq-names");
  if (!A)
    return Error::success();
  StringMap<size_t> Seen;
  for (size_t I = 0; I < A->size(); ++I) {
    StringRef N = *(*A)[I].getAsString();
    if (N.empty())
      continue; // a reserved slot: IRQ<n>_Handler
    if (!isCIdentifier(N))
      return makeError(Where + ": \"irq-names\" entry " + Twine(I) + " '" + N +
                       "' is not a C identifier (letters, digits and '_', not "
                       "starting with a digit): fix the name, or use \"\" for "
                       "IRQ" + Twine(I) + "_Handler");
    auto [It, New] = Seen.try_emplace(N, I);
    if (!New)
      return makeError(Where + ": \"irq-names\" names '" + N +
                       "' twice (interrupts " + Twine(It->second) + " and " +
                       Twine(I) + "): give each interrupt its own name");
  }
  return Error::success();
}

// Typed field readers that report "<where>: <field> ..." on a wrong type.
namespace {
class Fields {
public:
  /// \p Prefix ("memory.") names the object's keys in errors.
  Fields(const json::Object &O, StringRef Where, StringRef Prefix = "")
      : O(O), Where(Where.str()), Prefix(Prefix.str()) {}

  Error str(StringRef Key, std::string &Out) {
    if (const json::Value *V = O.get(Key)) {
      std::optional<StringRef> S = V->getAsString();
      if (!S)
        return bad(Key, "a string");
      Out = S->str();
    }
    return Error::success();
  }
  /// A number at most \p Max; \p Range says where the bound comes from
  /// ("the 32-bit address space of thumbv7em-noos").
  Error num(StringRef Key, uint64_t &Out, uint64_t Max, const Twine &Range,
            bool Hex = false) {
    if (const json::Value *V = O.get(Key)) {
      Expected<uint64_t> N = numberValue(*V, Key);
      if (!N)
        return makeError(Where + ": " + toString(N.takeError()));
      if (*N > Max) {
        auto Fmt = [&](uint64_t X) {
          return Hex ? formatAddress(X) : std::to_string(X);
        };
        return makeError(Where + ": \"" + Prefix + Key + "\" is " + Fmt(*N) +
                         ", outside the range " + Fmt(0) + " to " + Fmt(Max) +
                         " of " +
                         Range + ": give a number in that range");
      }
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
  /// Calls \p Each on every object of the list \p Key, if there is one.
  Error objects(StringRef Key,
                function_ref<Error(const json::Object &)> Each) {
    const json::Value *V = O.get(Key);
    if (!V)
      return Error::success();
    const json::Array *A = V->getAsArray();
    if (!A)
      return bad(Key, "a list of objects");
    for (const json::Value &E : *A) {
      const json::Object *EO = E.getAsObject();
      if (!EO)
        return bad(Key, "a list of objects");
      if (Error Err = Each(*EO))
        return Err;
    }
    return Error::success();
  }
  Error bad(StringRef Key, StringRef Want) {
    return makeError(Where + ": \"" + Key + "\" must be " + Want);
  }

private:
  const json::Object &O;
  std::string Where;
  std::string Prefix;
};
} // namespace

/// Builds the target \p Name from its resolved object \p Obj (read from
/// \p Path), checking each value's range.
static Expected<TargetInfo> buildTarget(StringRef Name, const json::Object &Obj,
                                        StringRef Path) {
  TargetInfo T;
  T.Name = Name.str();
  Fields F(Obj, (Path + ": " + T.Name).str());
  uint64_t Bits = 32, Tag = ~0ull, Stack = 0, MaxIRQs = 0;
  std::string Machine;
  if (Error E = F.num("address-bits", Bits, ~0ull, "numbers"))
    return std::move(E);
  if (Bits < 8 || Bits > 64)
    return makeError(Path + ": " + T.Name + ": \"address-bits\" is " +
                     Twine(Bits) + ", outside the range 8 to 64 of address "
                     "sizes: give a number in that range");
  uint64_t Limit = Bits == 64 ? ~0ull : (1ull << Bits) - 1;
  if (Error E = joinErrors(
          joinErrors(F.num("cpu-arch-tag", Tag, 255, "Arm Tag_CPU_arch values"),
                     F.num("stack-size", Stack, Limit,
                           Twine(Bits) + "-bit addresses")),
          F.num("max-irq-count", MaxIRQs, 65535, "interrupt counts")))
    return std::move(E);
  if (Error E = joinErrors(
          joinErrors(F.str("arch", T.Arch), F.str("profile", T.Profile)),
          joinErrors(F.str("llvm-arch", T.LLVMArch), F.str("cpu", T.CPU))))
    return std::move(E);
  if (Error E = joinErrors(
          joinErrors(F.str("float-abi", T.FloatABI), F.str("fpu", T.FPU)),
          F.str("elf-machine", Machine)))
    return std::move(E);
  if (Error E = joinErrors(
          joinErrors(F.str("linker-script", T.LinkerScript),
                     F.str("default-board", T.DefaultBoard)),
          joinErrors(F.str("runtime", T.Runtime),
                     F.strList("exceptions", T.Exceptions))))
    return std::move(E);
  if (Error E = joinErrors(
          joinErrors(F.strMap("fpus", T.FPUKinds),
                     F.strMap("cpu-fpus", T.CPUFPUs)),
          F.strMap("cpu-lld-flags", T.CPULLDFlags)))
    return std::move(E);
  if (Error E = joinErrors(F.strList("cpus", T.CPUs),
                           F.strList("code-flags", T.CodeFlags)))
    return std::move(E);
  T.FloatOptions = Obj.getBoolean("float-options").value_or(true);
  T.ThumbChecks = Obj.getBoolean("thumb-checks").value_or(false);
  T.StoredLabelCheck = Obj.getBoolean("stored-label-check").value_or(false);
  T.StackCheck = Obj.getBoolean("stack-check").value_or(false);
  T.StackInData = Obj.getBoolean("stack-in-data").value_or(false);
  std::map<std::string, std::string> Frames;
  if (Error E = F.strMap("stack-frames", Frames))
    return std::move(E);
  for (const auto &KV : Frames) {
    if (KV.first == "comment")
      continue;
    uint64_t V;
    if (StringRef(KV.second).getAsInteger(0, V))
      return F.bad("stack-frames", "an object of frame names to byte "
                                   "counts written as strings (\"36\")");
    T.StackFrames[KV.first] = V;
  }
  if (Error E = joinErrors(
          joinErrors(F.str("march", T.March), F.str("abi", T.ABI)),
          F.strList("lld-flags", T.LLDFlags)))
    return std::move(E);
  std::map<std::string, std::string> ABIFlags;
  if (Error E = F.strMap("abi-elf-flags", ABIFlags))
    return std::move(E);
  for (const auto &KV : ABIFlags) {
    uint32_t V;
    if (StringRef(KV.second).getAsInteger(0, V))
      return F.bad("abi-elf-flags", "an object of ABI names to numbers "
                                    "written as strings (\"0x4\")");
    T.ABIELFFlags[KV.first] = V;
  }
  if (const json::Array *RA = Obj.getArray("runs-cpu-arch-tags"))
    for (const json::Value &V : *RA) {
      std::optional<int64_t> I = V.getAsInteger();
      if (!I || *I < 0 || *I > 255)
        return F.bad("runs-cpu-arch-tags",
                     "a list of Arm Tag_CPU_arch values (0 to 255)");
      T.RunsCPUArchTags.push_back(int(*I));
    }
  if (Error E = F.objects("multilibs", [&](const json::Object &MO) -> Error {
        Multilib M;
        Fields MF(MO, (Path + ": " + T.Name + ": multilibs").str());
        if (Error Err = joinErrors(
                joinErrors(MF.str("float-abi", M.FloatABI), MF.str("fp", M.FP)),
                MF.str("dir", M.Dir)))
          return Err;
        if (Error Err = joinErrors(
                joinErrors(MF.str("march", M.March), MF.str("abi", M.ABI)),
                MF.strList("lib-dirs", M.LibDirs)))
          return Err;
        T.Multilibs.push_back(std::move(M));
        return Error::success();
      }))
    return std::move(E);
  if (Error E = F.objects("fault-reports", [&](const json::Object &FO) -> Error {
        FaultReport R;
        Fields FF(FO, (Path + ": " + T.Name + ": fault-reports").str());
        if (Error Err = joinErrors(
                joinErrors(FF.str("name", R.Name), FF.str("symbol", R.Symbol)),
                FF.str("default-handler", R.DefaultHandler)))
          return Err;
        T.FaultReports.push_back(std::move(R));
        return Error::success();
      }))
    return std::move(E);
  if (const json::Object *SO = Obj.getObject("sysroot")) {
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
  T.MaxIRQCount = MaxIRQs;
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
  return std::move(T);
}

/// The concrete targets of a parsed targets.json, each checked, sorted by
/// name.
static Expected<std::vector<TargetInfo>> loadTargets(const json::Object &File,
                                                     StringRef Path) {
  const json::Object *All = File.getObject("targets");
  if (!All)
    return makeError(Path + ": expected an object \"targets\"");
  if (Error E = checkObject(File, TargetsFileSchema, "", std::string(Path)))
    return std::move(E);
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
    if (Error E = checkObject(*Raw, TargetSchema, "",
                              (Path + ": " + StringRef(KV.first)).str()))
      return std::move(E);
  }
  std::vector<TargetInfo> Targets;
  // One resolver for all targets: a parent ("arm-m") is resolved once.
  InheritanceResolver R(Lookup);
  for (const auto &KV : *All) {
    if (KV.second.getAsObject()->getBoolean("abstract").value_or(false))
      continue;
    Expected<const json::Object *> O = R.resolve(KV.first);
    if (!O)
      return O.takeError();
    Expected<TargetInfo> T = buildTarget(KV.first, **O, Path);
    if (!T)
      return T.takeError();
    Targets.push_back(std::move(*T));
    // Its merged object is done with, and its memory serves the next
    // target (one that inherits it, rare for a concrete target, resolves
    // it again).
    R.forget(KV.first);
  }
  // JSON objects are unordered; list targets in a stable order.
  llvm::sort(Targets, [](const TargetInfo &A, const TargetInfo &B) {
    return A.Name < B.Name;
  });
  return std::move(Targets);
}

namespace {
/// A cursor over JSON text that finds where values start and end without
/// building them: enough to cut targets.json into one piece per target.
/// It checks only what it needs (brackets, strings); a piece is parsed,
/// and so checked in full, when its target is used.
class JSONCutter {
public:
  explicit JSONCutter(StringRef Text) : Text(Text) {}
  bool eat(char C) {
    skipSpace();
    if (Pos >= Text.size() || Text[Pos] != C)
      return false;
    ++Pos;
    return true;
  }
  bool peek(char C) {
    skipSpace();
    return Pos < Text.size() && Text[Pos] == C;
  }
  /// A string without escapes (the names cut at have none).
  std::optional<StringRef> plainString() {
    if (!eat('"'))
      return std::nullopt;
    size_t End = Text.find_first_of("\"\\", Pos);
    if (End == StringRef::npos || Text[End] != '"')
      return std::nullopt;
    StringRef S = Text.slice(Pos, End);
    Pos = End + 1;
    return S;
  }
  /// Skips one value, iteratively (no recursion however deep it nests).
  std::optional<StringRef> value() {
    skipSpace();
    size_t Start = Pos;
    size_t Depth = 0;
    do {
      if (Pos >= Text.size())
        return std::nullopt;
      char C = Text[Pos++];
      if (C == '"') {
        for (;;) {
          if (Pos >= Text.size())
            return std::nullopt;
          char D = Text[Pos++];
          if (D == '\\')
            ++Pos;
          else if (D == '"')
            break;
        }
      } else if (C == '{' || C == '[') {
        ++Depth;
      } else if (C == '}' || C == ']') {
        if (Depth == 0)
          return std::nullopt;
        --Depth;
      } else if (Depth == 0) {
        // A number or a literal: up to the next delimiter.
        while (Pos < Text.size() && !StringRef(",}] \t\r\n").contains(Text[Pos]))
          ++Pos;
      }
    } while (Depth != 0);
    return Text.slice(Start, Pos);
  }
  bool atEnd() {
    skipSpace();
    return Pos == Text.size();
  }

private:
  void skipSpace() {
    while (Pos < Text.size() && StringRef(" \t\r\n").contains(Text[Pos]))
      ++Pos;
  }
  StringRef Text;
  size_t Pos = 0;
};
} // namespace

/// Cuts targets.json's text into each target's object text. False for
/// anything but the plain shape ({"targets": {NAME: {...}, ...}} and an
/// optional "comment" string): the whole file is then read as usual, which
/// names what is wrong.
static bool cutTargets(StringRef Text, StringMap<StringRef> &Out) {
  JSONCutter C(Text);
  if (!C.eat('{'))
    return false;
  bool SeenTargets = false, SeenComment = false;
  while (!C.peek('}')) {
    if ((SeenTargets || SeenComment) && !C.eat(','))
      return false;
    std::optional<StringRef> Key = C.plainString();
    if (!Key || !C.eat(':'))
      return false;
    if (*Key == "comment" && !SeenComment) {
      SeenComment = true;
      if (!C.peek('"') || !C.value())
        return false;
      continue;
    }
    if (*Key != "targets" || SeenTargets || !C.eat('{'))
      return false;
    SeenTargets = true;
    for (bool First = true; !C.eat('}'); First = false) {
      if (!First && !C.eat(','))
        return false;
      std::optional<StringRef> Name = C.plainString();
      if (!Name || !C.eat(':'))
        return false;
      std::optional<StringRef> V = C.value();
      if (!V || !Out.try_emplace(*Name, *V).second)
        return false; // a duplicate: the whole file decides
    }
  }
  return C.eat('}') && C.atEnd() && SeenTargets;
}

/// What an on-demand database keeps: targets.json's text, each target's
/// piece of it, and the targets built so far (a map: their addresses are
/// handed out and stay valid).
struct Database::OnDemand {
  std::unique_ptr<MemoryBuffer> Text;
  StringMap<StringRef> Pieces;
  std::map<std::string, TargetInfo, std::less<>> Built;
  bool AllLoaded = false;
};

static std::string incomplete(Error E) {
  return toString(std::move(E)) +
         " (the noos data directory is incomplete; reinstall noos)";
}

Expected<Database> Database::open(StringRef Dir, Load L) {
  Database DB;
  DB.Dir = Dir.str();
  SmallString<256> Path(Dir);
  sys::path::append(Path, "targets.json");
  DB.TargetsPath = std::string(Path);
  Expected<std::unique_ptr<MemoryBuffer>> Buf =
      readDataBuffer(Path, "target database");
  if (!Buf)
    return makeError(incomplete(Buf.takeError()));
  if (L == Load::OnDemand) {
    auto S = std::make_shared<OnDemand>();
    if (cutTargets((*Buf)->getBuffer(), S->Pieces)) {
      S->Text = std::move(*Buf);
      DB.Lazy = std::move(S);
      return std::move(DB);
    }
  }
  Expected<json::Object> File = parseDataFile((*Buf)->getBuffer(), Path);
  if (!File)
    return makeError(incomplete(File.takeError()));
  Expected<std::vector<TargetInfo>> T = loadTargets(*File, Path);
  if (!T)
    return T.takeError();
  DB.Targets = std::move(*T);
  return std::move(DB);
}

Error Database::loadAll() const {
  if (!Lazy || Lazy->AllLoaded)
    return Error::success();
  Expected<json::Object> File =
      parseDataFile(Lazy->Text->getBuffer(), TargetsPath);
  if (!File)
    return makeError(incomplete(File.takeError()));
  Expected<std::vector<TargetInfo>> T = loadTargets(*File, TargetsPath);
  if (!T)
    return T.takeError();
  Targets = std::move(*T);
  Lazy->AllLoaded = true;
  return Error::success();
}

Expected<const TargetInfo *> Database::buildOnDemand(StringRef Name) const {
  auto Found = Lazy->Built.find(Name);
  if (Found != Lazy->Built.end())
    return &Found->second;
  // A piece that is not an object, or does not parse: null, and the caller
  // reads the whole file instead, for an error that points into it.
  bool Irregular = false;
  auto Lookup = [&](StringRef N) -> Expected<json::Object> {
    auto P = Lazy->Pieces.find(N);
    if (P == Lazy->Pieces.end())
      return makeError(TargetsPath + ": target '" + N + "' is not defined");
    Expected<json::Object> O = P->second.starts_with("{")
                                   ? parseDataFile(P->second, TargetsPath)
                                   : makeError("not an object");
    if (!O) {
      Irregular = true;
      return O.takeError();
    }
    if (Error E = checkObject(*O, TargetSchema, "",
                              (TargetsPath + ": " + N).str()))
      return std::move(E);
    return std::move(*O);
  };
  Expected<json::Object> Raw = Lookup(Name);
  if (!Raw || Raw->getBoolean("abstract").value_or(false)) {
    if (!Raw && !Irregular)
      return Raw.takeError();
    consumeError(Raw.takeError());
    return nullptr; // an abstract target is looked up among all (and not found)
  }
  InheritanceResolver R(Lookup);
  Expected<const json::Object *> O = R.resolve(Name);
  if (!O) {
    if (!Irregular)
      return O.takeError();
    consumeError(O.takeError());
    return nullptr;
  }
  Expected<TargetInfo> T = buildTarget(Name, **O, TargetsPath);
  if (!T)
    return T.takeError();
  return &Lazy->Built.emplace(Name.str(), std::move(*T)).first->second;
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
  if (Lazy && !Lazy->AllLoaded) {
    // On demand: only the target named (and what it inherits) is read;
    // anything else (an LLVM name, an unknown one, a broken piece) is
    // looked up among all of them.
    if (OSKnown && Lazy->Pieces.count(Arch)) {
      Expected<const TargetInfo *> T = buildOnDemand(Arch);
      if (!T)
        return T.takeError();
      if (*T)
        return **T;
    }
    if (Error E = loadAll())
      return std::move(E);
  }
  for (const TargetInfo &T : Targets)
    if (OSKnown && (T.Name == Arch || T.LLVMArch == Arch))
      return T;
  std::string List;
  for (const TargetInfo &T : Targets)
    List += (List.empty() ? "" : ", ") + T.noosTriple();
  return makeError("unknown target '" + Triple + "': supported targets are " +
                   List);
}

const std::vector<TargetInfo> &Database::targets() const {
  assert((!Lazy || Lazy->AllLoaded) && "Load::OnDemand: loadAll() first");
  return Targets;
}

const TargetInfo *Database::targetForObject(unsigned Machine,
                                            int CPUArchTag) const {
  assert((!Lazy || Lazy->AllLoaded) && "Load::OnDemand: loadAll() first");
  for (const TargetInfo &T : Targets)
    // A target without a tag (armv7a shares v7 with thumbv7m) is never
    // inferred, not even for an object that has no tag either.
    if (T.ELFMachine == Machine && T.CPUArchTag >= 0 &&
        T.CPUArchTag == CPUArchTag)
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
    Expected<json::Object> O = readDataFile(P, "board file");
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

/// Reads one board file and checks it on its own: keys and their types,
/// "irq-names". The checks that need the target come after inheritance.
static Expected<json::Object> readBoardFile(StringRef Path) {
  Expected<json::Object> O = readDataFile(Path, "board file");
  if (!O)
    return O.takeError();
  if (Error E = checkObject(*O, BoardSchema, "", Path.str()))
    return std::move(E);
  if (Error E = checkIRQNames(*O, Path.str()))
    return std::move(E);
  return O;
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
      return readBoardFile(NameOrFile);
    }
    SmallVector<std::string, 2> Dirs;
    if (IsFile)
      Dirs.push_back(UserDir.empty() ? "." : UserDir);
    Dirs.push_back(std::string(BoardDir));
    for (const std::string &D : Dirs) {
      SmallString<256> P(D);
      sys::path::append(P, Name + ".json");
      if (sys::fs::exists(P))
        return readBoardFile(P);
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
  // Every key has its type already (readBoardFile); what is left are the
  // values' ranges, which depend on the target.
  std::string Where = B.Path;
  Fields F(*O, Where);
  if (Error E = joinErrors(
          joinErrors(F.str("name", B.Name), F.str("description", B.Description)),
          joinErrors(F.str("target", B.Target), F.str("cpu", B.CPU))))
    return std::move(E);
  if (Error E = joinErrors(F.strList("irq-names", B.IRQNames),
                           F.str("code", B.Code)))
    return std::move(E);
  if (Error E = joinErrors(F.str("march", B.March), F.str("abi", B.ABI)))
    return std::move(E);
  if (B.Target.empty())
    return makeError(Where + ": the board names no \"target\"; add one such "
                     "as \"thumbv7em-noos\"");
  Expected<const TargetInfo &> T = target(B.Target);
  if (!T)
    return makeError(Where + ": " + toString(T.takeError()));
  const std::string Triple = T->noosTriple();
  const uint64_t Limit =
      T->AddressBits >= 64 ? ~0ull : (1ull << T->AddressBits) - 1;
  const std::string Space =
      "the " + std::to_string(T->AddressBits) + "-bit addresses of " + Triple;

  uint64_t IRQs = 0;
  if (Error E = F.num("irq-count", IRQs, T->MaxIRQCount,
                      Triple + "'s interrupt controller (\"max-irq-count\" in "
                               "targets.json)"))
    return std::move(E);
  if (B.IRQNames.size() > IRQs)
    return makeError(Where + ": \"irq-names\" lists " +
                     Twine(B.IRQNames.size()) + " interrupts but \"irq-count\" is " +
                     Twine(IRQs) + "; make them agree");
  B.IRQCount = IRQs;

  auto Block = [&](StringRef S, StringRef Key) -> Expected<MemBlock> {
    Expected<MemBlock> Blk = parseBlock(S, Key);
    if (!Blk)
      return makeError(Where + ": " + toString(Blk.takeError()));
    if (Blk->Origin > Limit || (Blk->Size && Blk->Size - 1 > Limit - Blk->Origin))
      return makeError(Where + ": \"" + Key + "\" " + Blk->str() + " ends past " +
                       Space + " (0x0 to " + formatAddress(Limit) +
                       "): lower its address or size");
    return Blk;
  };
  if (const json::Object *Mem = O->getObject("memory")) {
    if (std::optional<StringRef> S = Mem->getString("flash")) {
      Expected<MemBlock> Blk = Block(*S, "memory.flash");
      if (!Blk)
        return Blk.takeError();
      B.Memory.Flash = *Blk;
    }
    if (const json::Array *A = Mem->getArray("ram"))
      for (const json::Value &E : *A) {
        Expected<MemBlock> Blk = Block(*E.getAsString(), "memory.ram");
        if (!Blk)
          return Blk.takeError();
        B.Memory.RAM.push_back(*Blk);
      }
    Fields MF(*Mem, Where, "memory.");
    uint64_t Text = ~0ull;
    if (Mem->get("text-start")) {
      if (Error E = MF.num("text-start", Text, Limit, Space, /*Hex=*/true))
        return std::move(E);
      B.Memory.TextStart = Text;
    }
    // TamaGo's -R: the writable segment's start is rounded to it.
    if (Mem->get("rounding")) {
      uint64_t Q = 0;
      if (Error E = MF.num("rounding", Q, Limit, Space, /*Hex=*/true))
        return std::move(E);
      B.Memory.Quantum = Q;
    }
  }

  // The stack sits at the bottom of RAM block 1, aligned to 8 (AAPCS).
  uint64_t Stack = 0;
  if (B.Memory.RAM.empty()) {
    if (Error E = F.num("stack-size", Stack, Limit, Space))
      return std::move(E);
  } else {
    const MemBlock &R = B.Memory.RAM.front();
    if (Error E = F.num("stack-size", Stack, R.Size ? R.Size - 1 : 0,
                        "RAM block 1 (" + R.str() + ")"))
      return std::move(E);
  }
  if (Stack % 8)
    return makeError(Where + ": \"stack-size\" is " + Twine(Stack) +
                     ", not a multiple of 8 (the AAPCS stack alignment): round "
                     "it up to " + Twine(alignTo(Stack, 8)));
  B.Memory.StackSize = Stack;

  if (const json::Object *Q = O->getObject("qemu")) {
    Fields QF(*Q, Where + ": qemu");
    if (Error E = joinErrors(joinErrors(QF.str("machine", B.QemuMachine),
                                        QF.str("cpu", B.QemuCPU)),
                             QF.str("system", B.QemuSystem)))
      return std::move(E);
    if (Error E = QF.strList("args", B.QemuArgs))
      return std::move(E);
  }
  return std::move(B);
}

} // namespace noos
