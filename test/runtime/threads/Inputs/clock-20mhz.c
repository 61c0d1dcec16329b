// The core clock for an image linked without a board library (a v8-M
// Baseline image run on the AN505's Cortex-M33, whose board library is
// v8-M Main code): SysTick then counts 20 MHz.
#include <stdint.h>

uint32_t noos_clock_hz(void) { return 20000000; }
