/* The semihosting trap of M-profile cores: BKPT 0xAB (op in r0, argument
 * block in r1, result in r0). Included by semihost.c. */
#ifndef NOOS_SEMIHOST_TRAP_H
#define NOOS_SEMIHOST_TRAP_H

#include <stdint.h>

static inline __attribute__((always_inline)) uintptr_t
noos_semihost_trap(uintptr_t op, const void *arg) {
  register uintptr_t r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

#endif
