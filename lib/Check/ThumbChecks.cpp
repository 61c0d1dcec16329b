//===- ThumbChecks.cpp - M-profile Thumb checks LLD does not make ---------===//
//
// Reads the linked image (and its input objects, to name culprits) and
// reports vector table entries and entry points without the Thumb bit,
// ARM-state code, and objects built for different float ABIs.
//
// The checks run after every link and most links are fine, so a good link
// is checked with as little reading as possible. A good image is told from
// one pass over its symbol table (see Checker::looksClean); only otherwise
// are its symbols kept and indexed. Of the input objects, the float ABI
// check of a hard-float image reads the section headers and build
// attributes; their symbols, which name culprits and tell which archive
// members were linked, are read only when a message or an archive member
// that may be linked needs them. On a good link of 4,000 objects, that is
// some 2 ms for a soft-float image and 25 ms for a hard-float one, most of
// it opening the objects.
//
// The image and the objects are read through llvm::object::ELFFile directly:
// symbol values are wanted raw (ELFObjectFile clears the Thumb bit of ARM
// function symbols) and ELFObjectFileBase::getBuildAttributes is protected.
//
//===----------------------------------------------------------------------===//

#include "noos/Checks.h"
#include "noos/Support.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Object/Archive.h"
#include "llvm/Object/Binary.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/ARMAttributeParser.h"
#include "llvm/Support/ARMBuildAttributes.h"
#include "llvm/Support/ELFAttributes.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MemoryBuffer.h"
#include <map>
#include <set>
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
  uint32_t Flags = 0; // e_flags
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

/// Reads the header, sections and build attributes of \p EF into \p M.
template <class ELFT> Error readSections(const ELFFile<ELFT> &EF, ElfModel &M) {
  M.Machine = EF.getHeader().e_machine;
  M.Flags = EF.getHeader().e_flags;
  M.Entry = EF.getHeader().e_entry;
  M.LittleEndian = ELFT::Endianness == endianness::little;

  auto SectionsOrErr = EF.sections();
  if (!SectionsOrErr)
    return SectionsOrErr.takeError();
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
      M.Attributes = parseArmAttributes(S.Contents, M.LittleEndian);
    if (Sec.sh_type == ELF::SHT_SYMTAB)
      M.HasSymtab = true;
    M.Sections.push_back(S);
  }
  return Error::success();
}

/// Calls \p Visit for each named symbol of \p EF, mapping symbols
/// included, but not section and file symbols.
template <class ELFT>
Error forEachSymbol(const ELFFile<ELFT> &EF,
                    function_ref<void(const ElfSymbol &)> Visit) {
  auto SectionsOrErr = EF.sections();
  if (!SectionsOrErr)
    return SectionsOrErr.takeError();
  const typename ELFT::Shdr *Symtab = nullptr;
  for (const typename ELFT::Shdr &Sec : *SectionsOrErr)
    if (Sec.sh_type == ELF::SHT_SYMTAB)
      Symtab = &Sec;
  if (!Symtab)
    return Error::success();

  auto SymbolsOrErr = EF.symbols(Symtab);
  if (!SymbolsOrErr)
    return SymbolsOrErr.takeError();
  auto StrTabOrErr = EF.getStringTableForSymtab(*Symtab);
  if (!StrTabOrErr)
    return StrTabOrErr.takeError();
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
    Visit(S);
  }
  return Error::success();
}

/// Reads the symbols of \p EF into \p M.
template <class ELFT> Error readSymbols(const ELFFile<ELFT> &EF, ElfModel &M) {
  Error E = forEachSymbol(EF, [&](const ElfSymbol &S) {
    if (!mappingKind(S.Name))
      M.Symbols.push_back(S);
    else if (S.Section)
      M.Mapping.push_back(S);
  });
  // Mapping symbols sorted by address, for "which state is the code at X".
  llvm::sort(M.Mapping, [](const ElfSymbol &A, const ElfSymbol &B) {
    return std::tie(A.Value, A.Index) < std::tie(B.Value, B.Index);
  });
  return E;
}

/// Calls \p F with the ELFFile of \p Obj, whatever its class and byte
/// order, and returns what it returns.
template <class Fn> Error withELFFile(const ELFObjectFileBase &Obj, Fn &&F) {
  if (const auto *O = dyn_cast<ELF32LEObjectFile>(&Obj))
    return F(O->getELFFile());
  if (const auto *O = dyn_cast<ELF32BEObjectFile>(&Obj))
    return F(O->getELFFile());
  if (const auto *O = dyn_cast<ELF64LEObjectFile>(&Obj))
    return F(O->getELFFile());
  if (const auto *O = dyn_cast<ELF64BEObjectFile>(&Obj))
    return F(O->getELFFile());
  return makeError("unknown ELF flavour");
}

/// Calls \p F with an ELFFile over \p Bytes, whatever its class and byte
/// order, and returns what it returns.
template <class Fn> Error withELFFile(StringRef Bytes, Fn &&F) {
  auto With = [&](auto Type) -> Error {
    Expected<ELFFile<decltype(Type)>> EF =
        ELFFile<decltype(Type)>::create(Bytes);
    if (!EF)
      return EF.takeError();
    return F(*EF);
  };
  auto [Class, Data] = getElfArchType(Bytes);
  bool LE = Data == ELF::ELFDATA2LSB;
  if (Class == ELF::ELFCLASS32)
    return LE ? With(ELF32LE()) : With(ELF32BE());
  if (Class == ELF::ELFCLASS64)
    return LE ? With(ELF64LE()) : With(ELF64BE());
  return makeError("unknown ELF flavour");
}

/// Reads all of \p Obj into \p M.
Error readModel(const ELFObjectFileBase &Obj, ElfModel &M) {
  return withELFFile(Obj, [&](const auto &EF) -> Error {
    if (Error E = readSections(EF, M))
      return E;
    return readSymbols(EF, M);
  });
}

//===----------------------------------------------------------------------===//
// The linked image
//===----------------------------------------------------------------------===//

/// The linked image, read as far as the checks need: the header, sections
/// and attributes up front, the symbols (100,000 of them in a big image)
/// only once a check cannot decide without them. A good image is told
/// from one pass over its symbol table (see Checker::looksClean).
class LinkedImage {
public:
  explicit LinkedImage(const ELFObjectFileBase &File) : File(File) {}

  Error readSections() {
    return withELFFile(
        File, [&](const auto &EF) { return noos::readSections(EF, Model); });
  }

  /// The model: its symbols are empty until withSymbols() is called.
  const ElfModel &model() const { return Model; }

  /// The model with its symbols.
  const ElfModel &withSymbols() {
    if (!SymbolsRead) {
      SymbolsRead = true;
      // The same pass as forEachSymbol(), which succeeded before any check
      // ran (see runThumbChecks).
      consumeError(withELFFile(
          File, [&](const auto &EF) { return noos::readSymbols(EF, Model); }));
    }
    return Model;
  }

  Error forEachSymbol(function_ref<void(const ElfSymbol &)> Visit) const {
    return withELFFile(
        File, [&](const auto &EF) { return noos::forEachSymbol(EF, Visit); });
  }

private:
  const ELFObjectFileBase &File;
  ElfModel Model;
  bool SymbolsRead = false;
};

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

/// parseAttributes, remembering the result for each section contents: the
/// objects of a project are built with a few sets of flags, so thousands
/// of them share a handful of attribute sections.
class AttributeCache {
public:
  const ArmAttributes &parse(ArrayRef<uint8_t> Contents, bool LittleEndian) {
    auto [It, New] = Parsed[LittleEndian].try_emplace(toStringRef(Contents));
    if (New)
      It->second = parseArmAttributes(Contents, LittleEndian);
    return It->second;
  }

private:
  StringMap<ArmAttributes> Parsed[2]; // by byte order
};


/// The headers of the relocatable ARM object in \p Buffer, or nothing if
/// it is not one.
std::optional<ObjectHeaders> readObjectHeaders(MemoryBufferRef Buffer,
                                               AttributeCache &Cache) {
  if (identify_magic(Buffer.getBuffer()) != file_magic::elf_relocatable)
    return std::nullopt;
  std::optional<ObjectHeaders> Headers;
  consumeError(withELFFile(Buffer.getBuffer(), [&](const auto &EF) -> Error {
    auto SectionsOrErr = EF.sections();
    if (!SectionsOrErr)
      return SectionsOrErr.takeError();
    if (EF.getHeader().e_machine != ELF::EM_ARM)
      return Error::success();
    ObjectHeaders H;
    for (const auto &Sec : *SectionsOrErr) {
      if ((Sec.sh_flags & ELF::SHF_ALLOC) &&
          (Sec.sh_flags & ELF::SHF_EXECINSTR) && Sec.sh_size)
        H.HasCode = true;
      if (Sec.sh_type == ELF::SHT_ARM_ATTRIBUTES && !H.Attributes.Present) {
        ArrayRef<uint8_t> Contents;
        if (auto ContentsOrErr = EF.getSectionContents(Sec))
          Contents = *ContentsOrErr;
        else
          consumeError(ContentsOrErr.takeError());
        H.Attributes = Cache.parse(Contents, EF.isLE());
      }
    }
    Headers = H;
    return Error::success();
  }));
  return Headers;
}

struct InputObject {
  std::string Name; // "foo.o" or "libx.a(foo.o)"
  bool InArchive = false;
  /// Whether the object is taken to be in the image: always for an object
  /// on the command line; for an archive member, known only once the
  /// symbols are read (see InputSet::markLinked).
  bool Linked = false;
  /// Whether the object has a non-empty executable section.
  bool HasCode = false;
  ArmAttributes Attributes;
  /// An archive member's contents (archives are kept as long as the
  /// InputSet, object files are not).
  MemoryBufferRef Contents;
  /// Sections and symbols; empty if only the headers were read.
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

/// The input files (objects and archives), read as far as the checks need
/// and no further: at first only the section headers and build attributes
/// of each object (headers()). Reading the symbols of thousands of objects
/// takes much longer, and they are needed only to name a culprit or to
/// tell which archive members were linked; they are read on the first
/// call that needs them.
class InputSet {
public:
  InputSet(ArrayRef<std::string> Paths,
           ArrayRef<std::optional<ObjectHeaders>> Known)
      : Paths(Paths), Known(Known) {}

  /// The image the inputs were linked into; set before any other call
  /// but readHeaders().
  void setImage(LinkedImage &I) { Image = &I; }

  /// Reads every input's headers now (see headers()), so that the checks
  /// do not have to once the image exists: a driver calls this while the
  /// linker runs.
  void readHeaders() { (void)headers(); }

  /// Every object, with its symbols and whether it is linked.
  ArrayRef<InputObject> objects() {
    readSymbols();
    return Objects;
  }

  /// Whether some object or archive member with code, linked or not,
  /// satisfies \p Pred. Reads no symbols.
  bool anyWithCode(function_ref<bool(const InputObject &)> Pred) {
    return any_of(known(),
                  [&](const InputObject &O) { return O.HasCode && Pred(O); });
  }

  /// The first linked object with code that satisfies \p Pred. Objects on
  /// the command line are linked; the symbols of all inputs are read only
  /// if an archive member that may be linked comes first.
  const InputObject *
  firstLinkedWithCode(function_ref<bool(const InputObject &)> Pred) {
    if (!SymbolsRead) {
      const InputObject *First = nullptr;
      std::vector<const InputObject *> MembersBefore;
      for (const InputObject &O : headers()) {
        if (!O.HasCode || !Pred(O))
          continue;
        if (!O.InArchive) {
          First = &O;
          break;
        }
        MembersBefore.push_back(&O);
      }
      if (!mayBeLinked(MembersBefore))
        return First;
    }
    for (const InputObject &O : objects())
      if (O.Linked && O.HasCode && Pred(O))
        return &O;
    return nullptr;
  }

  /// Finds the object that defines \p Sym: a global definition in a linked
  /// object first, then a local one, then one in an archive member that is
  /// not taken as linked. With \p WantA32, prefers definitions in sections
  /// holding ARM-state code.
  Definition find(StringRef Sym, bool WantA32 = false) {
    readSymbols();
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
  /// Every object and archive member with its headers only (no Model).
  /// Archive members are marked not linked: that takes the symbols.
  ArrayRef<InputObject> headers() {
    if (HeadersRead)
      return Headers;
    HeadersRead = true;
    AttributeCache Cache;
    auto Add = [&](const ObjectHeaders &H, std::string Name, bool InArchive,
                   MemoryBufferRef Contents) {
      InputObject O;
      O.Name = std::move(Name);
      O.InArchive = InArchive;
      O.Linked = !InArchive;
      O.HasCode = H.HasCode;
      O.Attributes = H.Attributes;
      if (InArchive)
        O.Contents = Contents;
      Headers.push_back(std::move(O));
    };
    for (size_t I = 0; I < Paths.size(); ++I) {
      if (I < Known.size() && Known[I]) {
        Add(*Known[I], Paths[I], /*InArchive=*/false, {});
        continue;
      }
      readFile(Paths[I], /*KeepObjects=*/false,
               [&](MemoryBufferRef Contents, std::string Name, bool InArchive) {
                 if (std::optional<ObjectHeaders> H =
                         readObjectHeaders(Contents, Cache))
                   Add(*H, std::move(Name), InArchive, Contents);
               });
    }
    return Headers;
  }

  /// The objects as fully read so far; the same objects either way.
  ArrayRef<InputObject> known() {
    return SymbolsRead ? ArrayRef<InputObject>(Objects) : headers();
  }

  /// Whether any of the archive members \p Members may be linked: defines
  /// a global symbol the image defines, which markLinked requires. Reads
  /// the symbols of these members and of the image only.
  bool mayBeLinked(ArrayRef<const InputObject *> Members) {
    if (Members.empty())
      return false;
    StringSet<> Names;
    for (const InputObject *O : Members)
      consumeError(withELFFile(O->Contents.getBuffer(), [&](const auto &EF) {
        return forEachSymbol(EF, [&](const ElfSymbol &S) {
          if (S.Section && S.isGlobal())
            Names.insert(S.Name);
        });
      }));
    bool Found = false;
    // The image's symbols were read once before any check ran, without
    // error (see runThumbChecks).
    consumeError(Image->forEachSymbol([&](const ElfSymbol &S) {
      Found |= S.Defined && !mappingKind(S.Name) && Names.count(S.Name);
    }));
    return Found;
  }

  void readSymbols() {
    if (SymbolsRead)
      return;
    SymbolsRead = true;
    for (const std::string &Path : Paths)
      readFile(Path, /*KeepObjects=*/true,
               [&](MemoryBufferRef Contents, std::string Name, bool InArchive) {
                 addObject(Contents, std::move(Name), InArchive);
               });
    markLinked();
    for (const InputObject &O : Objects)
      for (const ElfSymbol &S : O.Model.Symbols)
        if (const ElfSection *Sec = O.Model.section(S.Section))
          Definitions[S.Name].push_back({&O, Sec, S.isGlobal()});
  }

  /// Objects on the command line are linked. An archive member is taken
  /// as linked if it is where LLD would have found a symbol the image
  /// defines: not defined by any object on the command line, and this is
  /// the first member (in command-line order) to define it. An
  /// approximation: it ignores the order of fetches and --start-group.
  void markLinked() {
    StringSet<> ImageSymbols;
    for (const ElfSymbol &S : Image->withSymbols().Symbols)
      if (S.Defined)
        ImageSymbols.insert(S.Name);
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

  /// Calls \p Add with the contents and name of the file at \p Path, or of
  /// each member if it is an archive. Archives are kept as long as the set;
  /// an object file is freed on return unless \p KeepObjects (keeping
  /// thousands of them costs more than reading them again).
  void readFile(const std::string &Path, bool KeepObjects,
                function_ref<void(MemoryBufferRef, std::string, bool)> Add) {
    auto BufOrErr = MemoryBuffer::getFile(Path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
    if (!BufOrErr)
      return; // the link already complained about files it could not read
    MemoryBufferRef Ref = (*BufOrErr)->getMemBufferRef();
    if (identify_magic(Ref.getBuffer()) != file_magic::archive) {
      Add(Ref, Path, false);
      if (KeepObjects)
        Buffers.push_back(std::move(*BufOrErr));
      return;
    }
    Buffers.push_back(std::move(*BufOrErr));
    Expected<std::unique_ptr<Archive>> ArchiveOrErr = Archive::create(Ref);
    if (!ArchiveOrErr) {
      consumeError(ArchiveOrErr.takeError());
      return;
    }
    Error Err = Error::success();
    StringRef Whole = Ref.getBuffer();
    for (const Archive::Child &C : (*ArchiveOrErr)->children(Err)) {
      Expected<MemoryBufferRef> Member = C.getMemoryBufferRef();
      if (!Member) {
        consumeError(Member.takeError());
        continue;
      }
      // Archive reports a member that runs past the end of the file only
      // when asked for the next one: such a member is not read. (A thin
      // archive's members are files of their own.)
      if (!(*ArchiveOrErr)->isThin() && Member->getBufferEnd() > Whole.end())
        break;
      Expected<StringRef> MemberName = C.getName();
      std::string Name = Path + "(" +
                         (MemberName ? MemberName->str() : std::string("?")) +
                         ")";
      if (!MemberName)
        consumeError(MemberName.takeError());
      Add(*Member, std::move(Name), true);
    }
    consumeError(std::move(Err));
    Archives.push_back(std::move(*ArchiveOrErr));
  }

  void addObject(MemoryBufferRef Contents, std::string Name, bool InArchive) {
    Expected<std::unique_ptr<Binary>> BinOrErr = createBinary(Contents);
    if (!BinOrErr) {
      consumeError(BinOrErr.takeError()); // a linker script, say
      return;
    }
    const auto *Obj = dyn_cast<ELFObjectFileBase>(BinOrErr->get());
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
    O.HasCode = O.Model.hasCode();
    O.Attributes = O.Model.Attributes;
    O.Contents = Contents; // kept: see readFile's KeepObjects
    Binaries.push_back(std::move(*BinOrErr));
    Objects.push_back(std::move(O));
  }

  struct IndexEntry {
    const InputObject *Object;
    const ElfSection *Section;
    bool Global;
  };

  ArrayRef<std::string> Paths;
  ArrayRef<std::optional<ObjectHeaders>> Known; // see ThumbCheckInputs
  LinkedImage *Image = nullptr;
  bool HeadersRead = false;
  std::vector<InputObject> Headers;

  bool SymbolsRead = false;
  std::vector<std::unique_ptr<MemoryBuffer>> Buffers;
  std::vector<std::unique_ptr<Archive>> Archives;
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

bool isHardFloat(const InputObject &O) {
  return O.Attributes.VFPArgs &&
         *O.Attributes.VFPArgs == ARMBuildAttrs::HardFPAAPCS;
}

/// Soft or softfp: clang records no Tag_ABI_VFP_args for them, so only an
/// object with other calling-convention attributes is known to be one.
bool isSoftFloat(const InputObject &O) {
  const ArmAttributes &A = O.Attributes;
  return A.HasCallingConvention &&
         (!A.VFPArgs || *A.VFPArgs == ARMBuildAttrs::BaseAAPCS);
}

bool isMProfile(const InputObject &O) {
  return profileOf(O.Attributes) == Profile::M;
}

/// Decides from the image; asks the inputs (through InputSet, which reads
/// them on demand) only to name what is wrong.
class Checker {
public:
  Checker(LinkedImage &Linked, InputSet &Inputs, DiagSink &Diag)
      : Linked(Linked), Image(Linked.model()), Inputs(Inputs), Diag(Diag) {}

  /// Whether the code addresses and the ARM code checks have nothing to
  /// say, told from one pass over the image's symbol table that keeps
  /// none of it: each code address has bit 0 set and points into code at
  /// a Thumb function (STT_FUNC, value with bit 0 set) and at no symbol of
  /// the even value, and the image has mapping symbols, none of them
  /// marking ARM code in an executable section. So are the images a
  /// compiler makes; for the others, run() reads the symbols and decides.
  /// Fails if the symbol table cannot be read.
  Expected<bool> looksClean() {
    // What the symbols at each code address are, by the even address.
    struct Seen {
      bool ThumbFunction = false;
      bool EvenSymbol = false;
    };
    DenseMap<uint64_t, Seen> At;
    bool AddressesInCode = true;
    std::vector<CodeAddress> Addresses = codeAddresses();
    for (const CodeAddress &A : Addresses) {
      const ElfSection *Sec = sectionAt(A.Addr & ~1ULL);
      AddressesInCode &= (A.Addr & 1) && Sec && Sec->isCode();
      At[A.Addr & ~1ULL];
    }
    bool HasMapping = false, HasA32 = false;
    // The symbols checkCodeAddress and checkArmCode look at: those in a
    // section, mapping symbols apart.
    Error E = Linked.forEachSymbol([&](const ElfSymbol &S) {
      if (!S.Section)
        return;
      if (char Kind = mappingKind(S.Name)) {
        HasMapping = true;
        HasA32 |= Kind == 'a' && Image.definedInCode(S);
        return;
      }
      UntypedCodeLabel |= isUntypedCodeLabel(S);
      auto It = At.find(S.Value & ~1ULL);
      if (It == At.end())
        return;
      if (!(S.Value & 1))
        It->second.EvenSymbol = true;
      else if (S.isFunction())
        It->second.ThumbFunction = true;
    });
    if (E)
      return std::move(E);
    return AddressesInCode && HasMapping && !HasA32 &&
           all_of(At, [](const auto &Entry) {
             return Entry.second.ThumbFunction && !Entry.second.EvenSymbol;
           });
  }

  /// Only the stored-label check, for a target whose cores run ARM and
  /// Thumb code (where the other checks do not apply). One pass over the
  /// image's symbols tells whether it has a label to look at.
  void runStoredLabelsOnly() {
    MixedStates = true;
    if (Error E = Linked.forEachSymbol([&](const ElfSymbol &S) {
          if (S.Section && !mappingKind(S.Name))
            UntypedCodeLabel |= isUntypedCodeLabel(S);
        })) {
      Diag.report("cannot read the image for the Thumb checks: " +
                  toString(std::move(E)));
      return;
    }
    if (UntypedCodeLabel)
      checkStoredLabels();
  }

  /// Runs the checks; \p Clean is what looksClean() said.
  void run(bool Clean) {
    if (!Clean) {
      Linked.withSymbols();
      for (const CodeAddress &A : codeAddresses())
        checkCodeAddress(A.What, A.Addr);
      checkArmCode();
    }
    if (UntypedCodeLabel)
      checkStoredLabels();
    checkFloatAbi();
  }

private:
  /// How to fix ARM-state code, for messages.
  const std::string &fixThumb() {
    if (FixThumb.empty()) {
      FixThumb = "compile it for Thumb (-mthumb)";
      if (StringRef Triple = thumbTarget(); !Triple.empty())
        FixThumb += (" or with --target=" + Triple).str();
    }
    return FixThumb;
  }

  StringRef thumbTarget() {
    if (StringRef T = thumbTriple(Image.Attributes); !T.empty())
      return T;
    if (const InputObject *O =
            Inputs.firstLinkedWithCode([](const InputObject &O) {
              return !thumbTriple(O.Attributes).empty();
            }))
      return thumbTriple(O->Attributes);
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

  /// The image symbols in a section at \p Addr (either Thumb bit), in
  /// symbol table order.
  ArrayRef<const ElfSymbol *> symbolsAt(uint64_t Addr) {
    if (!ByAddressBuilt) {
      ByAddress.reserve(Image.Symbols.size());
      for (const ElfSymbol &S : Image.Symbols)
        if (S.Section)
          ByAddress[S.Value & ~1ULL].push_back(&S);
      ByAddressBuilt = true;
    }
    auto It = ByAddress.find(Addr & ~1ULL);
    if (It == ByAddress.end())
      return {};
    return It->second;
  }

  /// The symbol to decide on at \p Addr (either Thumb bit): the symbol
  /// whose value is exactly \p Addr comes first, as the table or e_entry
  /// was made from it (an even entry from a label, not from the Thumb
  /// function there); then functions before data before labels, globals
  /// before weak before locals. It has the value and kind of nameAt(Addr),
  /// which is all a check needs, without reading the inputs.
  const ElfSymbol *symbolAt(uint64_t Addr) {
    return bestSymbolAt(Addr, /*AskInputs=*/false);
  }

  /// The best name for \p Addr, for messages: as symbolAt, but among
  /// symbols of the same kind those from the inputs come before
  /// linker-script ones.
  const ElfSymbol *nameAt(uint64_t Addr) {
    return bestSymbolAt(Addr, /*AskInputs=*/true);
  }

  const ElfSymbol *bestSymbolAt(uint64_t Addr, bool AskInputs) {
    const ElfSymbol *Best = nullptr;
    int BestRank = -1;
    for (const ElfSymbol *S : symbolsAt(Addr)) {
      int Rank = S->Value == Addr;
      Rank = Rank * 3 + (S->isFunction()              ? 2
                         : S->Type == ELF::STT_OBJECT ? 1
                                                      : 0);
      Rank = Rank * 2 + (AskInputs && Inputs.find(S->Name));
      Rank = Rank * 3 + (S->Binding == ELF::STB_GLOBAL ? 2
                         : S->Binding == ELF::STB_WEAK ? 1
                                                       : 0);
      if (Rank > BestRank) {
        Best = S;
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
  std::string describeCodeAt(uint64_t Addr, const ElfSymbol *&Sym) {
    Sym = nameAt(Addr);
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
  /// or 0 if unknown. That is the last mapping symbol at or before \p Addr
  /// in its section (Image.Mapping is sorted by address).
  char stateAt(uint64_t Addr) const {
    const ElfSection *Sec = sectionAt(Addr);
    auto It = partition_point(
        Image.Mapping, [&](const ElfSymbol &S) { return S.Value <= Addr; });
    while (It != Image.Mapping.begin()) {
      --It;
      if (Image.section(It->Section) == Sec)
        return mappingKind(It->Name);
    }
    return 0;
  }

  /// " in foo.o" / " (in foo.o)" for the object defining \p Name, or "".
  std::string inObject(StringRef Name, bool Parenthesised) {
    Definition D = Inputs.find(Name);
    if (!D)
      return "";
    return Parenthesised ? " (in " + D.Object->Name + ")"
                         : " in " + D.Object->Name;
  }

  /// An address the core takes as Thumb code, and what it is.
  struct CodeAddress {
    std::string What; // "vector 2 (NMI)", "the entry point"
    uint64_t Addr;
  };

  /// The non-zero vector table entries after the initial SP, then the entry
  /// point if there is one.
  std::vector<CodeAddress> codeAddresses() const {
    std::vector<CodeAddress> Addresses;
    if (const ElfSection *Table = vectorTable()) {
      // Entry 0 is the initial SP, which the core loads with bits 1:0
      // cleared; it is not a code address.
      ArrayRef<uint8_t> Words = Table->Contents;
      for (size_t I = 1; (I + 1) * 4 <= Words.size(); ++I) {
        uint32_t Entry = Image.LittleEndian
                             ? support::endian::read32le(Words.data() + I * 4)
                             : support::endian::read32be(Words.data() + I * 4);
        if (!Entry)
          continue;
        std::string What = "vector " + std::to_string(I);
        std::string Exception = exceptionName(I);
        if (!Exception.empty())
          What += " (" + Exception + ")";
        Addresses.push_back({std::move(What), Entry});
      }
    }
    if (Image.Entry)
      Addresses.push_back({"the entry point", Image.Entry});
    return Addresses;
  }

  /// The output section ".vectors" (or ".isr_vector"), if any.
  const ElfSection *vectorTable() const {
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
    return Table;
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
    bool ArmState =
        Sec->isCode() && (stateAt(Target) == 'a' ||
                          (Sym && Sym->isFunction() && !(Sym->Value & 1)));
    if (Sec->isCode() && !ArmState && (Addr & 1)) {
      // Thumb code and bit 0 set. A function starting there, or a plain
      // label (as in `.word label + 1`), is fine; the middle of a function
      // is not.
      if (Sym && Sym->isFunction())
        return;
      if (const ElfSymbol *F = functionInside(Target)) {
        std::string Offset;
        raw_string_ostream(Offset) << format_hex(Target - F->start(), 0);
        Diag.report(Twine(What) + " is " + Hex + ", which points " + Offset +
                    " bytes into function '" + F->Name + "'" +
                    inObject(F->Name, false) + ", not at its start");
      }
      return;
    }

    // Something is wrong: name the symbol the programmer wrote.
    if (Sym)
      Sym = nameAt(Target);
    if (!Sec->isCode()) {
      if (Sym)
        Diag.report(Twine(What) + " points at '" + Sym->Name +
                    "', which is data, not code" + inObject(Sym->Name, true));
      else
        Diag.report(Twine(What) + " is " + Hex + ", which is in " + Sec->Name +
                    ", data, not code");
    } else if (ArmState) {
      std::string Name =
          Sym ? ("'" + Sym->Name + "'" + inObject(Sym->Name, true) +
                 ", ARM-state (A32) code")
                    .str()
              : ("ARM-state (A32) code in " + Sec->Name).str();
      Diag.report(Twine(What) + " is " + Hex + ", which points at " + Name +
                  " a Cortex-M core cannot run; " + fixThumb());
    } else if (Sym) {
      Diag.report(Twine(What) + " is " + Hex + ", an even address: symbol '" +
                  Sym->Name + "'" + inObject(Sym->Name, false) +
                  " is not marked as a Thumb function; add '.type " +
                  Sym->Name + ", %function' (or '.thumb_func') before it");
    } else {
      Diag.report(Twine(What) + " is " + Hex + ", an even address in " +
                  Sec->Name +
                  " with no symbol there; mark the code it points at as a "
                  "Thumb function with '.type <name>, %function' (or "
                  "'.thumb_func')");
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
                  fixThumb());
  }

  /// Whether \p S is an untyped symbol at an even address inside (not at
  /// the end of) an executable section: a label code may be called at.
  /// The layout's `__text_end` and the like, at a section's end, are not.
  bool isUntypedCodeLabel(const ElfSymbol &S) const {
    if (S.Type != ELF::STT_NOTYPE || (S.Value & 1))
      return false;
    const ElfSection *Sec = Image.section(S.Section);
    return Sec && Sec->isCode() && S.Value >= Sec->Addr &&
           S.Value - Sec->Addr < Sec->Size;
  }

  /// Every address of an untyped label in Thumb code that a linked object
  /// stores (in data, or with MOVW) has bit 0 set; see ThumbLabels.cpp for
  /// the rule. Runs only if the image has such a label, so the inputs'
  /// relocations are read only then.
  void checkStoredLabels() {
    Linked.withSymbols();
    bool Any = any_of(Image.Symbols, [&](const ElfSymbol &S) {
      return isUntypedCodeLabel(S) && stateAt(S.Value) == 't';
    });
    if (!Any)
      return;
    std::vector<ObjectBuffer> Buffers;
    for (const InputObject &O : Inputs.objects())
      if (O.Linked)
        Buffers.push_back({O.Name, O.Contents.getBuffer()});
    std::vector<StoredThumbLabel> Found = findStoredThumbLabels(Buffers);
    if (Found.empty())
      return;
    // The referring section may have been discarded (--gc-sections): a
    // reference counts only if the image holds it, a word with the label's
    // address (even) or a MOVW of its low half.
    StringMap<SmallVector<uint64_t, 1>> AddressesOf;
    for (const StoredThumbLabel &L : Found)
      AddressesOf.try_emplace(L.Label);
    DenseSet<uint64_t> Words, Halves;
    for (const ElfSymbol &S : Image.Symbols)
      if (isUntypedCodeLabel(S))
        if (auto It = AddressesOf.find(S.Name); It != AddressesOf.end()) {
          It->second.push_back(S.Value);
          Words.insert(S.Value);
          Halves.insert(S.Value & 0xFFFF);
        }
    DenseSet<uint64_t> StoredWords, MovwHalves;
    auto Read16 = [&](const uint8_t *P) -> uint32_t {
      return Image.LittleEndian ? support::endian::read16le(P)
                                : support::endian::read16be(P);
    };
    // The vector table has a check of its own, which names the vector.
    const ElfSection *Vectors = MixedStates ? nullptr : vectorTable();
    auto FromVectors = [&](StringRef Name) {
      return !MixedStates &&
             (Name == ".vectors" || Name.starts_with(".vectors.") ||
              Name == ".isr_vector" || Name.starts_with(".isr_vector."));
    };
    for (const ElfSection &Sec : Image.Sections) {
      if (!Sec.isAlloc() || &Sec == Vectors)
        continue;
      ArrayRef<uint8_t> C = Sec.Contents;
      for (size_t I = 0; I + 4 <= C.size(); I += 2) {
        uint32_t W = Image.LittleEndian
                         ? support::endian::read32le(C.data() + I)
                         : support::endian::read32be(C.data() + I);
        if (!(I & 3) && Words.count(W))
          StoredWords.insert(W);
        if (!Sec.isCode())
          continue;
        uint32_t Hi = Read16(C.data() + I), Lo = Read16(C.data() + I + 2);
        if ((Hi & 0xFBF0) == 0xF240 && !(Lo & 0x8000)) { // Thumb MOVW
          uint32_t Imm = ((Hi & 0xF) << 12) | ((Hi & 0x400) << 1) |
                         ((Lo & 0x7000) >> 4) | (Lo & 0xFF);
          if (Halves.count(Imm))
            MovwHalves.insert(Imm);
        }
        if (!(I & 3) && (W & 0x0FF00000) == 0x03000000) { // ARM MOVW
          uint32_t Imm = ((W >> 4) & 0xF000) | (W & 0xFFF);
          if (Halves.count(Imm))
            MovwHalves.insert(Imm);
        }
      }
    }
    std::set<std::tuple<std::string, size_t, std::string>> Seen;
    for (const StoredThumbLabel &L : Found) {
      bool InImage = any_of(AddressesOf[L.Label], [&](uint64_t A) {
        return L.RelocType == ELF::R_ARM_ABS32 ? StoredWords.count(A)
                                               : MovwHalves.count(A & 0xFFFF);
      });
      if (!InImage || FromVectors(L.ReferringSection))
        continue;
      const std::string &Ref = Buffers[L.ReferringObject].Name;
      if (!Seen.insert({L.Label, L.ReferringObject, L.ReferringSection})
               .second)
        continue;
      Diag.report("'" + L.Label + "' (in " + Buffers[L.DefiningObject].Name +
                  ") is a label in Thumb code without a function type, and " +
                  Ref + ":(" + L.ReferringSection + ") " +
                  (L.RelocType == ELF::R_ARM_ABS32
                       ? "stores its address"
                       : "builds its address with MOVW") +
                  " without bit 0, so a call through it " +
                  (MixedStates ? "runs Thumb code in ARM state"
                               : "faults (INVSTATE)") +
                  "; add '.type " +
                  L.Label +
                  ", %function' (or '.thumb_func') before the label, or "
                  "link with --thumb-labels=functions");
    }
  }

  void checkFloatAbi() {
    // LLD marks the image soft-float unless an object it linked passes
    // floating-point arguments in FP registers (Tag_ABI_VFP_args): then
    // there is no hard-float object, and no input needs to be read.
    if ((Image.Flags & ELF::EF_ARM_EABIMASK) == ELF::EF_ARM_EABI_VER5 &&
        (Image.Flags & ELF::EF_ARM_ABI_FLOAT_SOFT))
      return;
    // Which archive members are linked matters only if both kinds are
    // among the objects at all; usually one is not.
    if (!Inputs.anyWithCode(isHardFloat) || !Inputs.anyWithCode(isSoftFloat))
      return;
    const InputObject *Hard = Inputs.firstLinkedWithCode(isHardFloat);
    const InputObject *Soft = Inputs.firstLinkedWithCode(isSoftFloat);
    if (Hard && Soft)
      Diag.report(Hard->Name +
                  " passes floating-point arguments in FP registers "
                  "(-mfloat-abi=hard) but " +
                  Soft->Name +
                  " passes them in core registers (-mfloat-abi=soft or "
                  "softfp); rebuild all objects with the same -mfloat-abi");
  }

  LinkedImage &Linked;
  const ElfModel &Image; // Linked.model()
  InputSet &Inputs;
  DiagSink &Diag;
  std::string FixThumb; // see fixThumb()
  bool ByAddressBuilt = false;
  /// Whether the image has an untyped symbol at an even address in code
  /// (set by looksClean).
  bool UntypedCodeLabel = false;
  /// The cores run ARM code too (see runStoredLabelsOnly).
  bool MixedStates = false;
  /// Image symbols by address without the Thumb bit; see symbolsAt().
  /// (An ARM image is ELF32: no address is one of DenseMap's special keys.)
  DenseMap<uint64_t, SmallVector<const ElfSymbol *, 1>> ByAddress;
};

} // namespace

ArmAttributes parseArmAttributes(ArrayRef<uint8_t> Contents,
                                 bool LittleEndian) {
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
  A.FPArch = Parser.getAttributeValue(ARMBuildAttrs::FP_arch);
  A.HardFPUse = Parser.getAttributeValue(ARMBuildAttrs::ABI_HardFP_use);
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

struct ThumbCheckInputs::Impl {
  std::vector<std::string> Paths;
  std::vector<std::optional<ObjectHeaders>> Known;
  InputSet Set;
  Impl(ArrayRef<std::string> P, ArrayRef<std::optional<ObjectHeaders>> K)
      : Paths(P.begin(), P.end()), Known(K.begin(), K.end()), Set(Paths, Known) {}
};

ThumbCheckInputs::ThumbCheckInputs(ArrayRef<std::string> Paths,
                                   ArrayRef<std::optional<ObjectHeaders>> Known)
    : I(std::make_unique<Impl>(Paths, Known)) {}
ThumbCheckInputs::~ThumbCheckInputs() = default;
void ThumbCheckInputs::readHeaders() { I->Set.readHeaders(); }

void runThumbChecks(const ELFObjectFileBase &ImageFile,
                    ArrayRef<std::string> Inputs, DiagSink &Diag) {
  ThumbCheckInputs In(Inputs);
  runThumbChecks(ImageFile, In, Diag);
}

void runThumbChecks(const ELFObjectFileBase &ImageFile, ThumbCheckInputs &In,
                    DiagSink &Diag) {
  if (Diag.Mode == CheckMode::Off || ImageFile.getEMachine() != ELF::EM_ARM)
    return;
  LinkedImage Image(ImageFile);
  InputSet &Objects = In.I->Set;
  Objects.setImage(Image);
  Checker Check(Image, Objects, Diag);
  Expected<bool> Clean = [&]() -> Expected<bool> {
    if (Error E = Image.readSections())
      return std::move(E);
    return Check.looksClean();
  }();
  if (!Clean) {
    Diag.report("cannot read the image for the Thumb checks: " +
                toString(Clean.takeError()));
    return;
  }

  // LLD copies the build attributes of the first object that has them, so
  // an image whose attributes name another profile is still checked if a
  // linked object with code is M-profile. Without attributes (hand-written
  // assembly) the image is taken to be what the driver linked it for.
  if (profileOf(Image.model().Attributes) == Profile::Other &&
      !Objects.firstLinkedWithCode(isMProfile))
    return;

  Check.run(*Clean);
}

void runStoredLabelCheck(const ELFObjectFileBase &ImageFile,
                         ThumbCheckInputs &In, DiagSink &Diag) {
  if (Diag.Mode == CheckMode::Off || ImageFile.getEMachine() != ELF::EM_ARM)
    return;
  LinkedImage Image(ImageFile);
  InputSet &Objects = In.I->Set;
  Objects.setImage(Image);
  Checker Check(Image, Objects, Diag);
  if (Error E = Image.readSections()) {
    Diag.report("cannot read the image for the Thumb checks: " +
                toString(std::move(E)));
    return;
  }
  Check.runStoredLabelsOnly();
}

} // namespace noos
