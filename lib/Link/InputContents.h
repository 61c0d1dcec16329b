//===- InputContents.h - the sections and symbols of noos-ld's inputs ----===//
//
// What noos-ld reads of the input objects' sections and symbols (InputScan
// reads only their headers and attributes):
//  - whether an object holds ARM-state or Thumb code (mapping symbols), so
//    that an object is judged by what it contains, not by its
//    Tag_CPU_arch alone (GNU as tags Thumb-2 code "v6T2");
//  - its writable sections, so that those the layout does not name are
//    placed with .data (or .bss) instead of where LLD puts orphans;
//  - the functions it defines, to catch a misspelt interrupt handler.
//
//===----------------------------------------------------------------------===//
#ifndef NOOS_LINK_INPUTCONTENTS_H
#define NOOS_LINK_INPUTCONTENTS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace noos {

struct WritableSection {
  std::string Name;
  bool NoBits = false; ///< SHT_NOBITS: zero-initialised
};

struct ObjectContents {
  std::string Path;          ///< the file, or "archive(member)"
  bool IsArchiveMember = false;
  bool HasARMCode = false;   ///< $a mapping symbols, or A32 functions
  bool HasThumbCode = false; ///< $t mapping symbols, or Thumb functions
  std::vector<WritableSection> Writable; ///< SHF_ALLOC|SHF_WRITE, not TLS
  std::vector<std::string> Functions;    ///< defined global STT_FUNC names
  bool HasExidx = false;                 ///< an SHT_ARM_EXIDX section
  /// Allocated sections named with GCC's flags trick
  /// (section(".x,\"ax\",%progbits @")), which clang takes as the name.
  std::vector<std::string> FlagTrickSections;
  bool HasSymbols = false; ///< the symbol facts above were read
};

/// Reads the ELF objects among \p Paths and, if \p Archives, the ELF
/// members of the archives among them; other files are skipped (InputScan
/// has judged them already). The symbol table is read only if \p Symbols:
/// the section headers are most of what every link needs, and reading
/// every symbol of thousands of objects costs a tenth of noos-ld's time.
std::vector<ObjectContents> readObjectContents(llvm::ArrayRef<std::string> Paths,
                                              bool Symbols, bool Archives);

/// Linker script text \p T without its comments.
std::string stripScriptComments(llvm::StringRef T);

/// The input-section patterns a layout template names ("*(.data .data.*)"
/// gives ".data" and ".data.*").
std::vector<std::string> templateSectionPatterns(llvm::StringRef Template);

/// The writable sections of \p Objects that no pattern of \p Patterns
/// matches, each name once, in input order.
std::vector<WritableSection>
unplacedWritableSections(llvm::ArrayRef<ObjectContents> Objects,
                         llvm::ArrayRef<std::string> Patterns);

/// Script text that places \p Sections in RAM: initialised ones right
/// after .data (run in REGION_DATA, stored in REGION_LOAD, so they are
/// copied with it), zero-initialised ones right before .bss (so they are
/// zeroed with it). Names a script cannot spell are left out.
std::string placeWritableSections(llvm::ArrayRef<WritableSection> Sections);

/// If \p Function looks like a misspelling of the handler \p Handler (case,
/// a missing or different "_IRQHandler"/"_Handler" suffix), true.
bool isNearMissHandler(llvm::StringRef Function, llvm::StringRef Handler);

} // namespace noos

#endif
