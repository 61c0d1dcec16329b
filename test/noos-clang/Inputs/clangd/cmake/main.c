// Built for -DNOOS_BOARD=mps2-an500 (a Cortex-M7): clangd must see the
// board's CPU, its double-precision FPU and hard float, as the build does.
#include <stdint.h>
#include <stdio.h>
#include <noos/noos.h>
#if !defined(__ARM_PCS_VFP) || __ARM_FP != 0xe
#error not the board's CPU: no hard float with a double-precision FPU
#endif
int twice(int);
int main(void) {
  printf("%d\n", twice(21));
  return 0;
}
