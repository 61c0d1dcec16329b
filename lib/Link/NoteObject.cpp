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

std::string makeNoteObject(uint16_t Machine, uint32_t Flags, bool Is64,
                           StringRef Target, StringRef Board) {
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

  // ELF32 or ELF64, as the target's objects are: LLD links only objects
  // of one class.
  const uint32_t EhdrSize = Is64 ? sizeof(ELF::Elf64_Ehdr) : sizeof(ELF::Elf32_Ehdr);
  const uint32_t ShdrSize = Is64 ? sizeof(ELF::Elf64_Shdr) : sizeof(ELF::Elf32_Shdr);
  const uint32_t NoteOff = EhdrSize;
  const uint32_t StrOff = NoteOff + Note.size();
  uint32_t ShOff = StrOff + ShStrTab.size();
  ShOff = (ShOff + 7) & ~7u;
  // An address-sized field.
  auto Addr = [&](std::string &S, uint64_t V) {
    if (Is64)
      put<uint64_t>(S, V);
    else
      put<uint32_t>(S, uint32_t(V));
  };

  std::string Out;
  // ELF header.
  Out += StringRef("\x7f" "ELF", 4);
  Out.push_back(Is64 ? ELF::ELFCLASS64 : ELF::ELFCLASS32);
  Out.push_back(ELF::ELFDATA2LSB);
  Out.push_back(ELF::EV_CURRENT);
  Out.push_back(ELF::ELFOSABI_NONE);
  Out.append(8, '\0');
  put<uint16_t>(Out, ELF::ET_REL);
  put<uint16_t>(Out, Machine);
  put<uint32_t>(Out, ELF::EV_CURRENT);
  Addr(Out, 0);     // e_entry
  Addr(Out, 0);     // e_phoff
  Addr(Out, ShOff); // e_shoff
  put<uint32_t>(Out, Flags);
  put<uint16_t>(Out, EhdrSize);
  put<uint16_t>(Out, 0); // e_phentsize
  put<uint16_t>(Out, 0); // e_phnum
  put<uint16_t>(Out, ShdrSize);
  put<uint16_t>(Out, 3); // e_shnum: null, .note.noos, .shstrtab
  put<uint16_t>(Out, 2); // e_shstrndx
  Out += Note;
  Out += ShStrTab;
  Out.append(ShOff - Out.size(), '\0');

  auto Shdr = [&](uint32_t Name, uint32_t Type, uint32_t Off, uint32_t Size,
                  uint32_t Align) {
    put<uint32_t>(Out, Name);
    put<uint32_t>(Out, Type);
    Addr(Out, 0); // flags: not allocated
    Addr(Out, 0); // addr
    Addr(Out, Off);
    Addr(Out, Size);
    put<uint32_t>(Out, 0); // link
    put<uint32_t>(Out, 0); // info
    Addr(Out, Align);
    Addr(Out, 0); // entsize
  };
  Shdr(0, ELF::SHT_NULL, 0, 0, 0);
  Shdr(1, ELF::SHT_NOTE, NoteOff, Note.size(), 4);
  Shdr(12, ELF::SHT_STRTAB, StrOff, ShStrTab.size(), 1);
  return Out;
}

} // namespace noos
