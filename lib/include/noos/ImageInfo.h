//===- noos/ImageInfo.h - What an image says about itself -------*- C++ -*-===//
//
// noos-ld records the target and board of every image it links in a
// non-allocated note (owner "noos", type 1, descriptor
// "target=<triple>\0board=<name>\0", board= only when linked for a board).
// noos-run and other tools read it back from here.
//
//===----------------------------------------------------------------------===//
#ifndef NOOS_IMAGEINFO_H
#define NOOS_IMAGEINFO_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <cstdint>
#include <optional>
#include <string>

namespace noos {

/// The image-information note of an ELF image.
struct ImageInfo {
  std::string Target;   ///< noos triple, e.g. "thumbv7em-noos"
  std::string Board;    ///< empty: linked for a memory map, not a board
  unsigned Machine = 0; ///< e_machine of the image
  bool HasNote = false; ///< false only when the note was not required
  /// From the image's Arm build attributes (.ARM.attributes, which LLD
  /// takes from the first input object), when it has them:
  std::optional<unsigned> CPUArch; ///< Tag_CPU_arch, e.g. 12 for v6S-M
  /// The floating-point unit its code needs: "none", "sp" (single
  /// precision) or "dp"; empty when it has no attributes.
  std::string FP;
};

/// Reads the .note.noos of the ELF image at \p Path. Errors, with advice:
/// the path is not a readable file; the file is not an ELF image (or is an
/// unlinked object); the image has no noos note (when \p RequireNote; else
/// the result has HasNote false and only Machine and the attributes set);
/// the note is malformed. A corrupt file gives an error, never a crash: every
/// length in it is checked against the file.
llvm::Expected<ImageInfo> readImageInfo(llvm::StringRef Path,
                                        bool RequireNote = true);

/// Parses a note descriptor, "key=value\0" entries. Unknown keys are
/// ignored (newer linkers may add some); "target" is required.
llvm::Expected<ImageInfo> parseImageInfoNote(llvm::StringRef Descriptor);

} // namespace noos

#endif
