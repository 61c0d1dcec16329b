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

/// Parses the input-section lines of an LLD -Map file.
std::vector<InputSectionInfo> parseLLDMap(llvm::StringRef MapText);

/// The \p N largest input sections whose run address (RAM) or load address
/// (flash) falls in \p R.
std::vector<InputSectionInfo>
largestInputs(llvm::ArrayRef<InputSectionInfo> All, const Region &R,
              size_t N);

/// Writes the JSON report: {"target":..., "board":..., "regions":[{"name",
/// "origin", "size", "used", "free", "percent"}], "sections": [...]}.
void writeJSONReport(llvm::raw_ostream &OS, llvm::StringRef Target,
                     llvm::StringRef Board, llvm::ArrayRef<RegionUsage> U,
                     const llvm::object::ELFObjectFileBase &Image);

} // namespace noos

#endif
