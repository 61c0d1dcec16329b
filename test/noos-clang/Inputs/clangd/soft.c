// --target=thumbv7em-noos-eabi: soft float.
#include <stdio.h>
#if defined(__ARM_PCS_VFP) || !defined(__SOFTFP__)
#error not soft float
#endif
int g(void) { return puts("soft"); }
