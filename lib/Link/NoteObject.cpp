//===- NoteObject.cpp - The .note.noos object noos-ld links in ------------===//
//
// noos-ld records the target and board of an image in a non-allocated
// SHT_NOTE section, so noos-run and other tools can read them back:
//   owner "noos", type NT_NOOS_IMAGE_INFO (1),
//   descriptor "target=<triple>\0board=<name>\0" (board= only with a board).
// A linker script cannot make a non-allocated SHT_NOTE section, so the note
// comes from a tiny relocatable object written here.
//
//===----------------------------------------------------------------------===//

#include "NoteObject.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Support/Endian.h"

using namespace llvm;

namespace noos {

static void pad(std::string &S, size_t Align) {
  while (S.size() % Align)
    S.push_back('\0');
}

template <typename T> static void put(std::string &S, T V) {
  char Buf[sizeof(T)];
  support::endian::write<T, llvm::endianness::little>(Buf, V);
  S.append(Buf, sizeof(T));
}

std::string noteDescriptor(StringRef Target, StringRef Board) {
  std::string Desc = "target=" + Target.str();
  Desc.push_back('\0');
  if (!Board.empty()) {
    Desc += "board=" + Board.str();
    Desc.push_back('\0');
  }
  return Desc;
}

std::string makeNoteObject(uint16_t Machine, uint32_t Flags, StringRef Target,
                           StringRef Board) {
  // Section contents.
  std::string Note;
  std::string Desc = noteDescriptor(Target, Board);
  put<uint32_t>(Note, 5);           // namesz, "noos\0"
  put<uint32_t>(Note, Desc.size()); // descsz
  put<uint32_t>(Note, NT_NOOS_IMAGE_INFO);
  Note += StringRef("noos\0", 5);
  pad(Note, 4);
  Note += Desc;
  pad(Note, 4);
  std::string ShStrTab("\0.note.noos\0.shstrtab\0", 22);

  const uint32_t EhdrSize = sizeof(ELF::Elf32_Ehdr);
  const uint32_t NoteOff = EhdrSize;
  const uint32_t StrOff = NoteOff + Note.size();
  uint32_t ShOff = StrOff + ShStrTab.size();
  ShOff = (ShOff + 3) & ~3u;

  std::string Out;
  // ELF header.
  Out += StringRef("\x7f" "ELF", 4);
  Out.push_back(ELF::ELFCLASS32);
  Out.push_back(ELF::ELFDATA2LSB);
  Out.push_back(ELF::EV_CURRENT);
  Out.push_back(ELF::ELFOSABI_NONE);
  Out.append(8, '\0');
  put<uint16_t>(Out, ELF::ET_REL);
  put<uint16_t>(Out, Machine);
  put<uint32_t>(Out, ELF::EV_CURRENT);
  put<uint32_t>(Out, 0);     // e_entry
  put<uint32_t>(Out, 0);     // e_phoff
  put<uint32_t>(Out, ShOff); // e_shoff
  put<uint32_t>(Out, Flags);
  put<uint16_t>(Out, EhdrSize);
  put<uint16_t>(Out, 0); // e_phentsize
  put<uint16_t>(Out, 0); // e_phnum
  put<uint16_t>(Out, sizeof(ELF::Elf32_Shdr));
  put<uint16_t>(Out, 3); // e_shnum: null, .note.noos, .shstrtab
  put<uint16_t>(Out, 2); // e_shstrndx
  Out += Note;
  Out += ShStrTab;
  pad(Out, 4);

  auto Shdr = [&](uint32_t Name, uint32_t Type, uint32_t Off, uint32_t Size,
                  uint32_t Align) {
    put<uint32_t>(Out, Name);
    put<uint32_t>(Out, Type);
    put<uint32_t>(Out, 0); // flags: not allocated
    put<uint32_t>(Out, 0); // addr
    put<uint32_t>(Out, Off);
    put<uint32_t>(Out, Size);
    put<uint32_t>(Out, 0); // link
    put<uint32_t>(Out, 0); // info
    put<uint32_t>(Out, Align);
    put<uint32_t>(Out, 0); // entsize
  };
  Shdr(0, ELF::SHT_NULL, 0, 0, 0);
  Shdr(1, ELF::SHT_NOTE, NoteOff, Note.size(), 4);
  Shdr(12, ELF::SHT_STRTAB, StrOff, ShStrTab.size(), 1);
  return Out;
}

} // namespace noos
