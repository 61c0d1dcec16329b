//===- arm-attributes.cpp - fuzz the .ARM.attributes parser ---------------===//
//
// The input is the contents of an SHT_ARM_ATTRIBUTES section, which every
// input object and the image carry. parseArmAttributes (lib/Check) must
// read what it can of it in either byte order and never crash.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "noos/Checks.h"

using namespace llvm;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  ArrayRef<uint8_t> Bytes(Data, Size);
  for (bool LE : {true, false}) {
    noos::ArmAttributes A = noos::parseArmAttributes(Bytes, LE);
    if (!A.Present)
      FUZZ_CHECK(!A.Arch && !A.Profile && !A.VFPArgs && !A.FPArch &&
                     !A.HardFPUse && !A.HasCallingConvention,
                 "attributes read from a section not in the known format");
    if (A.VFPArgs)
      FUZZ_CHECK(A.HasCallingConvention, "Tag_ABI_VFP_args is a calling "
                                         "convention tag");
  }
  return 0;
}
