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
/* The thread's FP/NEON registers (d0-d31, or d0-d15 without NEON, then
 * FPSCR and a pad: kentry.S saves them there, not on its stack; none on
 * the soft-float variant), and the second-level descriptor of its guard
 * page (mmu.c; NULL: none). */
#if defined(__ARM_NEON)
#define NOOS_A32_FP_FIELD uint64_t fp[33];
#elif defined(__ARM_FP)
#define NOOS_A32_FP_FIELD uint64_t fp[17];
#else
#define NOOS_A32_FP_FIELD
#endif
#define NOOS_PORT_THREAD_FIELDS                                               \
  NOOS_A32_FP_FIELD                                                           \
  uint32_t *guard_pte;
#define NOOS_PORT_TP_DERIVED 0
extern char __arm32_tls_tcb_offset[];
#define NOOS_PORT_TLS_TCB_OFFSET ((uintptr_t)__arm32_tls_tcb_offset)

/* The switch is pending (kentry.S looks at it before returning to a
 * thread), and the depth of kernel entries (SVC, IRQ) running: handlers
 * run in SVC mode like threads, so the mode alone does not tell them
 * apart. */
extern volatile uint8_t noos__a32_pend;
extern volatile uint32_t noos__a32_depth;
void noos__a32_reach_switch(void);

/* Masks IRQ and FIQ; returns the previous CPSR. */
static inline uint32_t k_lock(void) {
  uint32_t cpsr;
  __asm__ volatile("mrs %0, cpsr\n\tcpsid if" : "=r"(cpsr) : : "memory");
  return cpsr;
}

/* Restores the I and F bits (the mode stays what it is); a switch pended
 * meanwhile happens as soon as a thread unmasks (PendSV's semantics). */
static inline void k_unlock(uint32_t m) {
  __asm__ volatile("msr cpsr_c, %0" : : "r"(m) : "memory");
  if (__builtin_expect(!(m & 0x80) && noos__a32_pend && !noos__a32_depth, 0))
    noos__a32_reach_switch();
}

/* Nonzero in an exception handler: a kernel entry (SVC, IRQ) running, or
 * any mode but SVC (0x13). */
static inline uint32_t k_ipsr(void) {
  uint32_t cpsr;
  __asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
  if ((cpsr & 0x1f) != 0x13)
    return cpsr & 0x1f;
  return noos__a32_depth ? 0x13 : 0;
}

/* The generic timer under shared/counter-time (time.c). */
uint64_t k_counter(void);
uint64_t k_counter_hz(void);
void k_counter_compare(uint64_t t);
void k_counter_start(void);

/* A thread (no kernel entry running) with IRQs unmasked. */
static inline int k_can_svc(void) {
  uint32_t cpsr;
  __asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
  return !(cpsr & 0x80) && (cpsr & 0x1f) == 0x13 && !noos__a32_depth;
}

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
 * r0. Threads run in SVC mode, so the exception overwrites lr (lr_svc)
 * with its return address: lr is clobbered; kentry.S saves every other
 * register. */
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
                   : "memory", "lr");
  return r0;
}

static inline void k_pend_switch(void) { noos__a32_pend = 1; }
static inline void k_pend_clear(void) { noos__a32_pend = 0; }

/* In the switch (IRQs masked): let pending IRQs in. kentry.S takes them
 * as nested (noos__a32_depth nonzero): no switch under the switch. */
static inline void k_idle_window(void) {
  __asm__ volatile("cpsie i\n\tisb\n\tcpsid i" ::: "memory");
}

/* The yield's switch happened in its k_unlock already. */
static inline void k_switch_sync(void) {}

#define k_thread_ready(t) ((void)(t))

/* Per-thread state before next runs: the thread pointer (TPIDRURO,
 * which clang's -mtp=cp15 code reads: mrc p15, 0, rN, c13, c0, 3), where
 * kentry.S's exit restores its FP/NEON registers from, and its guard page
 * (mmu.c). */
#if defined(__ARM_FP)
extern uint64_t *noos__a32_fpctx;
#define k_switch_fp(next) (noos__a32_fpctx = (next)->fp)
#else
#define k_switch_fp(next) ((void)0)
#endif
void noos__a32_guard_switch(uint32_t *pte);
#define k_switch_in(next)                                                     \
  do {                                                                        \
    __asm__ volatile("mcr p15, 0, %0, c13, c0, 3" : : "r"(K_TP(next)));       \
    k_switch_fp(next);                                                        \
    noos__a32_guard_switch((next)->guard_pte);                                \
  } while (0)
/* A created thread's overflow faults in its guard page when it has one. */
#define k_stack_guarded(t) ((t)->guard_pte != 0)

static inline uintptr_t k_sp(void) {
  uintptr_t sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  return sp;
}

static inline const char *k_kernel_name(uint32_t ipsr) {
  (void)ipsr;
  return "SVC";
}

#endif
