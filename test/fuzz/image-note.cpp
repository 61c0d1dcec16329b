//===- image-note.cpp - fuzz noos-run's reading of an image's note --------===//
//
// The input is a file given to noos-run: an image with or without its
// .note.noos, or anything else. readImageInfo (lib/Run/ImageInfo.cpp) must
// read the note or refuse the file with one line; the input is also tried
// as a bare note descriptor.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "noos/ImageInfo.h"

using namespace llvm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  StringRef Bytes(reinterpret_cast<const char *>(Data), Size);
  if (Expected<noos::ImageInfo> I = noos::parseImageInfoNote(Bytes); !I)
    noosfuzz::checkOneLine(I.takeError());
  else
    FUZZ_CHECK(!I->Target.empty(), "a note without a target was taken");
  std::string Path = noosfuzz::writeTempFile("image.elf", Bytes);
  for (bool Require : {true, false}) {
    Expected<noos::ImageInfo> I = noos::readImageInfo(Path, Require);
    if (!I)
      noosfuzz::checkOneLine(I.takeError());
    else if (Require)
      FUZZ_CHECK(I->HasNote, "a required note was not there");
  }
  return 0;
}
