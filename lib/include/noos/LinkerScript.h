//===- noos/LinkerScript.h - Generated linker scripts -----------*- C++ -*-===//
//
// A generated script is a header (MEMORY regions, REGION_ALIASes and a few
// numbers, all derived from the memory map) followed by the target's layout
// template from linker-scripts/, which names regions only through aliases:
//   REGION_TEXT   vectors, code, read-only data (flash, or RAM when there
//                 is no flash)
//   REGION_LOAD   where .data's initial values are stored
//   REGION_STACK  the main stack, at the lowest addresses of RAM block 1
//   REGION_DATA   .data, .bss, then the heap to the end of RAM block 1
//   REGION_RAM2   runtime-private RAM (block 2; RAM block 1 when absent)
//
//===----------------------------------------------------------------------===//
#ifndef NOOS_LINKERSCRIPT_H
#define NOOS_LINKERSCRIPT_H

#include "noos/MemoryMap.h"
#include "noos/MemoryUsage.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace noos {

struct ScriptParams {
  MemoryMap Map;            ///< validated
  std::string TargetTriple; ///< for the header comment
  std::string BoardName;    ///< may be empty
  std::string Template;     ///< the layout template's text
  std::string TemplateName; ///< for the header comment
  /// Make every region as large as the address space allows, so an
  /// overflowing link still completes and can be measured.
  bool Unbounded = false;
  unsigned AddressBits = 32;
  /// When not empty, the vector table to generate in place of the
  /// template's "noos-ld: vector table" marker: entry 0 is the initial
  /// stack pointer, then one handler name per entry ("" for reserved
  /// entries, written as 0). Handlers nobody defines default to
  /// DefaultHandler.
  std::vector<std::string> Vectors;
  std::string DefaultHandler = "noos_default_handler";
  /// VTOR's alignment of the vector table when it is above the layout's
  /// own 128 bytes: a power of two at least 4 bytes per exception the core
  /// has (a board with more than 16 interrupts, or --irqs). 0: none.
  uint64_t VectorAlign = 0;
  std::string VectorAlignWhy; ///< "16 exceptions and 32 interrupts"
};

/// The marker line in a layout template where a vector table goes.
constexpr const char *VectorTableMarker = "/* noos-ld: vector table */";

/// The MEMORY regions of the script, in order.
struct ScriptRegion {
  std::string Name;
  std::string Attrs;
  MemBlock Block;
};
std::vector<ScriptRegion> scriptRegions(const ScriptParams &P);

/// The regions memory usage is reported for: FLASH (if any), RAM (block 1,
/// stack included), RAM2 (if any).
std::vector<Region> reportRegions(const MemoryMap &Map);

/// The whole script text.
std::string generateLinkerScript(const ScriptParams &P);

} // namespace noos

#endif
