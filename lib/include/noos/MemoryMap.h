//===- noos/MemoryMap.h - RAM and flash blocks of an image ------*- C++ -*-===//
//
// The memory map noos-ld links against: Embedded Go's -M (RAM blocks) and
// -F (flash), TamaGo's -T (text start) and -R (segment rounding), and the
// stack size. Boards supply defaults; command-line options override them.
//
//===----------------------------------------------------------------------===//
#ifndef NOOS_MEMORYMAP_H
#define NOOS_MEMORYMAP_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace noos {

/// A contiguous range of memory.
struct MemBlock {
  uint64_t Origin = 0;
  uint64_t Size = 0;
  uint64_t end() const { return Origin + Size; } // one past the last byte
  bool contains(uint64_t Addr) const { return Addr >= Origin && Addr < end(); }
  bool overlaps(const MemBlock &O) const {
    return Origin < O.end() && O.Origin < end();
  }
  std::string str() const; // "0x20000000:128K"
};

/// Parses "ADDR:SIZE[,ADDR:SIZE...]". \p Option names the option in errors.
llvm::Expected<std::vector<MemBlock>> parseBlockList(llvm::StringRef Spec,
                                                     llvm::StringRef Option);

/// Parses exactly one "ADDR:SIZE".
llvm::Expected<MemBlock> parseBlock(llvm::StringRef Spec,
                                    llvm::StringRef Option);

/// The memory map of one link.
struct MemoryMap {
  /// RAM blocks: [0] is the main, DMA-capable RAM (stack, globals, heap);
  /// [1], when present, is extra RAM for the runtime's persistent
  /// allocations (Embedded Go's NoDMA block, e.g. STM32 CCM).
  std::vector<MemBlock> RAM;
  /// ROM or flash. With it, code and read-only data live there and .data is
  /// copied to RAM at startup; without it the image is RAM-loaded.
  std::optional<MemBlock> Flash;
  /// Text start (-T); defaults to the flash origin, or to the first RAM
  /// address above the stack for RAM-loaded images.
  std::optional<uint64_t> TextStart;
  /// Rounding quantum between segments (-R); 0 means none.
  uint64_t Quantum = 0;
  /// Main stack size, placed at the lowest addresses of RAM block 1.
  uint64_t StackSize = 0;
  /// The layout places the main stack among the data, not at the bottom of
  /// RAM block 1 (the target's "stack-in-data"): a RAM-loaded image may then
  /// start at RAM block 1's origin, and does by default.
  bool StackInData = false;

  bool isFlashImage() const { return Flash.has_value(); }

  /// Checks the map against itself and against a target with
  /// \p AddressBits of address space. Every problem is one line naming the
  /// option at fault and the fix.
  llvm::Error validate(unsigned AddressBits) const;

  /// The text start that applies: -T, else the flash origin, else the first
  /// address above the stack in RAM block 1 (its origin with StackInData).
  uint64_t effectiveTextStart() const;
};

} // namespace noos

#endif
