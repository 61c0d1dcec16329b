//===- noos/Image.h - Flashable images from a linked ELF --------*- C++ -*-===//
//
// Writers for the formats programmers and bootloaders take: raw binary,
// Intel HEX, Motorola S-record and UF2. Each reads the load image of an ELF
// (PT_LOAD segments with file contents, placed at their physical/load
// address p_paddr) and writes it in one pass.
//
//===----------------------------------------------------------------------===//
#ifndef NOOS_IMAGE_H
#define NOOS_IMAGE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdint>
#include <optional>
#include <vector>

namespace noos {

enum class ImageFormat { ELF, Binary, IHex, SRec, UF2 };

/// "elf", "bin"/"binary", "hex"/"ihex", "srec"/"s19"/"s28"/"s37"/"mot",
/// "uf2"; also LLD's --oformat names ("binary", "ihex", "elf32-littlearm"...).
llvm::Expected<ImageFormat> parseImageFormat(llvm::StringRef Name);

/// The format an output path asks for by its extension; ELF for ".elf",
/// ".axf", ".out" and for paths without an extension.
llvm::Expected<ImageFormat> imageFormatForPath(llvm::StringRef Path);

llvm::StringRef imageFormatName(ImageFormat F);

/// "rp2040", "rp2350-arm-s", "rp2350-arm-ns", "rp2350-riscv", "nrf52840",
/// "absolute", "data" or a number such as 0xe48bff56.
llvm::Expected<uint32_t> parseUF2Family(llvm::StringRef Name);

/// One contiguous run of bytes to be programmed at Address.
struct LoadChunk {
  uint64_t Address = 0;
  llvm::ArrayRef<uint8_t> Bytes; // points into the ELF buffer
};

/// The load image: file-backed bytes of every PT_LOAD segment at its
/// p_paddr, sorted by address, overlapping segments refused.
llvm::Expected<std::vector<LoadChunk>>
collectLoadImage(const llvm::object::ELFObjectFileBase &Obj);

struct ImageOptions {
  /// Where a raw binary starts (the flash origin); default: the lowest load
  /// address.
  std::optional<uint64_t> BinaryBase;
  /// A raw binary refuses gaps larger than this (advice: use .hex).
  uint64_t MaxBinaryGap = 16 * 1024 * 1024;
  /// UF2 family ID; none: the flag is not set.
  std::optional<uint32_t> UF2Family;
};

/// Writes \p Obj's load image in format \p F (not ELF) to \p OS.
llvm::Error writeImage(const llvm::object::ELFObjectFileBase &Obj,
                       ImageFormat F, const ImageOptions &Opts,
                       llvm::raw_ostream &OS);

} // namespace noos

#endif
