//===- noos/MemoryUsage.h - How full each memory region is ------*- C++ -*-===//
//
// Reads a linked image and tells, per memory region, how many bytes its
// sections use: GNU ld's --print-memory-usage table, a JSON report, and on
// overflow one error per region naming the bytes over and the largest input
// sections in it (taken from an LLD map file).
//
//===----------------------------------------------------------------------===//
#ifndef NOOS_MEMORYUSAGE_H
#define NOOS_MEMORYUSAGE_H

#include "noos/MemoryMap.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <string>
#include <vector>

namespace noos {

/// A region to account for. Flash regions count the load image (sections
/// with contents, at their load address, so .data's initial values count);
/// RAM regions count every allocated section at its run address.
struct Region {
  std::string Name; // "FLASH", "RAM", "RAM2"
  MemBlock Block;
  bool IsFlash = false;
};

struct RegionUsage {
  Region R;
  uint64_t Used = 0; // highest end of a section in it, minus its origin
  bool overflows() const { return Used > R.Block.Size; }
  uint64_t over() const { return overflows() ? Used - R.Block.Size : 0; }
};

/// Computes the usage of each region in \p Regions from \p Image.
///
/// Flash regions count the allocated sections with contents at their load
/// address; RAM regions count every allocated section at its run address
/// (.tbss excepted: it overlaps what follows it, and the layout reserves its
/// space with a section of its own). A section belongs to the region with
/// the greatest origin at or below its address, counted only when that
/// region is of the kind being measured. So a section past the end of an
/// overflowing region (in a link with unbounded regions) still counts to
/// it, and code run from flash never counts to a RAM region above it.
/// Zero-size sections are ignored. Fails on an image it cannot read.
llvm::Expected<std::vector<RegionUsage>>
computeUsage(const llvm::object::ELFObjectFileBase &Image,
             llvm::ArrayRef<Region> Regions);

/// GNU ld's table:
///   Memory region         Used Size  Region Size  %age Used
///              FLASH:        1234 B         1 MB      0.12%
void printUsageTable(llvm::raw_ostream &OS, llvm::ArrayRef<RegionUsage> U);

/// An input section as an LLD map file lists it.
struct InputSectionInfo {
  std::string OutputSection; // ".text"
  std::string Input;         // "main.o:(.text.main)"
  uint64_t VMA = 0, LMA = 0, Size = 0;
};

/// Parses the input-section lines of an LLD -Map file (symbol and
/// assignment lines are skipped). Sections that are not loaded are dropped:
/// with \p Image, the image the map describes, the input sections of every
/// output section it does not allocate; without it, those of the output
/// sections every link has that are never allocated (.comment, .symtab,
/// .strtab, .shstrtab, debug information, build attributes, .note.noos).
std::vector<InputSectionInfo>
parseLLDMap(llvm::StringRef MapText,
            const llvm::object::ELFObjectFileBase *Image = nullptr);

/// The \p N largest input sections of \p R, by run address (RAM) or load
/// address (flash), largest first (in map order among equals). With
/// \p Regions, all the regions of the link (R among them), an address
/// belongs to R by computeUsage's rule, so sections past the end of an
/// overflowing region count; without them, only addresses inside R do.
/// Zero-size sections are left out.
std::vector<InputSectionInfo>
largestInputs(llvm::ArrayRef<InputSectionInfo> All, const Region &R, size_t N,
              llvm::ArrayRef<Region> Regions = {});

/// The one-line overflow diagnostic for \p U (without "noos-ld: error: "):
///   region FLASH overflowed by 1234 bytes (used 66770 of 65536); largest
///   input sections: foo.o:(.text.big) 40000, bar.o:(.rodata) 20000; make
///   them smaller or give the region more room (-F or --board)
/// \p Largest is what largestInputs returned for the region.
std::string describeOverflow(const RegionUsage &U,
                             llvm::ArrayRef<InputSectionInfo> Largest);

/// Writes the JSON report, indented by 2:
///   {"target": ..., "board": ... (null when empty),
///    "regions": [{"name", "origin", "size", "used", "free", "percent"}],
///    "sections": [{"name", "address", "load-address", "size", "type"}]}
/// Numbers are JSON numbers; "percent" has two decimals (null for an empty
/// region), "free" is 0 for an overflowing region, "type" is "progbits" or
/// "nobits". Sections are the image's allocated, non-empty ones in header
/// order. No newline follows the closing brace.
void writeJSONReport(llvm::raw_ostream &OS, llvm::StringRef Target,
                     llvm::StringRef Board, llvm::ArrayRef<RegionUsage> U,
                     const llvm::object::ELFObjectFileBase &Image);

} // namespace noos

#endif
