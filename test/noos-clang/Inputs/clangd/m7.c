// -mcpu=cortex-m7 on the command line: the CPU's double-precision FPU.
#include <stdint.h>
#include <noos/noos.h>
#if !defined(__ARM_PCS_VFP) || __ARM_FP != 0xe
#error not hard float with a double-precision FPU
#endif
uint32_t f(void) { return UINT32_C(1); }
