//===- ThumbChecks.cpp - M-profile Thumb checks LLD does not make ---------===//
//
// Reads the linked image (and its input objects, to name culprits) and
// reports vector table entries and entry points without the Thumb bit,
// ARM-state code, and objects built for different float ABIs.
//
// The image and the objects are read through llvm::object::ELFFile directly:
// symbol values are wanted raw (ELFObjectFile clears the Thumb bit of ARM
// function symbols) and ELFObjectFileBase::getBuildAttributes is protected.
//
//===----------------------------------------------------------------------===//

#include "noos/Checks.h"
#include "noos/Support.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/Binary.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/ARMAttributeParser.h"
#include "llvm/Support/ARMBuildAttributes.h"
#include "llvm/Support/ELFAttributes.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include <map>
#include <optional>
#include <tuple>

using namespace llvm;
using namespace llvm::object;

namespace noos {

void DiagSink::report(const Twine &Msg) {
  if (Mode == CheckMode::Off)
    return;
  bool IsError = Mode == CheckMode::Error;
  OS << Tool << (IsError ? ": error: " : ": warning: ") << Msg << "\n";
  if (IsError)
    ++Errors;
  else
    ++Warnings;
}

namespace {

//===----------------------------------------------------------------------===//
// A plain model of one ELF file (the image or an input object)
//===----------------------------------------------------------------------===//

/// The ARM build attributes the checks look at.
struct ArmAttributes {
  bool Present = false;
  std::optional<unsigned> Arch;
  std::optional<unsigned> Profile;
  std::optional<unsigned> VFPArgs;
  /// True if the file records calling-convention attributes (Tag_ABI_PCS_*,
  /// Tag_ABI_FP_*, Tag_ABI_align_*, Tag_ABI_enum_size, Tag_conformance...),
  /// which compilers emit and assemblers do not. Only such files say
  /// anything about their float ABI when Tag_ABI_VFP_args is absent.
  bool HasCallingConvention = false;
};

struct ElfSection {
  StringRef Name;
  uint64_t Addr = 0;
  uint64_t Size = 0;
  uint64_t Flags = 0;
  uint32_t Type = 0;
  ArrayRef<uint8_t> Contents;

  bool isAlloc() const { return Flags & ELF::SHF_ALLOC; }
  bool isCode() const {
    return (Flags & ELF::SHF_ALLOC) && (Flags & ELF::SHF_EXECINSTR);
  }
};

struct ElfSymbol {
  StringRef Name;
  uint64_t Value = 0; // raw st_value: Thumb functions have bit 0 set
  uint64_t Size = 0;
  uint8_t Type = ELF::STT_NOTYPE;
  uint8_t Binding = ELF::STB_LOCAL;
  /// Index of the defining section, or 0 if undefined, absolute, common or
  /// in a reserved/extended index.
  unsigned Section = 0;
  bool Defined = false;
  unsigned Index = 0; // in the symbol table

  bool isFunction() const { return Type == ELF::STT_FUNC; }
  bool isGlobal() const { return Binding != ELF::STB_LOCAL; }
  uint64_t start() const { return isFunction() ? Value & ~1ULL : Value; }
};

/// 'a', 't' or 'd' for the ARM mapping symbols "$a", "$t", "$d" and their
/// "$x.<anything>" forms; 0 for any other name.
char mappingKind(StringRef Name) {
  if (Name.size() < 2 || Name[0] != '$')
    return 0;
  char K = Name[1];
  if (K != 'a' && K != 't' && K != 'd')
    return 0;
  if (Name.size() > 2 && Name[2] != '.')
    return 0;
  return K;
}

struct ElfModel {
  uint16_t Machine = 0;
  uint64_t Entry = 0;
  bool LittleEndian = true;
  bool HasSymtab = false;
  std::vector<ElfSection> Sections; // indexed by ELF section index
  std::vector<ElfSymbol> Symbols;   // no mapping, section or file symbols
  std::vector<ElfSymbol> Mapping;   // $a, $t, $d
  ArmAttributes Attributes;

  const ElfSection *section(unsigned Idx) const {
    return Idx && Idx < Sections.size() ? &Sections[Idx] : nullptr;
  }
  bool definedInCode(const ElfSymbol &S) const {
    const ElfSection *Sec = section(S.Section);
    return Sec && Sec->isCode();
  }
  /// True if the object has a non-empty executable section.
  bool hasCode() const {
    return any_of(Sections,
                  [](const ElfSection &S) { return S.isCode() && S.Size; });
  }
};

ArmAttributes parseAttributes(ArrayRef<uint8_t> Contents, bool LittleEndian) {
  ArmAttributes A;
  if (Contents.size() < 2 || Contents[0] != ELFAttrs::Format_Version)
    return A;
  ARMAttributeParser Parser;
  // A malformed tail still leaves the attributes read before it.
  consumeError(Parser.parse(Contents, LittleEndian ? endianness::little
                                                   : endianness::big));
  A.Present = true;
  A.Arch = Parser.getAttributeValue(ARMBuildAttrs::CPU_arch);
  A.Profile = Parser.getAttributeValue(ARMBuildAttrs::CPU_arch_profile);
  A.VFPArgs = Parser.getAttributeValue(ARMBuildAttrs::ABI_VFP_args);
  static const unsigned CallingConventionTags[] = {
      ARMBuildAttrs::ABI_PCS_R9_use,         ARMBuildAttrs::ABI_PCS_RW_data,
      ARMBuildAttrs::ABI_PCS_RO_data,        ARMBuildAttrs::ABI_PCS_GOT_use,
      ARMBuildAttrs::ABI_PCS_wchar_t,        ARMBuildAttrs::ABI_FP_rounding,
      ARMBuildAttrs::ABI_FP_denormal,        ARMBuildAttrs::ABI_FP_exceptions,
      ARMBuildAttrs::ABI_FP_user_exceptions, ARMBuildAttrs::ABI_FP_number_model,
      ARMBuildAttrs::ABI_align_needed,       ARMBuildAttrs::ABI_align_preserved,
      ARMBuildAttrs::ABI_enum_size,          ARMBuildAttrs::ABI_VFP_args,
      ARMBuildAttrs::ABI_optimization_goals, ARMBuildAttrs::conformance};
  A.HasCallingConvention = any_of(CallingConventionTags, [&](unsigned Tag) {
    return Parser.getAttributeValue(Tag).has_value() ||
           Parser.getAttributeString(Tag).has_value();
  });
  return A;
}

template <class ELFT>
Error readModel(const ELFFile<ELFT> &EF, ElfModel &M) {
  M.Machine = EF.getHeader().e_machine;
  M.Entry = EF.getHeader().e_entry;
  M.LittleEndian = ELFT::Endianness == endianness::little;

  auto SectionsOrErr = EF.sections();
  if (!SectionsOrErr)
    return SectionsOrErr.takeError();
  const typename ELFT::Shdr *Symtab = nullptr;
  for (const typename ELFT::Shdr &Sec : *SectionsOrErr) {
    ElfSection S;
    if (Expected<StringRef> Name = EF.getSectionName(Sec))
      S.Name = *Name;
    else
      consumeError(Name.takeError());
    S.Addr = Sec.sh_addr;
    S.Size = Sec.sh_size;
    S.Flags = Sec.sh_flags;
    S.Type = Sec.sh_type;
    if (Sec.sh_type != ELF::SHT_NOBITS) {
      if (auto Contents = EF.getSectionContents(Sec))
        S.Contents = *Contents;
      else
        consumeError(Contents.takeError());
    }
    if (Sec.sh_type == ELF::SHT_ARM_ATTRIBUTES && !M.Attributes.Present)
      M.Attributes = parseAttributes(S.Contents, M.LittleEndian);
    if (Sec.sh_type == ELF::SHT_SYMTAB)
      Symtab = &Sec;
    M.Sections.push_back(S);
  }
  if (!Symtab)
    return Error::success();

  auto SymbolsOrErr = EF.symbols(Symtab);
  if (!SymbolsOrErr)
    return SymbolsOrErr.takeError();
  auto StrTabOrErr = EF.getStringTableForSymtab(*Symtab);
  if (!StrTabOrErr)
    return StrTabOrErr.takeError();
  M.HasSymtab = true;
  unsigned Index = 0;
  for (const typename ELFT::Sym &Sym : *SymbolsOrErr) {
    if (Index++ == 0)
      continue;
    uint8_t Type = Sym.getType();
    if (Type == ELF::STT_SECTION || Type == ELF::STT_FILE)
      continue;
    Expected<StringRef> Name = Sym.getName(*StrTabOrErr);
    if (!Name) {
      consumeError(Name.takeError());
      continue;
    }
    if (Name->empty())
      continue;
    ElfSymbol S;
    S.Name = *Name;
    S.Value = Sym.st_value;
    S.Size = Sym.st_size;
    S.Type = Type;
    S.Binding = Sym.getBinding();
    S.Defined = Sym.st_shndx != ELF::SHN_UNDEF;
    S.Index = Index - 1;
    if (S.Defined && Sym.st_shndx < ELF::SHN_LORESERVE)
      S.Section = Sym.st_shndx;
    if (mappingKind(S.Name)) {
      if (S.Section)
        M.Mapping.push_back(S);
      continue;
    }
    M.Symbols.push_back(S);
  }
  // Mapping symbols sorted by address, for "which state is the code at X".
  llvm::sort(M.Mapping, [](const ElfSymbol &A, const ElfSymbol &B) {
    return std::tie(A.Value, A.Index) < std::tie(B.Value, B.Index);
  });
  return Error::success();
}

Error readModel(const ELFObjectFileBase &Obj, ElfModel &M) {
  if (const auto *O = dyn_cast<ELF32LEObjectFile>(&Obj))
    return readModel(O->getELFFile(), M);
  if (const auto *O = dyn_cast<ELF32BEObjectFile>(&Obj))
    return readModel(O->getELFFile(), M);
  if (const auto *O = dyn_cast<ELF64LEObjectFile>(&Obj))
    return readModel(O->getELFFile(), M);
  if (const auto *O = dyn_cast<ELF64BEObjectFile>(&Obj))
    return readModel(O->getELFFile(), M);
  return makeError("unknown ELF flavour");
}

//===----------------------------------------------------------------------===//
// Profile and target
//===----------------------------------------------------------------------===//

enum class Profile { Unknown, M, Other };

Profile profileOf(const ArmAttributes &A) {
  if (!A.Present)
    return Profile::Unknown;
  if (A.Profile && *A.Profile == ARMBuildAttrs::MicroControllerProfile)
    return Profile::M;
  if (A.Profile && *A.Profile != ARMBuildAttrs::Not_Applicable)
    return Profile::Other; // 'A', 'R' or 'S'
  if (!A.Arch)
    return Profile::Unknown;
  switch (*A.Arch) {
  case ARMBuildAttrs::v6_M:
  case ARMBuildAttrs::v6S_M:
  case ARMBuildAttrs::v7E_M:
  case ARMBuildAttrs::v8_M_Base:
  case ARMBuildAttrs::v8_M_Main:
  case ARMBuildAttrs::v8_1_M_Main:
    return Profile::M;
  case ARMBuildAttrs::v7: // M3 or A8: the profile tag would have said
    return Profile::Unknown;
  default:
    return Profile::Other;
  }
}

/// The clang triple for an M-profile architecture, or "" if unknown.
StringRef thumbTriple(const ArmAttributes &A) {
  if (profileOf(A) != Profile::M || !A.Arch)
    return "";
  switch (*A.Arch) {
  case ARMBuildAttrs::v6_M:
  case ARMBuildAttrs::v6S_M:
    return "thumbv6m-none-eabi";
  case ARMBuildAttrs::v7:
    return "thumbv7m-none-eabi";
  case ARMBuildAttrs::v7E_M:
    return "thumbv7em-none-eabi";
  case ARMBuildAttrs::v8_M_Base:
    return "thumbv8m.base-none-eabi";
  case ARMBuildAttrs::v8_M_Main:
    return "thumbv8m.main-none-eabi";
  case ARMBuildAttrs::v8_1_M_Main:
    return "thumbv8.1m.main-none-eabi";
  default:
    return "";
  }
}

//===----------------------------------------------------------------------===//
// Input objects
//===----------------------------------------------------------------------===//

struct InputObject {
  std::string Name; // "foo.o" or "libx.a(foo.o)"
  bool InArchive = false;
  /// Whether the object is taken to be in the image (see markLinked).
  bool Linked = false;
  ElfModel Model;

  bool hasA32In(const ElfSection *Sec) const {
    for (const ElfSymbol &S : Model.Mapping)
      if (mappingKind(S.Name) == 'a' && Model.section(S.Section) == Sec)
        return true;
    return false;
  }
};

/// Where a symbol is defined: the object and the section in it.
struct Definition {
  const InputObject *Object = nullptr;
  const ElfSection *Section = nullptr;
  explicit operator bool() const { return Object != nullptr; }
};

class InputSet {
public:
  void load(ArrayRef<std::string> Paths, const StringSet<> &ImageSymbols) {
    for (const std::string &Path : Paths)
      loadFile(Path);
    markLinked(ImageSymbols);
    for (const InputObject &O : Objects)
      for (const ElfSymbol &S : O.Model.Symbols)
        if (const ElfSection *Sec = O.Model.section(S.Section))
          Definitions[S.Name].push_back({&O, Sec, S.isGlobal()});
  }

  ArrayRef<InputObject> objects() const { return Objects; }

  /// Finds the object that defines \p Sym: a global definition in a linked
  /// object first, then a local one, then one in an archive member that is
  /// not taken as linked. With \p WantA32, prefers definitions in sections
  /// holding ARM-state code.
  Definition find(StringRef Sym, bool WantA32 = false) const {
    auto It = Definitions.find(Sym);
    if (It == Definitions.end())
      return {};
    Definition Fallback;
    for (int Pass = 0; Pass < 3; ++Pass) {
      for (const IndexEntry &E : It->second) {
        bool Wanted = Pass == 0   ? E.Object->Linked && E.Global
                      : Pass == 1 ? E.Object->Linked && !E.Global
                                  : !E.Object->Linked && E.Global;
        if (!Wanted)
          continue;
        if (!WantA32 || E.Object->hasA32In(E.Section))
          return {E.Object, E.Section};
        if (!Fallback)
          Fallback = {E.Object, E.Section};
      }
    }
    return Fallback;
  }

private:
  /// Objects on the command line are linked. An archive member is taken
  /// as linked if it is where LLD would have found a symbol the image
  /// defines: not defined by any object on the command line, and this is
  /// the first member (in command-line order) to define it. An
  /// approximation: it ignores the order of fetches and --start-group.
  void markLinked(const StringSet<> &ImageSymbols) {
    StringMap<InputObject *> Provider;
    for (int Pass = 0; Pass < 2; ++Pass)
      for (InputObject &O : Objects) {
        if (O.InArchive != (Pass == 1))
          continue;
        O.Linked = !O.InArchive;
        for (const ElfSymbol &S : O.Model.Symbols)
          if (S.Section && S.isGlobal() && ImageSymbols.count(S.Name))
            Provider.try_emplace(S.Name, &O);
      }
    for (auto &Entry : Provider)
      Entry.second->Linked = true;
  }

  void loadFile(const std::string &Path) {
    auto BufOrErr = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
    if (!BufOrErr)
      return; // the link already complained about files it could not read
    MemoryBufferRef Ref = (*BufOrErr)->getMemBufferRef();
    Buffers.push_back(std::move(*BufOrErr));
    Expected<std::unique_ptr<Binary>> BinOrErr = createBinary(Ref);
    if (!BinOrErr) {
      consumeError(BinOrErr.takeError()); // a linker script, say
      return;
    }
    if (auto *A = dyn_cast<Archive>(BinOrErr->get())) {
      Error Err = Error::success();
      for (const Archive::Child &C : A->children(Err)) {
        Expected<std::unique_ptr<Binary>> MemberOrErr = C.getAsBinary();
        if (!MemberOrErr) {
          consumeError(MemberOrErr.takeError());
          continue;
        }
        Expected<StringRef> MemberName = C.getName();
        std::string Name = Path + "(" +
                           (MemberName ? MemberName->str() : std::string("?")) +
                           ")";
        if (!MemberName)
          consumeError(MemberName.takeError());
        addObject(std::move(*MemberOrErr), std::move(Name), true);
      }
      consumeError(std::move(Err));
      Binaries.push_back(std::move(*BinOrErr));
      return;
    }
    addObject(std::move(*BinOrErr), Path, false);
  }

  void addObject(std::unique_ptr<Binary> Bin, std::string Name,
                 bool InArchive) {
    const auto *Obj = dyn_cast<ELFObjectFileBase>(Bin.get());
    if (!Obj || Obj->getEMachine() != ELF::EM_ARM ||
        !Obj->isRelocatableObject())
      return;
    InputObject O;
    O.Name = std::move(Name);
    O.InArchive = InArchive;
    if (Error E = readModel(*Obj, O.Model)) {
      consumeError(std::move(E));
      return;
    }
    Binaries.push_back(std::move(Bin));
    Objects.push_back(std::move(O));
  }

  struct IndexEntry {
    const InputObject *Object;
    const ElfSection *Section;
    bool Global;
  };

  std::vector<std::unique_ptr<MemoryBuffer>> Buffers;
  std::vector<std::unique_ptr<Binary>> Binaries;
  std::vector<InputObject> Objects;
  /// Every definition of each symbol name, in command-line order.
  StringMap<std::vector<IndexEntry>> Definitions;
};

//===----------------------------------------------------------------------===//
// The checks
//===----------------------------------------------------------------------===//

/// "Reset", "NMI", ... "IRQ<n>" for vector \p Index; "" for reserved ones.
std::string exceptionName(size_t Index) {
  static const char *const SystemExceptions[16] = {
      "",          "Reset",    "NMI",        "HardFault", // 0-3
      "MemManage", "BusFault", "UsageFault", "",          // 4-7
      "",          "",         "",           "SVCall",    // 8-11
      "DebugMon",  "",         "PendSV",     "SysTick"};  // 12-15
  if (Index < 16)
    return SystemExceptions[Index];
  return "IRQ" + std::to_string(Index - 16);
}

class Checker {
public:
  Checker(const ElfModel &Image, const InputSet &Inputs, DiagSink &Diag)
      : Image(Image), Inputs(Inputs), Diag(Diag) {}

  void run() {
    FixThumb = "compile it for Thumb (-mthumb)";
    if (StringRef Triple = thumbTarget(); !Triple.empty())
      FixThumb += (" or with --target=" + Triple).str();
    checkVectorTable();
    if (Image.Entry)
      checkCodeAddress("the entry point", Image.Entry);
    checkArmCode();
    checkFloatAbi();
  }

private:
  StringRef thumbTarget() const {
    if (StringRef T = thumbTriple(Image.Attributes); !T.empty())
      return T;
    for (const InputObject &O : Inputs.objects())
      if (O.Linked && O.Model.hasCode())
        if (StringRef T = thumbTriple(O.Model.Attributes); !T.empty())
          return T;
    return "";
  }

  /// The allocated section of the image holding \p Addr, code first.
  const ElfSection *sectionAt(uint64_t Addr) const {
    const ElfSection *Found = nullptr;
    for (const ElfSection &S : Image.Sections) {
      if (!S.isAlloc() || Addr < S.Addr || Addr - S.Addr >= S.Size)
        continue;
      if (S.isCode())
        return &S;
      if (!Found)
        Found = &S;
    }
    return Found;
  }

  /// The best name for \p Addr (either Thumb bit). The symbol whose value
  /// is exactly \p Addr comes first, as the table or e_entry was made from
  /// it (an even entry from a label, not from the Thumb function there);
  /// then functions before data before labels, symbols from the inputs
  /// before linker-script ones, globals before weak before locals.
  const ElfSymbol *symbolAt(uint64_t Addr) const {
    const ElfSymbol *Best = nullptr;
    int BestRank = -1;
    for (const ElfSymbol &S : Image.Symbols) {
      if (!S.Section || (S.Value & ~1ULL) != (Addr & ~1ULL))
        continue;
      int Rank = S.Value == Addr;
      Rank = Rank * 3 + (S.isFunction()                ? 2
                         : S.Type == ELF::STT_OBJECT ? 1
                                                     : 0);
      Rank = Rank * 2 + bool(Inputs.find(S.Name));
      Rank = Rank * 3 + (S.Binding == ELF::STB_GLOBAL  ? 2
                         : S.Binding == ELF::STB_WEAK ? 1
                                                      : 0);
      if (Rank > BestRank) {
        Best = &S;
        BestRank = Rank;
      }
    }
    return Best;
  }

  /// The function whose body holds \p Addr, not at its start.
  const ElfSymbol *functionInside(uint64_t Addr) const {
    for (const ElfSymbol &S : Image.Symbols)
      if (S.isFunction() && S.Section && S.Size && Addr > S.start() &&
          Addr - S.start() < S.Size)
        return &S;
    return nullptr;
  }

  /// Names the code at \p Addr for a message: " (function 'f')" or
  /// " (symbol 'l')" for a symbol there or a function around it, else
  /// " (after 'l')" for the closest symbol before it in its section.
  /// \p Sym is set to the symbol used, if any.
  std::string describeCodeAt(uint64_t Addr, const ElfSymbol *&Sym) const {
    Sym = symbolAt(Addr);
    if (!Sym)
      Sym = functionInside(Addr);
    if (Sym)
      return ((Sym->isFunction() ? " (function '" : " (symbol '") + Sym->Name +
              "')")
          .str();
    const ElfSection *Sec = sectionAt(Addr);
    for (const ElfSymbol &S : Image.Symbols)
      if (Image.section(S.Section) == Sec && S.start() <= Addr &&
          (!Sym || S.start() > Sym->start()))
        Sym = &S;
    return Sym ? (" (after '" + Sym->Name + "')").str() : "";
  }

  /// The state the mapping symbols give the code at \p Addr: 'a', 't', 'd'
  /// or 0 if unknown.
  char stateAt(uint64_t Addr) const {
    const ElfSection *Sec = sectionAt(Addr);
    char State = 0;
    for (const ElfSymbol &S : Image.Mapping) {
      if (S.Value > Addr)
        break;
      if (Image.section(S.Section) == Sec)
        State = mappingKind(S.Name);
    }
    return State;
  }

  /// " in foo.o" / " (in foo.o)" for the object defining \p Name, or "".
  std::string inObject(StringRef Name, bool Parenthesised) const {
    Definition D = Inputs.find(Name);
    if (!D)
      return "";
    return Parenthesised ? " (in " + D.Object->Name + ")"
                         : " in " + D.Object->Name;
  }

  void checkVectorTable() {
    const ElfSection *Table = nullptr;
    for (StringRef Name : {".vectors", ".isr_vector"}) {
      for (const ElfSection &S : Image.Sections)
        if (S.Name == Name && S.isAlloc() && !S.Contents.empty()) {
          Table = &S;
          break;
        }
      if (Table)
        break;
    }
    if (!Table)
      return;
    // Entry 0 is the initial SP, which the core loads with bits 1:0
    // cleared; it is not a code address.
    ArrayRef<uint8_t> Words = Table->Contents;
    for (size_t I = 1; (I + 1) * 4 <= Words.size(); ++I) {
      uint32_t Entry =
          Image.LittleEndian
              ? support::endian::read32le(Words.data() + I * 4)
              : support::endian::read32be(Words.data() + I * 4);
      if (!Entry)
        continue;
      std::string What = "vector " + std::to_string(I);
      std::string Exception = exceptionName(I);
      if (!Exception.empty())
        What += " (" + Exception + ")";
      checkCodeAddress(What, Entry);
    }
  }

  /// Checks that \p Addr, a vector or the entry point described by \p What,
  /// is the address of Thumb code with bit 0 set.
  void checkCodeAddress(const std::string &What, uint64_t Addr) {
    uint64_t Target = Addr & ~1ULL;
    std::string Hex = formatAddress(Addr);
    const ElfSection *Sec = sectionAt(Target);
    if (!Sec) {
      // Outside the image: a ROM routine, say. Only bit 0 can be checked.
      if (!(Addr & 1))
        Diag.report(Twine(What) + " is " + Hex +
                    ", an even address outside the image; Thumb code "
                    "addresses have bit 0 set");
      return;
    }
    const ElfSymbol *Sym = symbolAt(Target);
    if (!Sec->isCode()) {
      if (Sym)
        Diag.report(Twine(What) + " points at '" + Sym->Name +
                    "', which is data, not code" + inObject(Sym->Name, true));
      else
        Diag.report(Twine(What) + " is " + Hex + ", which is in " + Sec->Name +
                    ", data, not code");
      return;
    }
    bool ArmState = stateAt(Target) == 'a' ||
                    (Sym && Sym->isFunction() && !(Sym->Value & 1));
    if (ArmState) {
      std::string Name =
          Sym ? ("'" + Sym->Name + "'" + inObject(Sym->Name, true) +
                 ", ARM-state (A32) code")
                    .str()
              : ("ARM-state (A32) code in " + Sec->Name).str();
      Diag.report(Twine(What) + " is " + Hex + ", which points at " + Name +
                  " a Cortex-M core cannot run; " + FixThumb);
      return;
    }
    if (!(Addr & 1)) {
      if (Sym)
        Diag.report(Twine(What) + " is " + Hex + ", an even address: symbol '" +
                    Sym->Name + "'" + inObject(Sym->Name, false) +
                    " is not marked as a Thumb function; add '.type " +
                    Sym->Name + ", %function' (or '.thumb_func') before it");
      else
        Diag.report(Twine(What) + " is " + Hex + ", an even address in " +
                    Sec->Name +
                    " with no symbol there; mark the code it points at as a "
                    "Thumb function with '.type <name>, %function' (or "
                    "'.thumb_func')");
      return;
    }
    // Bit 0 is set. A function starting there, or a plain label (as in
    // `.word label + 1`), is fine; the middle of a function is not.
    if (Sym && Sym->isFunction())
      return;
    if (const ElfSymbol *F = functionInside(Target)) {
      std::string Offset;
      raw_string_ostream(Offset) << format_hex(Target - F->start(), 0);
      Diag.report(Twine(What) + " is " + Hex + ", which points " + Offset +
                  " bytes into function '" + F->Name + "'" +
                  inObject(F->Name, false) + ", not at its start");
    }
  }

  void checkArmCode() {
    bool ImageHasMapping = !Image.Mapping.empty();
    std::map<std::string, std::string> Reported; // key -> first message
    std::vector<std::string> Order;
    auto add = [&](const std::string &Key, std::string Msg) {
      if (Reported.emplace(Key, Msg).second)
        Order.push_back(Key);
    };

    if (ImageHasMapping) {
      for (const ElfSymbol &M : Image.Mapping) {
        if (mappingKind(M.Name) != 'a' || !Image.definedInCode(M))
          continue;
        const ElfSymbol *Sym;
        std::string Where =
            " at " + formatAddress(M.Value) + describeCodeAt(M.Value, Sym);
        Definition D = Sym ? Inputs.find(Sym->Name, /*WantA32=*/true)
                           : Definition();
        if (D)
          add(D.Object->Name + ":(" + D.Section->Name.str() + ")",
              D.Object->Name + ":(" + D.Section->Name.str() +
                  ") contains ARM-state (A32) code" + Where);
        else
          add(Sym ? Sym->Name.str() : formatAddress(M.Value),
              "ARM-state (A32) code" + Where + " in " +
                  Image.section(M.Section)->Name.str());
      }
    } else {
      // No mapping symbols in the image (stripped): look at the linked
      // objects instead, which cannot tell sections LLD discarded.
      for (const InputObject &O : Inputs.objects()) {
        if (!O.Linked)
          continue;
        for (const ElfSymbol &M : O.Model.Mapping) {
          const ElfSection *Sec = O.Model.section(M.Section);
          if (mappingKind(M.Name) != 'a' || !Sec || !Sec->isCode() ||
              !Sec->Size)
            continue;
          std::string Msg = O.Name + ":(" + Sec->Name.str() +
                            ") contains ARM-state (A32) code";
          for (const ElfSymbol &S : O.Model.Symbols)
            if (S.Section == M.Section && S.start() == M.Value) {
              Msg += ((S.isFunction() ? " (function '" : " (symbol '") +
                      S.Name + "')")
                         .str();
              break;
            }
          add(O.Name + ":(" + Sec->Name.str() + ")", Msg);
        }
      }
    }
    for (const std::string &Key : Order)
      Diag.report(Reported[Key] + ", which a Cortex-M core cannot run; " +
                  FixThumb);
  }

  void checkFloatAbi() {
    const InputObject *Hard = nullptr, *Soft = nullptr;
    for (const InputObject &O : Inputs.objects()) {
      if (!O.Linked || !O.Model.hasCode())
        continue;
      const ArmAttributes &A = O.Model.Attributes;
      if (A.VFPArgs && *A.VFPArgs == ARMBuildAttrs::HardFPAAPCS) {
        if (!Hard)
          Hard = &O;
      } else if (A.HasCallingConvention &&
                 (!A.VFPArgs || *A.VFPArgs == ARMBuildAttrs::BaseAAPCS)) {
        if (!Soft)
          Soft = &O;
      }
    }
    if (Hard && Soft)
      Diag.report(Hard->Name +
                  " passes floating-point arguments in FP registers "
                  "(-mfloat-abi=hard) but " +
                  Soft->Name +
                  " passes them in core registers (-mfloat-abi=soft or "
                  "softfp); rebuild all objects with the same -mfloat-abi");
  }

  const ElfModel &Image;
  const InputSet &Inputs;
  DiagSink &Diag;
  std::string FixThumb;
};

} // namespace

void runThumbChecks(const ELFObjectFileBase &ImageFile,
                    ArrayRef<std::string> Inputs, DiagSink &Diag) {
  if (Diag.Mode == CheckMode::Off || ImageFile.getEMachine() != ELF::EM_ARM)
    return;
  ElfModel Image;
  if (Error E = readModel(ImageFile, Image)) {
    Diag.report("cannot read the image for the Thumb checks: " +
                toString(std::move(E)));
    return;
  }

  StringSet<> ImageSymbols;
  for (const ElfSymbol &S : Image.Symbols)
    if (S.Defined)
      ImageSymbols.insert(S.Name);
  InputSet Objects;
  Objects.load(Inputs, ImageSymbols);

  // LLD copies the build attributes of the first object that has them, so
  // an image whose attributes name another profile is still checked if a
  // linked object with code is M-profile. Without attributes (hand-written
  // assembly) the image is taken to be what the driver linked it for.
  if (profileOf(Image.Attributes) == Profile::Other &&
      none_of(Objects.objects(), [](const InputObject &O) {
        return O.Linked && O.Model.hasCode() &&
               profileOf(O.Model.Attributes) == Profile::M;
      }))
    return;

  Checker(Image, Objects, Diag).run();
}

} // namespace noos
