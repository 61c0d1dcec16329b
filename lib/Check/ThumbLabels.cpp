//===- ThumbLabels.cpp - Untyped Thumb labels whose address is stored -----===//
//
// An assembly label without `.type label, %function` (or `.thumb_func`) is
// an untyped symbol: the linker gives its address without bit 0, even when
// the label starts Thumb code. Stored in a function-pointer table and
// called, that address puts the core in ARM state: on M-profile the call
// faults with INVSTATE. These functions find such stored addresses from the
// relocations of the input objects, and can mark the labels (as the
// Embedded Go linker does) so that LLD stores them with bit 0 set.
//
// The rule: a relocation stores the address of a Thumb label when
//  - it is R_ARM_ABS32 in an allocated section that is not code, or in a
//    code section of a compiled object (a literal pool loading a function
//    pointer), or R_ARM_MOVW_ABS_NC / R_ARM_THM_MOVW_ABS_NC anywhere
//    allocated (the low half carries bit 0; MOVT's half does not);
//  - its target, with an addend of 0, is an untyped (STT_NOTYPE) symbol
//    with an even value, or a section symbol plus an offset where such a
//    symbol is defined, in an executable section;
//  - the ARM mapping symbols of the defining object say that Thumb code
//    ($t) is at that offset, before the end of the section.
// Addresses with an addend (`.word label + 1`, `label + 8`), labels in ARM
// code ($a) or data ($d) and labels at the end of a section (`code_end`,
// for sizes) are left alone; so are assembler literal pools (`ldr r0,
// =label` in an object without calling-convention attributes), which
// hand-written code uses for addresses that are not called.
//
//===----------------------------------------------------------------------===//

#include "noos/Checks.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/Endian.h"
#include <map>

using namespace llvm;
using namespace llvm::object;

namespace noos {

namespace {

/// A symbol of one object, as the label search needs it.
struct Label {
  StringRef Name;
  uint64_t Value = 0;
  unsigned Section = 0;
  unsigned Index = 0;
  bool Global = false;
};

/// One input object, parsed.
struct Parsed {
  size_t Object = 0;
  bool LittleEndian = true;
  bool Compiled = false; // has calling-convention build attributes
  std::vector<uint64_t> Flags;          // per section
  std::vector<uint64_t> Sizes;          // per section
  std::vector<StringRef> SectionNames;  // per section
  std::vector<ArrayRef<uint8_t>> Contents; // per section
  /// Mapping symbols per section: offset -> 'a', 't' or 'd' (the last one
  /// at an offset wins).
  std::map<unsigned, std::map<uint64_t, char>> Mapping;
  /// Untyped labels with an even value in executable sections, by
  /// (section, offset).
  std::map<std::pair<unsigned, uint64_t>, std::vector<Label>> Labels;
  /// The SHT_REL and SHT_RELA sections, by index.
  std::vector<unsigned> RelSections;

  bool isCode(unsigned Sec) const {
    return Sec < Flags.size() && (Flags[Sec] & ELF::SHF_ALLOC) &&
           (Flags[Sec] & ELF::SHF_EXECINSTR);
  }
  /// Whether Thumb code starts or runs at \p Offset of section \p Sec.
  bool thumbAt(unsigned Sec, uint64_t Offset) const {
    if (!isCode(Sec) || Offset >= Sizes[Sec])
      return false;
    auto M = Mapping.find(Sec);
    if (M == Mapping.end())
      return false;
    auto It = M->second.upper_bound(Offset);
    if (It == M->second.begin())
      return false;
    return std::prev(It)->second == 't';
  }
  /// The untyped Thumb label at \p Offset of \p Sec, globals first.
  const Label *labelAt(unsigned Sec, uint64_t Offset) const {
    if (Offset & 1 || !thumbAt(Sec, Offset))
      return nullptr;
    auto It = Labels.find({Sec, Offset});
    if (It == Labels.end())
      return nullptr;
    const Label *Best = &It->second.front();
    for (const Label &L : It->second)
      if (L.Global && !Best->Global)
        Best = &L;
    return Best;
  }
};

char mappingOf(StringRef Name) {
  if (Name.size() < 2 || Name[0] != '$' || (Name.size() > 2 && Name[2] != '.'))
    return 0;
  return (Name[1] == 'a' || Name[1] == 't' || Name[1] == 'd') ? Name[1] : 0;
}

/// The calling-convention tags a compiler writes and an assembler does
/// not; see ArmAttributes::HasCallingConvention.
bool compiled(ArrayRef<uint8_t> Attributes, bool LE) {
  return parseArmAttributes(Attributes, LE).HasCallingConvention;
}

/// The implicit addend of a REL relocation of \p Type at \p Data.
std::optional<int64_t> implicitAddend(unsigned Type, const uint8_t *Data,
                                      bool LE) {
  auto R16 = [&](const uint8_t *P) -> uint32_t {
    return LE ? support::endian::read16le(P) : support::endian::read16be(P);
  };
  uint32_t W = LE ? support::endian::read32le(Data)
                  : support::endian::read32be(Data);
  switch (Type) {
  case ELF::R_ARM_ABS32:
    return int32_t(W);
  case ELF::R_ARM_MOVW_ABS_NC:
    return int16_t(((W >> 4) & 0xF000) | (W & 0xFFF));
  case ELF::R_ARM_THM_MOVW_ABS_NC: {
    uint32_t Hi = R16(Data), Lo = R16(Data + 2);
    return int16_t(((Hi & 0xF) << 12) | ((Hi & 0x400) << 1) |
                   ((Lo & 0x7000) >> 4) | (Lo & 0xFF));
  }
  }
  return std::nullopt;
}

template <class ELFT> Error parse(const ELFFile<ELFT> &EF, Parsed &P) {
  P.LittleEndian = ELFT::Endianness == endianness::little;
  if (EF.getHeader().e_machine != ELF::EM_ARM ||
      EF.getHeader().e_type != ELF::ET_REL)
    return Error::success();
  auto Sections = EF.sections();
  if (!Sections)
    return Sections.takeError();
  const typename ELFT::Shdr *Symtab = nullptr;
  for (const auto &Sec : *Sections) {
    P.Flags.push_back(Sec.sh_flags);
    P.Sizes.push_back(Sec.sh_size);
    Expected<StringRef> Name = EF.getSectionName(Sec);
    P.SectionNames.push_back(Name ? *Name : StringRef("?"));
    if (!Name)
      consumeError(Name.takeError());
    ArrayRef<uint8_t> C;
    if (Sec.sh_type != ELF::SHT_NOBITS) {
      if (auto CO = EF.getSectionContents(Sec))
        C = *CO;
      else
        consumeError(CO.takeError());
    }
    P.Contents.push_back(C);
    if (Sec.sh_type == ELF::SHT_ARM_ATTRIBUTES)
      P.Compiled |= compiled(C, P.LittleEndian);
    if (Sec.sh_type == ELF::SHT_SYMTAB)
      Symtab = &Sec;
    if (Sec.sh_type == ELF::SHT_REL || Sec.sh_type == ELF::SHT_RELA)
      P.RelSections.push_back(P.Flags.size() - 1);
  }
  if (!Symtab)
    return Error::success();
  auto Syms = EF.symbols(Symtab);
  if (!Syms)
    return Syms.takeError();
  auto Str = EF.getStringTableForSymtab(*Symtab);
  if (!Str)
    return Str.takeError();
  for (size_t I = 1; I < Syms->size(); ++I) {
    const auto &S = (*Syms)[I];
    unsigned Shndx = S.st_shndx;
    if (Shndx == ELF::SHN_UNDEF || Shndx >= ELF::SHN_LORESERVE ||
        Shndx >= P.Flags.size())
      continue;
    Expected<StringRef> Name = S.getName(*Str);
    if (!Name) {
      consumeError(Name.takeError());
      continue;
    }
    if (char K = mappingOf(*Name)) {
      P.Mapping[Shndx][S.st_value] = K;
      continue;
    }
    if (S.getType() != ELF::STT_NOTYPE || Name->empty() || (S.st_value & 1) ||
        !P.isCode(Shndx))
      continue;
    P.Labels[{Shndx, S.st_value}].push_back(
        {*Name, S.st_value, Shndx, unsigned(I),
         S.getBinding() != ELF::STB_LOCAL});
  }
  return Error::success();
}

template <class ELFT>
void scanRelocations(
    const ELFFile<ELFT> &EF, const Parsed &P, size_t Object,
    ArrayRef<std::pair<typename ELFT::Shdr, bool>> RelSections,
    function_ref<void(const typename ELFT::Shdr &RelSec, uint64_t Offset,
                      unsigned Type, uint32_t Sym, int64_t Addend)>
        Visit) {
  for (const auto &Entry : RelSections) {
    const auto &RelSec = Entry.first;
    bool IsRela = Entry.second;
    unsigned Target = RelSec.sh_info;
    if (Target >= P.Flags.size() || !(P.Flags[Target] & ELF::SHF_ALLOC))
      continue;
    bool FromCode = P.isCode(Target);
    ArrayRef<uint8_t> C = P.Contents[Target];
    auto One = [&](uint64_t Offset, uint32_t Info, std::optional<int64_t> A) {
      unsigned Type = Info & 0xFF;
      uint32_t Sym = Info >> 8;
      bool Stores = Type == ELF::R_ARM_MOVW_ABS_NC ||
                    Type == ELF::R_ARM_THM_MOVW_ABS_NC ||
                    (Type == ELF::R_ARM_ABS32 && (!FromCode || P.Compiled));
      if (!Stores)
        return;
      if (!A) {
        if (Offset > C.size() || C.size() - Offset < 4)
          return;
        A = implicitAddend(Type, C.data() + Offset, P.LittleEndian);
        if (!A)
          return;
      }
      Visit(RelSec, Offset, Type, Sym, *A);
    };
    if (IsRela) {
      auto Relas = EF.relas(RelSec);
      if (!Relas) {
        consumeError(Relas.takeError());
        continue;
      }
      for (const auto &R : *Relas)
        One(R.r_offset, R.r_info, int64_t(R.r_addend));
    } else {
      auto Rels = EF.rels(RelSec);
      if (!Rels) {
        consumeError(Rels.takeError());
        continue;
      }
      for (const auto &R : *Rels)
        One(R.r_offset, R.r_info, std::nullopt);
    }
  }
}

template <class T> struct ElfTypeOf;
template <class E> struct ElfTypeOf<ELFFile<E>> { using type = E; };

template <class Fn> Error withElf32(StringRef Bytes, Fn &&F) {
  auto [Class, Data] = getElfArchType(Bytes);
  if (Class != ELF::ELFCLASS32)
    return Error::success();
  if (Data == ELF::ELFDATA2LSB) {
    auto EF = ELFFile<ELF32LE>::create(Bytes);
    if (!EF)
      return EF.takeError();
    return F(*EF);
  }
  auto EF = ELFFile<ELF32BE>::create(Bytes);
  if (!EF)
    return EF.takeError();
  return F(*EF);
}

} // namespace

std::vector<StoredThumbLabel>
findStoredThumbLabels(ArrayRef<ObjectBuffer> Objects) {
  // Pass 1: each object's mapping symbols and untyped code labels, and the
  // global ones by name.
  std::vector<Parsed> All(Objects.size());
  StringMap<std::pair<size_t, const Label *>> Globals;
  for (size_t I = 0; I < Objects.size(); ++I) {
    All[I].Object = I;
    consumeError(withElf32(Objects[I].Contents, [&](const auto &EF) -> Error {
      return parse(EF, All[I]);
    }));
    for (const auto &[Where, Ls] : All[I].Labels)
      if (All[I].thumbAt(Where.first, Where.second))
        for (const Label &L : Ls)
          if (L.Global)
            Globals.try_emplace(L.Name, I, &L);
  }

  // Pass 2: the relocations that store an address of such a label.
  std::vector<StoredThumbLabel> Found;
  for (size_t I = 0; I < Objects.size(); ++I) {
    const Parsed &P = All[I];
    if (P.Flags.empty())
      continue;
    consumeError(withElf32(Objects[I].Contents, [&](const auto &EF) -> Error {
      using ELFT = typename ElfTypeOf<std::decay_t<decltype(EF)>>::type;
      auto Sections = EF.sections();
      if (!Sections)
        return Sections.takeError();
      std::vector<std::pair<typename ELFT::Shdr, bool>> Rels;
      for (unsigned Idx : P.RelSections)
        if (Idx < Sections->size())
          Rels.push_back({(*Sections)[Idx],
                          (*Sections)[Idx].sh_type == ELF::SHT_RELA});
      const typename ELFT::Shdr *Symtab = nullptr;
      for (const auto &S : *Sections)
        if (S.sh_type == ELF::SHT_SYMTAB)
          Symtab = &S;
      if (!Symtab)
        return Error::success();
      auto Syms = EF.symbols(Symtab);
      if (!Syms)
        return Syms.takeError();
      auto Str = EF.getStringTableForSymtab(*Symtab);
      if (!Str)
        return Str.takeError();
      scanRelocations<ELFT>(
          EF, P, I, Rels,
          [&](const typename ELFT::Shdr &RelSec, uint64_t Offset,
              unsigned Type, uint32_t SymIdx, int64_t Addend) {
            if (SymIdx == 0 || SymIdx >= Syms->size())
              return;
            const auto &S = (*Syms)[SymIdx];
            StoredThumbLabel F;
            F.ReferringObject = I;
            F.ReferringSection = P.SectionNames[RelSec.sh_info].str();
            F.ReferringSectionIndex = RelSec.sh_info;
            F.Offset = Offset;
            F.RelocType = Type;
            unsigned Shndx = S.st_shndx;
            if (Shndx == ELF::SHN_UNDEF) {
              if (Addend != 0 || S.getBinding() == ELF::STB_LOCAL)
                return;
              Expected<StringRef> Name = S.getName(*Str);
              if (!Name) {
                consumeError(Name.takeError());
                return;
              }
              auto It = Globals.find(*Name);
              if (It == Globals.end())
                return;
              F.Label = It->first().str();
              F.DefiningObject = It->second.first;
              F.LabelSymbol = It->second.second->Index;
            } else if (Shndx < ELF::SHN_LORESERVE && Shndx < P.Flags.size()) {
              uint64_t At;
              if (S.getType() == ELF::STT_SECTION) {
                if (Addend < 0)
                  return;
                At = uint64_t(Addend);
                F.ViaSection = true;
              } else if (S.getType() == ELF::STT_NOTYPE && Addend == 0) {
                At = S.st_value;
              } else {
                return;
              }
              const Label *L = P.labelAt(Shndx, At);
              if (!L)
                return;
              Expected<StringRef> Name =
                  F.ViaSection || L->Index == SymIdx ? StringRef()
                                                     : S.getName(*Str);
              if (!Name) {
                consumeError(Name.takeError());
                return;
              }
              // Another label at the same place: name the one used. An
              // unnamed symbol there (never a label) takes the label's name
              // for the messages; the symbol marked is still the one used.
              F.Label = Name->empty() ? L->Name.str() : Name->str();
              F.LabelSymbol = F.ViaSection ? L->Index : SymIdx;
              F.DefiningObject = I;
            } else {
              return;
            }
            Found.push_back(std::move(F));
          });
      return Error::success();
    }));
  }
  return Found;
}

std::optional<std::string>
markThumbLabels(StringRef Object, ArrayRef<StoredThumbLabel> Labels,
                size_t ObjectIndex) {
  std::string Copy;
  auto Ensure = [&] {
    if (Copy.empty())
      Copy = Object.str();
  };
  Error E = withElf32(Object, [&](const auto &EF) -> Error {
    using ELFT = typename ElfTypeOf<std::decay_t<decltype(EF)>>::type;
    bool LE = ELFT::Endianness == endianness::little;
    auto Sections = EF.sections();
    if (!Sections)
      return Sections.takeError();
    const typename ELFT::Shdr *Symtab = nullptr;
    for (const auto &S : *Sections)
      if (S.sh_type == ELF::SHT_SYMTAB)
        Symtab = &S;
    for (const StoredThumbLabel &L : Labels) {
      if (L.ViaSection && L.ReferringObject == ObjectIndex) {
        // A local label the assembler turned into section + offset: the
        // symbol is not in the relocation, so bit 0 goes in the addend.
        if (L.ReferringSectionIndex >= Sections->size())
          continue;
        const auto *SecIt = &(*Sections)[L.ReferringSectionIndex];
        if (SecIt->sh_type == ELF::SHT_NOBITS ||
            L.Offset + 4 > SecIt->sh_size ||
            SecIt->sh_offset + L.Offset + 4 > Object.size())
          continue;
        Ensure();
        uint8_t *P = reinterpret_cast<uint8_t *>(Copy.data()) +
                     SecIt->sh_offset + L.Offset;
        // The addend is even (the label's offset); +1 cannot carry.
        if (L.RelocType == ELF::R_ARM_ABS32)
          P[LE ? 0 : 3] |= 1;
        else if (L.RelocType == ELF::R_ARM_MOVW_ABS_NC)
          P[LE ? 0 : 3] |= 1; // imm12 bit 0
        else if (L.RelocType == ELF::R_ARM_THM_MOVW_ABS_NC)
          P[LE ? 2 : 3] |= 1; // imm8 bit 0, second halfword
        continue;
      }
      if (L.ViaSection || L.DefiningObject != ObjectIndex || !Symtab)
        continue;
      uint64_t Off = Symtab->sh_offset + uint64_t(L.LabelSymbol) *
                                             sizeof(typename ELFT::Sym);
      if (L.LabelSymbol == 0 || Off % 4 ||
          Off + sizeof(typename ELFT::Sym) > Object.size())
        continue;
      Ensure();
      auto *Sym = reinterpret_cast<typename ELFT::Sym *>(Copy.data() + Off);
      if (Sym->getType() != ELF::STT_NOTYPE)
        continue; // marked already
      Sym->setBindingAndType(Sym->getBinding(), ELF::STT_FUNC);
      Sym->st_value = Sym->st_value | 1;
    }
    return Error::success();
  });
  consumeError(std::move(E));
  if (Copy.empty())
    return std::nullopt;
  return Copy;
}

} // namespace noos
