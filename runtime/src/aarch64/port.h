/*
 * The AArch64 port's interrupt primitives (included by kernel.h): masking
 * with PSTATE.DAIF, "in a handler" from the stack selector. Threads run on
 * SP_EL0 (SPSel 0, EL1t), exception handlers on SP_EL1 (SPSel 1, EL1h):
 * the split Cortex-M makes with PSP and MSP.
 */
#ifndef NOOS_PORT_H
#define NOOS_PORT_H

#include <stdint.h>

#define NOOS_PORT_ATOMICS_MASK 0 /* atomics: LDXR/STXR (or LSE), no masking */
#define NOOS_PSPLIM 0  /* no stack-limit register: the MMU guards stacks */
#define NOOS_BASEPRI 0 /* no priority mask register in the core */
#define NOOS_PORT_THREAD_FIELDS
#define NOOS_PORT_TP_DERIVED 0
/* TPIDR_EL0 points 16 bytes (the TCB) below the TLS block, as picolibc's
 * _set_tls has it. */
#define NOOS_PORT_TLS_TCB_OFFSET 16u

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

/* A kernel call: SVC #0, operation in x8, arguments in x0-x3, result in
 * x0 (the SVC handler comes with the thread port). */
static inline uintptr_t k_svc(uint32_t op, uintptr_t a0, uintptr_t a1,
                              uintptr_t a2, uintptr_t a3) {
  register uintptr_t x0 __asm__("x0") = a0;
  register uintptr_t x1 __asm__("x1") = a1;
  register uintptr_t x2 __asm__("x2") = a2;
  register uintptr_t x3 __asm__("x3") = a3;
  register uintptr_t x8 __asm__("x8") = op;
  __asm__ volatile("svc #0"
                   : "+r"(x0)
                   : "r"(x1), "r"(x2), "r"(x3), "r"(x8)
                   : "memory");
  return x0;
}

#endif
