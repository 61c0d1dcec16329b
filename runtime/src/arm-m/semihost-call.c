/* The M-profile semihosting trap: BKPT 0xAB, operation in r0, argument
 * block in r1, result in r0. */
#include "internal.h"

__attribute__((minsize)) uintptr_t noos_semihost(uintptr_t op, const void *arg) {
  register uintptr_t r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}
