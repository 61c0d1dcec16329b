//===- LinkerScript.cpp - Generated linker scripts ------------------------===//

#include "noos/LinkerScript.h"
#include "noos/FaultRecord.h"
#include "noos/Support.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <algorithm>

using namespace llvm;

namespace noos {

std::vector<ScriptRegion> scriptRegions(const ScriptParams &P) {
  const MemoryMap &M = P.Map;
  const MemBlock &R1 = M.RAM[0];
  uint64_t Text = M.effectiveTextStart();
  std::vector<ScriptRegion> Regions;
  if (M.Flash)
    Regions.push_back({"FLASH", "rx", {Text, M.Flash->end() - Text}});
  // The stack takes the bottom of RAM block 1, so that an overflow runs off
  // the start of RAM and faults instead of corrupting data. A layout that
  // keeps it among the data (StackInData) gets the RAM below a RAM-loaded
  // image's text start instead, left to the board (nothing, at the origin).
  uint64_t StackLen = !M.StackInData ? M.StackSize
                      : M.Flash      ? 0
                                     : Text - R1.Origin;
  Regions.push_back({"STACK", "rw", {R1.Origin, StackLen}});
  uint64_t DataStart = M.Flash ? R1.Origin + StackLen : Text;
  Regions.push_back({"RAM", "rwx", {DataStart, R1.end() - DataStart}});
  if (M.RAM.size() > 1)
    Regions.push_back({"RAM2", "rw", M.RAM[1]});
  if (P.Unbounded) {
    uint64_t Limit = P.AddressBits >= 64 ? ~0ull : (1ull << P.AddressBits);
    for (ScriptRegion &R : Regions)
      if (R.Name != "STACK")
        R.Block.Size = Limit - R.Block.Origin;
  }
  return Regions;
}

std::vector<Region> reportRegions(const MemoryMap &M) {
  std::vector<Region> Regions;
  if (M.Flash) {
    uint64_t Text = M.effectiveTextStart();
    Regions.push_back({"FLASH", {Text, M.Flash->end() - Text}, true});
  }
  Regions.push_back({"RAM", M.RAM[0], false});
  if (M.RAM.size() > 1)
    Regions.push_back({"RAM2", M.RAM[1], false});
  return Regions;
}

static std::string hex(uint64_t V) { return formatAddress(V); }

// The template's line where the board's interrupt names go (in .rodata).
static constexpr const char *IRQNamesMarker = "/* noos-ld: interrupt names */";

// The names of the interrupts' handlers, for the default handler's message
// to say which function to define: one NUL-terminated string per IRQ from
// IRQ0, "NAME" for NAME_IRQHandler and "" for an unnamed IRQn_Handler,
// trailing unnamed ones left out. Two copies, in output sections of their
// own after .rodata; none when no interrupt is named:
//  - .noos.irq_names, in flash, between __noos_irq_names and
//    __noos_irq_names_end, for the runtime's default handler that prints
//    on the target (--fault-report=full and short). It is ONLY_IF_RO: the
//    fault entries whose default handler prints no names (record, none)
//    link a writable empty .noos.no_irq_names into it, and then the linker
//    drops it with its bytes;
//  - .noos.irq_names.host, not allocated (in the ELF file, not in the
//    image), from which the host names the interrupt of a fault record
//    (noos-run, lib/Run).
static std::string irqNameBytes(const std::vector<std::string> &Vectors,
                                StringRef Indent) {
  std::vector<std::string> Names;
  for (size_t I = 16; I < Vectors.size(); ++I) {
    StringRef H = Vectors[I];
    Names.push_back(H.consume_back("_IRQHandler") ? H.str() : std::string());
  }
  while (!Names.empty() && Names.back().empty())
    Names.pop_back();
  if (Names.empty())
    return {};
  std::string S;
  raw_string_ostream OS(S);
  OS << "/* generated: the names of the board's interrupt handlers, for the\n"
     << Indent << " * default handler's message (IRQn: NAME_IRQHandler) */\n";
  OS << Indent << ".noos.irq_names : ONLY_IF_RO\n" << Indent << "{\n";
  OS << Indent << "  *(.noos.no_irq_names)\n";
  OS << Indent << "  __noos_irq_names = .;\n";
  for (size_t I = 0; I < Names.size(); ++I) {
    OS << Indent << "  /* IRQ" << I << " */";
    for (char C : Names[I])
      OS << " BYTE(" << format("0x%02x", (unsigned char)C) << ")";
    OS << " BYTE(0)\n";
  }
  OS << Indent << "  __noos_irq_names_end = .;\n";
  OS << Indent << "} > REGION_TEXT\n";
  OS << Indent << "/* the same, for the host only: not loaded */\n";
  OS << Indent << IRQNamesHostSection << " 0 (INFO) :\n" << Indent << "{\n";
  for (size_t I = 0; I < Names.size(); ++I) {
    OS << Indent << "  /* IRQ" << I << " */";
    for (char C : Names[I])
      OS << " BYTE(" << format("0x%02x", (unsigned char)C) << ")";
    OS << " BYTE(0)\n";
  }
  OS << Indent << "}";
  return S;
}

// Replaces the line of \p Body holding \p Marker with \p Text (indented as
// the marker was; the first line of Text goes where the marker was).
static std::string replaceMarkerLine(StringRef Body, StringRef Marker,
                                     function_ref<std::string(StringRef)> Text) {
  size_t At = Body.find(Marker);
  if (At == StringRef::npos)
    return Body.str();
  size_t LineStart = Body.rfind('\n', At);
  LineStart = LineStart == StringRef::npos ? 0 : LineStart + 1;
  StringRef Indent = Body.slice(LineStart, At);
  std::string New = Text(Indent);
  if (New.empty()) // drop the whole line
    return (Body.take_front(LineStart) +
            Body.drop_front(std::min(Body.size(), Body.find('\n', At) + 1)))
        .str();
  size_t LineEnd = Body.find('\n', At);
  return (Body.take_front(At) + New +
          (LineEnd == StringRef::npos ? StringRef() : Body.drop_front(LineEnd)))
      .str();
}

std::string generateLinkerScript(const ScriptParams &P) {
  const MemoryMap &M = P.Map;
  std::string S;
  raw_string_ostream OS(S);
  OS << "/*\n * Generated by noos-ld for " << P.TargetTriple;
  if (!P.BoardName.empty())
    OS << ", board " << P.BoardName;
  OS << ".\n * Memory map:";
  if (M.Flash)
    OS << " -F " << M.Flash->str();
  for (size_t I = 0; I < M.RAM.size(); ++I)
    OS << (I ? "," : " -M ") << M.RAM[I].str();
  if (M.TextStart)
    OS << " -T " << hex(*M.TextStart);
  if (M.Quantum)
    OS << " -R " << hex(M.Quantum);
  OS << " --stack-size=" << formatSize(M.StackSize) << "\n";
  OS << " * Image: " << (M.Flash ? "flash (code in flash, .data copied to RAM "
                                   "at startup)"
                                 : "RAM-loaded (everything runs where it is "
                                   "loaded)")
     << "\n";
  if (P.Unbounded)
    OS << " * Regions unbounded: this script measures an overflowing link.\n";
  OS << " * Layout: " << P.TemplateName << "\n */\n\n";

  std::vector<ScriptRegion> Regions = scriptRegions(P);
  size_t W = 0;
  for (const ScriptRegion &R : Regions)
    W = std::max(W, R.Name.size() + R.Attrs.size() + 3);
  OS << "MEMORY\n{\n";
  for (const ScriptRegion &R : Regions) {
    std::string Head = R.Name + " (" + R.Attrs + ")";
    OS << "  " << left_justify(Head, W) << " : ORIGIN = " << hex(R.Block.Origin)
       << ", LENGTH = " << hex(R.Block.Size) << "\n";
  }
  OS << "}\n\n";
  OS << "REGION_ALIAS(\"REGION_TEXT\", " << (M.Flash ? "FLASH" : "RAM") << ");\n";
  OS << "REGION_ALIAS(\"REGION_LOAD\", " << (M.Flash ? "FLASH" : "RAM") << ");\n";
  OS << "REGION_ALIAS(\"REGION_STACK\", STACK);\n";
  OS << "REGION_ALIAS(\"REGION_DATA\", RAM);\n";
  OS << "REGION_ALIAS(\"REGION_RAM2\", " << (M.RAM.size() > 1 ? "RAM2" : "RAM")
     << ");\n\n";
  OS << "__noos_stack_size = " << hex(M.StackSize) << ";\n";
  OS << "__noos_has_ram2 = " << (M.RAM.size() > 1 ? 1 : 0) << ";\n";
  // Writable data starts at a multiple of the -R quantum (at least 8, the
  // largest alignment .data and .tdata usually need).
  OS << "__noos_data_align = " << hex(std::max<uint64_t>(M.Quantum, 8))
     << ";\n\n";
  if (!P.Vectors.empty()) {
    // Handlers nobody defines fall back to the default handler; PROVIDE
    // defines them only then, so an application overrides one by defining
    // the function.
    std::vector<std::string> Seen;
    OS << "/* Default handlers of the generated vector table. */\n";
    for (size_t I = 1; I < P.Vectors.size(); ++I) {
      const std::string &H = P.Vectors[I];
      if (H.empty() || H == "Reset_Handler" || is_contained(Seen, H))
        continue;
      Seen.push_back(H);
      OS << "PROVIDE(" << H << " = " << P.DefaultHandler << ");\n";
    }
    OS << "\n";
  }
  std::string WithNames = replaceMarkerLine(
      P.Template, IRQNamesMarker,
      [&](StringRef Indent) { return irqNameBytes(P.Vectors, Indent); });
  StringRef Body = WithNames;
  size_t Marker = Body.find(VectorTableMarker);
  if (P.Vectors.empty() || Marker == StringRef::npos) {
    OS << Body;
  } else {
    // Keep the marker line's indentation for the generated entries.
    size_t LineStart = Body.rfind('\n', Marker);
    LineStart = LineStart == StringRef::npos ? 0 : LineStart + 1;
    StringRef Indent = Body.slice(LineStart, Marker);
    OS << Body.take_front(Marker);
    OS << "/* generated from the target's exceptions and the board's IRQs */\n";
    OS << Indent << "LONG(__stack)\n";
    for (size_t I = 1; I < P.Vectors.size(); ++I) {
      if (P.Vectors[I].empty())
        OS << Indent << "LONG(0)\n";
      else
        OS << Indent << "LONG(" << P.Vectors[I] << ")\n";
    }
    size_t LineEnd = Body.find('\n', Marker);
    OS << (LineEnd == StringRef::npos ? StringRef() : Body.drop_front(LineEnd));
  }
  if (!Body.empty() && Body.back() != '\n')
    OS << "\n";
  if (P.VectorAlign) {
    // After the layout, which defines __vectors_start; quiet when the
    // layout's own 128-byte assertion already fails.
    OS << "\n/* VTOR: the table's alignment for " << P.VectorAlignWhy << ". */\n";
    OS << "ASSERT(__vectors_start % 128 != 0 || __vectors_start % " << P.VectorAlign
       << " == 0,\n  \"noos: the vector table must start at a multiple of "
       << P.VectorAlign << " bytes (VTOR, for " << P.VectorAlignWhy
       << "): move the text start (-T, or --stack-size for a RAM-loaded image)\");\n";
  }
  return S;
}

} // namespace noos
