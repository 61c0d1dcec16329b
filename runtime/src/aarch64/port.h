/*
 * The AArch64 port's interrupt primitives (included by kernel.h): masking
 * with PSTATE.DAIF, "in a handler" from the stack selector. Threads run on
 * SP_EL0 (SPSel 0, EL1t), exception handlers on SP_EL1 (SPSel 1, EL1h):
 * the split Cortex-M makes with PSP and MSP.
 */
#ifndef NOOS_PORT_H
#define NOOS_PORT_H

#include <stdint.h>

#define NOOS_V6M 0     /* atomics: LDXR/STXR (or LSE), no masking */
#define NOOS_PSPLIM 0  /* no stack-limit register: the MMU guards stacks */
#define NOOS_BASEPRI 0 /* no priority mask register in the core */

/* Masks IRQ and FIQ; returns the previous DAIF bits. */
static inline uint32_t k_lock(void) {
  uint64_t daif;
  __asm__ volatile("mrs %0, daif\n\tmsr daifset, #3" : "=r"(daif) : : "memory");
  return (uint32_t)daif;
}

static inline void k_unlock(uint32_t m) {
  __asm__ volatile("msr daif, %0" : : "r"((uint64_t)m) : "memory");
}

/* Nonzero in an exception handler (on SP_EL1). */
static inline uint32_t k_ipsr(void) {
  uint64_t spsel;
  __asm__ volatile("mrs %0, spsel" : "=r"(spsel));
  return (uint32_t)(spsel & 1);
}

/* This port has no kernel-call entry yet (the scheduler, sched.c, is not
 * ported: unported-sources.txt), so no caller may enter the kernel by SVC
 * and kernel operations are called directly. */
static inline int k_can_svc(void) { return 0; }

/* The semihosting trap (semihost.c's noos_semihost): HLT #0xF000,
 * operation in w0, argument block in x1, result in x0 (Arm's semihosting
 * specification, 2.2). */
static inline uintptr_t k_semihost(uintptr_t op, const void *arg) {
  register uintptr_t x0 __asm__("x0") = op;
  register const void *x1 __asm__("x1") = arg;
  __asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
  return x0;
}

#endif
