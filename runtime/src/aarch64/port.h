/*
 * The AArch64 port (included by kernel.h, which lists what a port
 * provides). Threads run at EL1 on SP_EL0 (EL1t), exception handlers on
 * SP_EL1 (EL1h): the split Cortex-M makes with PSP and MSP. Masking is
 * PSTATE.DAIF, "in a handler" the stack selector.
 *
 * Kernel calls are SVC #0 (operation in x8). A-profile has no PendSV, so
 * a switch is pended by a flag (noos__a64_pend) that every exception
 * return to a thread looks at (vectors.S): an SVC's, an IRQ's. A switch
 * pended by a thread with interrupts masked (a yield, a kernel function
 * called directly inside noos_irq_save) is reached as the thread unmasks:
 * k_unlock looks at the flag after unmasking and traps with K_NOP, as
 * PendSV would be taken there on Cortex-M.
 *
 * A thread's context: x0-x30, ELR_EL1 and SPSR_EL1 on its own stack (272
 * bytes, saved at every exception entry from a thread), its FP/SIMD
 * registers (q0-q31, FPCR, FPSR) in its control block, saved and restored
 * eagerly at every such entry and exit (handlers are C code that may use
 * them). kport.c has the rest.
 */
#ifndef NOOS_PORT_H
#define NOOS_PORT_H

#include <stdint.h>

#define NOOS_PORT_ATOMICS_MASK 0 /* atomics: LDXR/STXR (or LSE), no masking */
#define NOOS_PSPLIM 0  /* no stack-limit register: the MMU guards stacks */
#define NOOS_BASEPRI 0 /* no priority mask register in the core */
/* The thread's FP/SIMD registers (q0-q31, then FPCR and FPSR), and the
 * level 3 descriptor of its guard page (mmu.c; NULL: none). */
#define NOOS_PORT_THREAD_FIELDS                                               \
  uint64_t fp[66];                                                            \
  uint64_t *guard_pte;
#define NOOS_PORT_TP_DERIVED 0
/* TPIDR_EL0 points 16 bytes (the TCB) below the TLS block, as picolibc's
 * _set_tls has it (the layout aligns the block to 16 at most). */
#define NOOS_PORT_TLS_TCB_OFFSET 16u

/* The switch is pending (vectors.S looks at it before returning to a
 * thread). */
extern volatile uint8_t noos__a64_pend;
/* Where the running thread's FP/SIMD registers are saved (vectors.S). */
extern uint64_t *noos__a64_fpctx;
void noos__a64_reach_switch(void);

/* Masks IRQ and FIQ; returns the previous DAIF bits. */
static inline uint32_t k_lock(void) {
  uint64_t daif;
  __asm__ volatile("mrs %0, daif\n\tmsr daifset, #3" : "=r"(daif) : : "memory");
  return (uint32_t)daif;
}

/* Restores the mask; a switch pended meanwhile happens as soon as a
 * thread unmasks (PendSV's semantics). In a handler (DAIF.I set by the
 * exception) nothing more happens. */
static inline void k_unlock(uint32_t m) {
  __asm__ volatile("msr daif, %0" : : "r"((uint64_t)m) : "memory");
  if (__builtin_expect(!(m & 0x80) && noos__a64_pend, 0))
    noos__a64_reach_switch();
}

/* Nonzero in an exception handler (on SP_EL1). */
static inline uint32_t k_ipsr(void) {
  uint64_t spsel;
  __asm__ volatile("mrs %0, spsel" : "=r"(spsel));
  return (uint32_t)(spsel & 1);
}

/* A thread (SP_EL0) with IRQs unmasked. */
static inline int k_can_svc(void) {
  uint64_t spsel, daif;
  __asm__ volatile("mrs %0, spsel\n\tmrs %1, daif" : "=r"(spsel), "=r"(daif));
  return !((spsel & 1) | (daif & 0x80));
}

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
 * x0 (vectors.S saves every register, so nothing else is clobbered). */
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

static inline void k_pend_switch(void) { noos__a64_pend = 1; }
static inline void k_pend_clear(void) { noos__a64_pend = 0; }

/* In the switch (on SP_EL1, IRQs masked): let pending IRQs in (vectors.S
 * takes them as nested, without a switch). */
static inline void k_idle_window(void) {
  __asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" ::: "memory");
}

/* The yield's switch happened in its k_unlock already. */
static inline void k_switch_sync(void) {}

#define k_thread_ready(t) ((void)(t))

/* Per-thread state before next runs: the thread pointer, where its FP
 * registers are restored from, and its guard page (mmu.c). */
void noos__a64_guard_switch(uint64_t *pte);
#define k_switch_in(next)                                                     \
  do {                                                                        \
    __asm__ volatile("msr tpidr_el0, %0" : : "r"(K_TP(next)));                \
    noos__a64_fpctx = (next)->fp;                                             \
    noos__a64_guard_switch((next)->guard_pte);                                \
  } while (0)
/* A created thread's overflow faults in its guard page when it has one. */
#define k_stack_guarded(t) ((t)->guard_pte != 0)

static inline uintptr_t k_sp(void) {
  uintptr_t sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  return sp;
}

/* The kernel context a check runs in: an SVC or IRQ handler. */
static inline const char *k_kernel_name(uint32_t ipsr) {
  (void)ipsr;
  return "SVC";
}

/* --- Time: the generic timer's virtual counter (CNTVCT_EL0) and its
 * compare (CNTV_CVAL_EL0), PPI 27 (counter-time.c) -------------------- */

static inline uint64_t k_counter(void) {
  uint64_t v;
  __asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
  return v;
}

static inline uint64_t k_counter_hz(void) {
  uint64_t v;
  __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
  return v;
}

static inline void k_counter_compare(uint64_t t) {
  __asm__ volatile("msr cntv_cval_el0, %0\n\tisb" : : "r"(t) : "memory");
}

void k_counter_start(void);

#endif
