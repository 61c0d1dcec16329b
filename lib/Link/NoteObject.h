//===- NoteObject.h - The .note.noos object noos-ld links in ----*- C++ -*-===//
#ifndef NOOS_LINK_NOTEOBJECT_H
#define NOOS_LINK_NOTEOBJECT_H

#include "llvm/ADT/StringRef.h"
#include <cstdint>
#include <string>

namespace noos {

/// Note type of the image-information note (owner "noos").
constexpr uint32_t NT_NOOS_IMAGE_INFO = 1;

/// "target=<Target>\0board=<Board>\0" (the board part only when given).
std::string noteDescriptor(llvm::StringRef Target, llvm::StringRef Board);

/// A little-endian relocatable object (ELF64 when \p Is64, else ELF32)
/// holding only a non-allocated .note.noos section with that descriptor.
std::string makeNoteObject(uint16_t Machine, uint32_t Flags, bool Is64,
                           llvm::StringRef Target, llvm::StringRef Board);

} // namespace noos

#endif
