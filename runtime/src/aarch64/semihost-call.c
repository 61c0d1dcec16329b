/* The A64 semihosting trap: HLT #0xF000, operation in w0, argument block
 * in x1, result in x0 (Arm's semihosting specification, 2.2). */
#include "internal.h"

__attribute__((minsize)) uintptr_t noos_semihost(uintptr_t op, const void *arg) {
  register uintptr_t x0 __asm__("x0") = op;
  register const void *x1 __asm__("x1") = arg;
  __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
  return x0;
}
