/*
 * The RISC-V port's primitives (machine mode; included by semihost.c, and
 * by kernel.h once the kernel is ported): masking with mstatus.MIE, the
 * "in a trap" from mscratch, the semihosting trap. k_can_svc, which only
 * the kernel and the threaded console use, comes with the kernel's RISC-V
 * port (unported-sources.txt): code that needs it does not build here yet.
 */
#ifndef NOOS_PORT_H
#define NOOS_PORT_H

#include <stdint.h>

#define NOOS_PORT_ATOMICS_MASK 0 /* atomics: LR/SC or AMOs (the A extension) */
#define NOOS_PSPLIM 0  /* no stack-limit register (PMP guards, later) */
#define NOOS_BASEPRI 0 /* no priority mask register in the hart */
#define NOOS_PORT_THREAD_FIELDS
#define NOOS_PORT_TP_DERIVED 0
/* tp points at the TLS block itself. */
#define NOOS_PORT_TLS_TCB_OFFSET 0u

/* Masks machine interrupts; returns the previous mstatus. */
static inline uint32_t k_lock(void) {
  unsigned long m;
  __asm__ volatile("csrrci %0, mstatus, 8" : "=r"(m) : : "memory");
  return (uint32_t)m;
}

/* Restores mstatus.MIE as k_lock found it. */
static inline void k_unlock(uint32_t m) {
  __asm__ volatile("csrs mstatus, %0" : : "r"((unsigned long)(m & 8)) : "memory");
}

/* Nonzero in a trap handler. The trap entry (trap-entry.S) swaps sp with
 * mscratch: outside a trap mscratch holds the trap stack's top, inside it
 * the interrupted sp. */
extern char __trap_stack_top[];
static inline uint32_t k_ipsr(void) {
  unsigned long s;
  __asm__ volatile("csrr %0, mscratch" : "=r"(s));
  return s != (unsigned long)__trap_stack_top;
}

/* The semihosting trap (semihost.c's noos_semihost): op in a0, argument
 * block in a1, result in a0. The slli/ebreak/srai sequence must be
 * uncompressed and must not straddle a page, so it is assembled with
 * .option norvc and 16-byte aligned in a function of its own
 * (semihost-trap.S): alignment inside an inlined asm would pad the caller. */
uintptr_t noos__rv_semihost_trap(uintptr_t op, const void *arg);

static inline uintptr_t k_semihost(uintptr_t op, const void *arg) {
  return noos__rv_semihost_trap(op, arg);
}

/* A kernel call: ECALL, operation in a7, arguments in a0-a3, result in
 * a0 (the trap entry's handling comes with the thread port). */
static inline uintptr_t k_svc(uint32_t op, uintptr_t a0, uintptr_t a1,
                              uintptr_t a2, uintptr_t a3) {
  register uintptr_t ra0 __asm__("a0") = a0;
  register uintptr_t ra1 __asm__("a1") = a1;
  register uintptr_t ra2 __asm__("a2") = a2;
  register uintptr_t ra3 __asm__("a3") = a3;
  register uintptr_t ra7 __asm__("a7") = op;
  __asm__ volatile("ecall"
                   : "+r"(ra0)
                   : "r"(ra1), "r"(ra2), "r"(ra3), "r"(ra7)
                   : "memory");
  return ra0;
}

#endif
