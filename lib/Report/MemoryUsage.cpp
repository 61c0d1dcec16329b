//===- MemoryUsage.cpp - How full each memory region is -------------------===//
//
// Usage is measured on the linked image, not on the linker's MEMORY
// bookkeeping: a section's run address is its sh_addr, its load address comes
// from the PT_LOAD segment holding it. The largest input sections of an
// overflowing region come from an LLD map file of a link whose regions were
// unbounded, so that it completes.
//
//===----------------------------------------------------------------------===//

#include "noos/MemoryUsage.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELF.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include <algorithm>

using namespace llvm;
using namespace llvm::object;

namespace noos {

namespace {

/// An allocated section of the image, as usage accounting sees it.
struct SectionRec {
  std::string Name;
  uint64_t Addr = 0;     // run address (VMA)
  uint64_t LoadAddr = 0; // load address (LMA)
  uint64_t Size = 0;
  bool NoBits = false;
  bool TLS = false;
};

} // namespace

/// The load address of a section: the run address moved by the offset
/// between physical and virtual address of the PT_LOAD segment holding it.
/// A section with contents is looked for by file offset as well, so that a
/// segment that merely overlaps its run address (.tbss-style overlap) is not
/// taken for its own. Outside every PT_LOAD, the run address.
template <class ELFT>
static uint64_t loadAddress(typename ELFT::PhdrRange Phdrs,
                            const typename ELFT::Shdr &Sec) {
  bool HasContents = Sec.sh_type != ELF::SHT_NOBITS;
  for (int Pass = 0; Pass < 2; ++Pass) {
    bool MatchOffset = Pass == 0 && HasContents;
    for (const typename ELFT::Phdr &P : Phdrs) {
      if (P.p_type != ELF::PT_LOAD)
        continue;
      uint64_t VAddr = P.p_vaddr, MemSz = P.p_memsz;
      if (Sec.sh_addr < VAddr || Sec.sh_addr - VAddr >= MemSz)
        continue;
      if (MatchOffset && (Sec.sh_offset < P.p_offset ||
                          Sec.sh_offset - P.p_offset >= uint64_t(P.p_filesz)))
        continue;
      return P.p_paddr + (Sec.sh_addr - VAddr);
    }
    if (!HasContents)
      break;
  }
  return Sec.sh_addr;
}

template <class ELFT>
static Expected<std::vector<SectionRec>>
allocatedSections(const ELFFile<ELFT> &File) {
  auto Sections = File.sections();
  if (!Sections)
    return Sections.takeError();
  auto Phdrs = File.program_headers();
  if (!Phdrs)
    return Phdrs.takeError();
  std::vector<SectionRec> Out;
  for (const typename ELFT::Shdr &Sec : *Sections) {
    if (!(Sec.sh_flags & ELF::SHF_ALLOC))
      continue;
    auto Name = File.getSectionName(Sec);
    if (!Name)
      return Name.takeError();
    SectionRec R;
    R.Name = Name->str();
    R.Addr = Sec.sh_addr;
    R.LoadAddr = loadAddress<ELFT>(*Phdrs, Sec);
    R.Size = Sec.sh_size;
    R.NoBits = Sec.sh_type == ELF::SHT_NOBITS;
    R.TLS = Sec.sh_flags & ELF::SHF_TLS;
    Out.push_back(std::move(R));
  }
  return Out;
}

static Expected<std::vector<SectionRec>>
allocatedSections(const ELFObjectFileBase &Image) {
  if (const auto *O = dyn_cast<ELF32LEObjectFile>(&Image))
    return allocatedSections(O->getELFFile());
  if (const auto *O = dyn_cast<ELF32BEObjectFile>(&Image))
    return allocatedSections(O->getELFFile());
  if (const auto *O = dyn_cast<ELF64LEObjectFile>(&Image))
    return allocatedSections(O->getELFFile());
  if (const auto *O = dyn_cast<ELF64BEObjectFile>(&Image))
    return allocatedSections(O->getELFFile());
  return createStringError(inconvertibleErrorCode(),
                           "%s: unsupported ELF class or byte order",
                           Image.getFileName().str().c_str());
}

/// The index in \p Regions of the region \p Addr belongs to: the one with
/// the greatest origin at or below it (the first of equals), or -1.
static int regionOf(uint64_t Addr, ArrayRef<Region> Regions) {
  int Best = -1;
  for (size_t I = 0; I < Regions.size(); ++I) {
    uint64_t Origin = Regions[I].Block.Origin;
    if (Origin <= Addr && (Best < 0 || Origin > Regions[Best].Block.Origin))
      Best = int(I);
  }
  return Best;
}

// Region membership, shared by computeUsage and largestInputs. Assigning a
// section to the nearest region below it, rather than to the region that
// contains it, lets an overflow measurement (a link with unbounded regions,
// whose sections run past the end of the real region) be charged to the
// region that overflowed. Looking at all regions, not only those of the kind
// being measured, keeps a flash image's code from being charged to a RAM
// region below the flash, and keeps .bss (whose load address is its run
// address) out of a flash region below the RAM.

Expected<std::vector<RegionUsage>> computeUsage(const ELFObjectFileBase &Image,
                                                ArrayRef<Region> Regions) {
  auto Sections = allocatedSections(Image);
  if (!Sections)
    return Sections.takeError();
  std::vector<RegionUsage> Usage;
  for (const Region &R : Regions)
    Usage.push_back({R, 0});

  auto Charge = [&](uint64_t Addr, uint64_t Size, bool Flash) {
    int I = regionOf(Addr, Regions);
    if (I < 0 || Regions[I].IsFlash != Flash)
      return;
    uint64_t End = Addr + Size - Regions[I].Block.Origin;
    Usage[I].Used = std::max(Usage[I].Used, End);
  };

  for (const SectionRec &S : *Sections) {
    if (S.Size == 0)
      continue;
    // .tbss occupies no address space of its own: the linker lays what
    // follows over it, and the layout reserves it with .tbss_space.
    if (S.NoBits && S.TLS)
      continue;
    if (!S.NoBits)
      Charge(S.LoadAddr, S.Size, /*Flash=*/true);
    Charge(S.Addr, S.Size, /*Flash=*/false);
  }
  return Usage;
}

/// A size as GNU ld shows it: in the largest of GB, MB and KB that divides
/// it exactly (so 0 shows as "0 GB", as GNU ld does), the number in 10
/// columns; else in bytes, the number in 10 columns after a space.
static void printRegionSize(raw_ostream &OS, uint64_t Size) {
  static const struct {
    unsigned Shift;
    const char *Unit;
  } Units[] = {{30, "GB"}, {20, "MB"}, {10, "KB"}};
  for (const auto &U : Units) {
    if ((Size & ((uint64_t(1) << U.Shift) - 1)) == 0) {
      OS << right_justify(std::to_string(Size >> U.Shift), 10) << " " << U.Unit;
      return;
    }
  }
  OS << " " << right_justify(std::to_string(Size), 10) << " B";
}

void printUsageTable(raw_ostream &OS, ArrayRef<RegionUsage> U) {
  OS << "Memory region         Used Size  Region Size  %age Used\n";
  for (const RegionUsage &RU : U) {
    OS << right_justify(RU.R.Name, 16) << ": ";
    printRegionSize(OS, RU.Used);
    printRegionSize(OS, RU.R.Block.Size);
    // GNU ld ends the line after the sizes for an empty region.
    if (RU.R.Block.Size != 0)
      OS << format("    %6.2f%%", double(RU.Used) * 100.0 / RU.R.Block.Size);
    OS << "\n";
  }
}

/// Output sections every link may have that are never loaded, recognised
/// by name when there is no image to ask.
static bool isUnallocatedByName(StringRef Name) {
  return Name == ".comment" || Name == ".symtab" || Name == ".strtab" ||
         Name == ".shstrtab" || Name == ".symtab_shndx" ||
         Name.starts_with(".debug") || Name.starts_with(".zdebug") ||
         Name.starts_with(".stab") || Name == ".gnu_debuglink" ||
         Name == ".ARM.attributes" || Name == ".riscv.attributes" ||
         Name == ".llvm_addrsig" || Name == ".note.GNU-stack" ||
         Name == ".note.noos"; // noos-ld's own note on the image
}

/// An input-section line names a file and a section, "file:(section)" (or
/// "lib.a(member.o):(section)"); script commands at the same indentation
/// (". += 0x400", "__x = .") do not.
static bool isInputSectionText(StringRef Text) {
  return Text.ends_with(")") && Text.contains(":(");
}

std::vector<InputSectionInfo> parseLLDMap(StringRef MapText,
                                          const ELFObjectFileBase *Image) {
  // Names of the output sections the image allocates.
  StringSet<> Allocated;
  bool UseImage = false;
  if (Image) {
    if (auto Sections = allocatedSections(*Image)) {
      UseImage = true;
      for (const SectionRec &S : *Sections)
        Allocated.insert(S.Name);
    } else {
      consumeError(Sections.takeError());
    }
  }

  // LLD writes four numeric columns (VMA, LMA, Size, Align), then the text
  // of the line indented by its kind: output sections (and script commands
  // outside them) under "Out", input sections (and commands inside output
  // sections) under "In", symbols under "Symbol". The indents are taken
  // from the header, counted from the end of "Align"; these are LLD's.
  size_t InIndent = 9, SymbolIndent = 17;

  std::vector<InputSectionInfo> Result;
  std::string Out;
  bool KeepOut = false;
  SmallVector<StringRef, 0> Lines;
  MapText.split(Lines, '\n');
  for (StringRef Line : Lines) {
    Line = Line.rtrim("\r");
    size_t AlignEnd = Line.find("Align");
    if (AlignEnd != StringRef::npos && Line.ltrim().starts_with("VMA")) {
      AlignEnd += 5;
      size_t OutPos = Line.find("Out", AlignEnd);
      size_t InPos = OutPos == StringRef::npos ? StringRef::npos
                                               : Line.find("In", OutPos + 3);
      size_t SymPos = InPos == StringRef::npos ? StringRef::npos
                                               : Line.find("Symbol", InPos + 2);
      if (SymPos != StringRef::npos) {
        InIndent = InPos - AlignEnd;
        SymbolIndent = SymPos - AlignEnd;
      }
      continue;
    }

    uint64_t Num[4];
    StringRef Rest = Line;
    bool Ok = true;
    for (uint64_t &N : Num) {
      Rest = Rest.ltrim(' ');
      StringRef Tok = Rest.take_until([](char C) { return C == ' '; });
      if (Tok.empty() || Tok.getAsInteger(16, N)) {
        Ok = false;
        break;
      }
      Rest = Rest.drop_front(Tok.size());
    }
    if (!Ok)
      continue;
    StringRef Text = Rest.ltrim(' ');
    size_t Indent = Rest.size() - Text.size();
    Text = Text.rtrim();
    if (Text.empty())
      continue;

    if (Indent < InIndent) {
      // An output section, or a script command between output sections,
      // which ends the previous section's list.
      bool IsSection = !Text.contains(' ');
      Out = IsSection ? Text.str() : std::string();
      KeepOut = IsSection && (UseImage ? Allocated.contains(Text)
                                       : !isUnallocatedByName(Text));
      continue;
    }
    if (Indent >= SymbolIndent || !KeepOut || !isInputSectionText(Text))
      continue;
    InputSectionInfo I;
    I.OutputSection = Out;
    I.Input = Text.str();
    I.VMA = Num[0];
    I.LMA = Num[1];
    I.Size = Num[2];
    Result.push_back(std::move(I));
  }
  return Result;
}

std::vector<InputSectionInfo> largestInputs(ArrayRef<InputSectionInfo> All,
                                            const Region &R, size_t N,
                                            ArrayRef<Region> Regions) {
  int Self = -1;
  for (size_t I = 0; I < Regions.size() && Self < 0; ++I)
    if (Regions[I].Name == R.Name && Regions[I].IsFlash == R.IsFlash &&
        Regions[I].Block.Origin == R.Block.Origin)
      Self = int(I);

  // Indices into All, largest first, then in map order.
  std::vector<size_t> Picked;
  for (size_t I = 0; I < All.size(); ++I) {
    const InputSectionInfo &S = All[I];
    if (S.Size == 0)
      continue;
    uint64_t Addr = R.IsFlash ? S.LMA : S.VMA;
    bool Belongs =
        Self >= 0 ? regionOf(Addr, Regions) == Self : R.Block.contains(Addr);
    if (Belongs)
      Picked.push_back(I);
  }
  std::sort(Picked.begin(), Picked.end(), [&](size_t A, size_t B) {
    if (All[A].Size != All[B].Size)
      return All[A].Size > All[B].Size;
    return A < B;
  });
  if (Picked.size() > N)
    Picked.resize(N);
  std::vector<InputSectionInfo> In;
  for (size_t I : Picked)
    In.push_back(All[I]);
  return In;
}

std::string describeOverflow(const RegionUsage &U,
                             ArrayRef<InputSectionInfo> Largest) {
  std::string S;
  raw_string_ostream OS(S);
  OS << "region " << U.R.Name << " overflowed by " << U.over()
     << " bytes (used " << U.Used << " of " << U.R.Block.Size << "); ";
  if (Largest.empty()) {
    OS << "make the image smaller";
  } else {
    OS << "largest input sections: ";
    ListSeparator LS(", ");
    for (const InputSectionInfo &I : Largest)
      OS << LS << I.Input << " " << I.Size;
    OS << "; make them smaller";
  }
  // The options that size the region; RAM block 1 also holds the stack.
  if (U.R.IsFlash)
    OS << " or give the region more room (-F or --board)";
  else if (U.R.Name == "RAM")
    OS << ", shrink the stack (--stack-size) or give the region more room "
          "(-M or --board)";
  else
    OS << " or give the region more room (-M or --board)";
  return S;
}

void writeJSONReport(raw_ostream &OS, StringRef Target, StringRef Board,
                     ArrayRef<RegionUsage> U, const ELFObjectFileBase &Image) {
  std::vector<SectionRec> Sections;
  if (auto S = allocatedSections(Image))
    Sections = std::move(*S);
  else
    consumeError(S.takeError()); // computeUsage has reported it

  json::OStream J(OS, 2);
  J.object([&] {
    J.attribute("target", Target);
    if (Board.empty())
      J.attribute("board", nullptr);
    else
      J.attribute("board", Board);
    J.attributeArray("regions", [&] {
      for (const RegionUsage &RU : U) {
        J.object([&] {
          uint64_t Size = RU.R.Block.Size;
          J.attribute("name", RU.R.Name);
          J.attribute("origin", RU.R.Block.Origin);
          J.attribute("size", Size);
          J.attribute("used", RU.Used);
          J.attribute("free", RU.overflows() ? 0 : Size - RU.Used);
          J.attributeBegin("percent");
          // Two decimals as written, not as the nearest double prints.
          if (Size != 0)
            J.rawValue([&](raw_ostream &ROS) {
              ROS << format("%.2f", double(RU.Used) * 100.0 / Size);
            });
          else
            J.value(nullptr);
          J.attributeEnd();
        });
      }
    });
    J.attributeArray("sections", [&] {
      for (const SectionRec &S : Sections) {
        if (S.Size == 0)
          continue;
        J.object([&] {
          J.attribute("name", S.Name);
          J.attribute("address", S.Addr);
          J.attribute("load-address", S.LoadAddr);
          J.attribute("size", S.Size);
          J.attribute("type", S.NoBits ? "nobits" : "progbits");
        });
      }
    });
  });
}

} // namespace noos
