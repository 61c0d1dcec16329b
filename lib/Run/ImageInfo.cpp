//===- ImageInfo.cpp - Read the .note.noos of an image --------------------===//
//
// Any SHT_NOTE section whose note has owner "noos" and type 1 counts, so an
// image whose sections were renamed or reordered by objcopy still reads.
//
//===----------------------------------------------------------------------===//

#include "noos/ImageInfo.h"
#include "noos/Support.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/BinaryFormat/Magic.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/ARMAttributeParser.h"
#include "llvm/Support/ARMBuildAttributes.h"
#include "llvm/Support/ELFAttributes.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include <optional>

using namespace llvm;
using namespace llvm::object;

namespace noos {

/// Note type of the image-information note (lib/Link/NoteObject.h).
static constexpr uint32_t NoteType = 1;
static constexpr char NoteOwner[] = "noos";

Expected<ImageInfo> parseImageInfoNote(StringRef Desc) {
  ImageInfo Info;
  bool HasTarget = false;
  SmallVector<StringRef, 4> Entries;
  Desc.split(Entries, '\0', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (StringRef E : Entries) {
    auto [Key, Value] = E.split('=');
    if (Key == "target") {
      Info.Target = Value.str();
      HasTarget = true;
    } else if (Key == "board") {
      Info.Board = Value.str();
    }
  }
  if (!HasTarget || Info.Target.empty())
    return makeError("its .note.noos names no target");
  Info.HasNote = true;
  return Info;
}

/// The descriptor of the first noos note, if any.
template <class ELFT>
static Expected<std::optional<std::string>>
findNote(const ELFFile<ELFT> &File) {
  Expected<typename ELFT::ShdrRange> Sections = File.sections();
  if (!Sections)
    return Sections.takeError();
  for (const typename ELFT::Shdr &Sec : *Sections) {
    if (Sec.sh_type != ELF::SHT_NOTE)
      continue;
    Error Err = Error::success();
    for (const typename ELFT::Note &N : File.notes(Sec, Err)) {
      if (N.getName() != NoteOwner || N.getType() != NoteType)
        continue;
      std::string Desc = N.getDescAsStringRef(Sec.sh_addralign).str();
      consumeError(std::move(Err)); // checked-ness, not a failure
      return std::optional<std::string>(std::move(Desc));
    }
    if (Err)
      return std::move(Err);
  }
  return std::optional<std::string>();
}

/// Reads the first SHT_ARM_ATTRIBUTES section of an Arm image into \p Info.
/// Attributes only refine the checks, so a malformed section is ignored
/// (what was read before the malformed part is kept).
template <class ELFT>
static void readAttributes(const ELFFile<ELFT> &File, ImageInfo &Info) {
  if (File.getHeader().e_machine != ELF::EM_ARM)
    return;
  Expected<typename ELFT::ShdrRange> Sections = File.sections();
  if (!Sections) {
    consumeError(Sections.takeError());
    return;
  }
  for (const typename ELFT::Shdr &Sec : *Sections) {
    if (Sec.sh_type != ELF::SHT_ARM_ATTRIBUTES)
      continue;
    Expected<ArrayRef<uint8_t>> Contents = File.getSectionContents(Sec);
    if (!Contents) {
      consumeError(Contents.takeError());
      return;
    }
    if (Contents->size() < 2 || (*Contents)[0] != ELFAttrs::Format_Version)
      return;
    ARMAttributeParser Parser;
    consumeError(Parser.parse(*Contents, ELFT::Endianness));
    Info.CPUArch = Parser.getAttributeValue(ARMBuildAttrs::CPU_arch);
    std::optional<unsigned> FPArch =
        Parser.getAttributeValue(ARMBuildAttrs::FP_arch);
    if (!FPArch || *FPArch == 0)
      Info.FP = "none";
    else
      Info.FP = Parser.getAttributeValue(ARMBuildAttrs::ABI_HardFP_use) ==
                        std::optional<unsigned>(ARMBuildAttrs::HardFPSinglePrecision)
                    ? "sp"
                    : "dp";
    return;
  }
}

Expected<ImageInfo> readImageInfo(StringRef Path, bool RequireNote) {
  sys::fs::file_status Status;
  if (std::error_code EC = sys::fs::status(Path, Status))
    return makeError("cannot open image '" + Path + "': " + EC.message());
  if (sys::fs::is_directory(Status))
    return makeError("'" + Path + "' is a directory, not an image");
  if (!sys::fs::is_regular_file(Status))
    return makeError("'" + Path + "' is not a regular file, not an image");

  ErrorOr<std::unique_ptr<MemoryBuffer>> Buf =
      MemoryBuffer::getFile(Path, /*IsText=*/false,
                            /*RequiresNullTerminator=*/false);
  if (!Buf)
    return makeError("cannot read image '" + Path + "': " +
                     Buf.getError().message());

  file_magic Magic = identify_magic((*Buf)->getBuffer());
  switch (Magic) {
  case file_magic::elf_executable:
  case file_magic::elf_shared_object:
    break;
  case file_magic::elf_relocatable:
    return makeError("'" + Path + "' is an object file, not a linked image: "
                     "link it with noos-ld first");
  case file_magic::elf:
  case file_magic::elf_core:
    return makeError("'" + Path + "' is an ELF file but not an executable "
                     "image: pass the .elf that noos-ld writes");
  default:
    return makeError("'" + Path + "' is not an ELF image: pass the .elf that "
                     "noos-ld writes (a .bin, .hex, .srec or .uf2 does not "
                     "say which board it is for)");
  }

  Expected<std::unique_ptr<ObjectFile>> Obj =
      ObjectFile::createELFObjectFile((*Buf)->getMemBufferRef());
  if (!Obj)
    return makeError("'" + Path + "' is not a valid ELF image: " +
                     toString(Obj.takeError()));

  ImageInfo Info;
  Expected<std::optional<std::string>> Desc = std::optional<std::string>();
  if (auto *O = dyn_cast<ELF32LEObjectFile>(Obj->get())) {
    Info.Machine = O->getELFFile().getHeader().e_machine;
    Desc = findNote(O->getELFFile());
    readAttributes(O->getELFFile(), Info);
  } else if (auto *O = dyn_cast<ELF32BEObjectFile>(Obj->get())) {
    Info.Machine = O->getELFFile().getHeader().e_machine;
    Desc = findNote(O->getELFFile());
    readAttributes(O->getELFFile(), Info);
  } else if (auto *O = dyn_cast<ELF64LEObjectFile>(Obj->get())) {
    Info.Machine = O->getELFFile().getHeader().e_machine;
    Desc = findNote(O->getELFFile());
    readAttributes(O->getELFFile(), Info);
  } else if (auto *O = dyn_cast<ELF64BEObjectFile>(Obj->get())) {
    Info.Machine = O->getELFFile().getHeader().e_machine;
    Desc = findNote(O->getELFFile());
    readAttributes(O->getELFFile(), Info);
  }
  if (!Desc)
    return makeError("'" + Path + "': cannot read its notes: " +
                     toString(Desc.takeError()));
  if (!*Desc) {
    if (!RequireNote)
      return Info;
    return makeError("'" + Path + "' has no .note.noos, so its target and "
                     "board are unknown: link it with noos-ld (or clang "
                     "--target=<arch>-noos), or pass --board=NAME");
  }
  Expected<ImageInfo> Parsed = parseImageInfoNote(**Desc);
  if (!Parsed)
    return makeError("'" + Path + "': " + toString(Parsed.takeError()) +
                     ": relink it with noos-ld");
  Parsed->Machine = Info.Machine;
  Parsed->CPUArch = Info.CPUArch;
  Parsed->FP = Info.FP;
  return Parsed;
}

} // namespace noos
