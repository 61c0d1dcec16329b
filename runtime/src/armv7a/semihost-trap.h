/* The semihosting trap of A-profile AArch32 cores: SVC 0x123456 in ARM
 * state, SVC 0xAB in Thumb state (op in r0, argument block in r1, result
 * in r0). QEMU and debuggers intercept it before the SVC exception is
 * taken, so the caller's mode (SVC, where the runtime runs) keeps its LR.
 * Included by semihost.c. */
#ifndef NOOS_SEMIHOST_TRAP_H
#define NOOS_SEMIHOST_TRAP_H

#include <stdint.h>

static inline __attribute__((always_inline)) uintptr_t
noos_semihost_trap(uintptr_t op, const void *arg) {
  register uintptr_t r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
#if defined(__thumb__)
  __asm__ volatile("svc 0xab" : "+r"(r0) : "r"(r1) : "memory");
#else
  __asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory");
#endif
  return r0;
}

#endif
