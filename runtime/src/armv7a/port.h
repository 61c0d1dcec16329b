/*
 * The armv7a (A-profile AArch32) port's primitives (included by kernel.h
 * and semihost.c): masking with the CPSR's I and F bits, "in a handler"
 * from the processor mode, the semihosting trap. The runtime and the
 * program run in SVC mode; exception handlers run in the IRQ, FIQ, abort
 * and undefined modes.
 */
#ifndef NOOS_PORT_H
#define NOOS_PORT_H

#include <stdint.h>

#define NOOS_PORT_ATOMICS_MASK 0 /* atomics: LDREX/STREX, no masking */
#define NOOS_PSPLIM 0  /* no stack-limit register: the MMU guards stacks */
#define NOOS_BASEPRI 0 /* no priority mask register in the core */
#define NOOS_PORT_THREAD_FIELDS
#define NOOS_PORT_TP_DERIVED 0
extern char __arm32_tls_tcb_offset[];
#define NOOS_PORT_TLS_TCB_OFFSET ((uintptr_t)__arm32_tls_tcb_offset)

/* Masks IRQ and FIQ; returns the previous CPSR. */
static inline uint32_t k_lock(void) {
  uint32_t cpsr;
  __asm__ volatile("mrs %0, cpsr\n\tcpsid if" : "=r"(cpsr) : : "memory");
  return cpsr;
}

/* Restores the I and F bits (the mode stays what it is). */
static inline void k_unlock(uint32_t m) {
  __asm__ volatile("msr cpsr_c, %0" : : "r"(m) : "memory");
}

/* Nonzero (the mode) in an exception handler: any mode but SVC (0x13). */
static inline uint32_t k_ipsr(void) {
  uint32_t cpsr;
  __asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
  return (cpsr & 0x1f) == 0x13 ? 0 : cpsr & 0x1f;
}

/* The generic timer under shared/counter-time (time.c). */
uint64_t k_counter(void);
uint64_t k_counter_hz(void);
void k_counter_compare(uint64_t t);
void k_counter_start(void);

/* This port has no kernel-call entry yet (the scheduler, sched.c, is not
 * ported: unported-sources.txt), so no caller may enter the kernel by SVC
 * and kernel operations are called directly. */
static inline int k_can_svc(void) { return 0; }

/* The semihosting trap (semihost.c's noos_semihost): SVC 0x123456 in ARM
 * state, SVC 0xAB in Thumb state, operation in r0, argument block in r1,
 * result in r0. QEMU and debuggers intercept it before the SVC exception
 * is taken, so the caller's mode (SVC, where the runtime runs) keeps its
 * LR. */
static inline uintptr_t k_semihost(uintptr_t op, const void *arg) {
  register uintptr_t r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
#if defined(__thumb__)
  __asm__ volatile("svc 0xab" : "+r"(r0) : "r"(r1) : "memory");
#else
  __asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory");
#endif
  return r0;
}

/* A kernel call: SVC #0, operation in r12, arguments in r0-r3, result in
 * r0 (the SVC handler comes with the thread port). */
static inline uintptr_t k_svc(uint32_t op, uintptr_t a0, uintptr_t a1,
                              uintptr_t a2, uintptr_t a3) {
  register uintptr_t r0 __asm__("r0") = a0;
  register uintptr_t r1 __asm__("r1") = a1;
  register uintptr_t r2 __asm__("r2") = a2;
  register uintptr_t r3 __asm__("r3") = a3;
  register uint32_t r12 __asm__("r12") = op;
  __asm__ volatile("svc #0"
                   : "+r"(r0)
                   : "r"(r1), "r"(r2), "r"(r3), "r"(r12)
                   : "memory");
  return r0;
}

#endif
