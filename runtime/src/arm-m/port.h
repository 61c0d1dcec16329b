/*
 * The Cortex-M port (included by kernel.h, which lists what a port
 * provides): masking with PRIMASK, the exception number from IPSR, kernel
 * calls by SVC, the switch in PendSV (switch.S), and the per-thread stack
 * guards: PSPLIM on v8-M Main, an MPU region moved at each switch on v7-M,
 * none in hardware on v6-M and v8-M Baseline (the kernel's canary and
 * stack-pointer checks then run at each switch). kport.c has the rest.
 */
#ifndef NOOS_PORT_H
#define NOOS_PORT_H

#include <stdint.h>

#if defined(__ARM_ARCH_6M__)
#define NOOS_PORT_ATOMICS_MASK 1 /* no LDREX/STREX: atomics mask interrupts */
#else
#define NOOS_PORT_ATOMICS_MASK 0
#endif
#if defined(__ARM_ARCH_8M_MAIN__) || defined(__ARM_ARCH_8_1M_MAIN__)
#define NOOS_PSPLIM 1 /* a hardware stack limit for the process stack */
#else
#define NOOS_PSPLIM 0
#endif
#if defined(__ARM_ARCH_6M__) || defined(__ARM_ARCH_8M_BASE__)
#define NOOS_BASEPRI 0
#else
#define NOOS_BASEPRI 1
#endif
#if defined(__ARM_ARCH_7M__) || defined(__ARM_ARCH_7EM__)
#define NOOS_MPU_GUARD 1 /* a 32-byte MPU region below the running stack */
#else
#define NOOS_MPU_GUARD 0
#endif

/* Where a hardware guard is, per thread: v7-M the guard region's RBAR
 * (0: none), v8-M Main the PSPLIM value; precomputed so a switch only
 * copies it. v6-M and v8-M Baseline have none (and small RAMs). */
#if NOOS_MPU_GUARD || NOOS_PSPLIM
#define NOOS_PORT_THREAD_FIELDS uint32_t guard;
#else
#define NOOS_PORT_THREAD_FIELDS
#endif

/* v6-M and v8-M Baseline: small RAMs, so a control block does not keep
 * the thread pointer; the switch derives it (K_TP). */
#define NOOS_PORT_TP_DERIVED (!NOOS_BASEPRI)

/* The thread pointer is picolibc's __tls (what __aeabi_read_tp returns):
 * the TLS block less __arm32_tls_tcb_offset (the layout's). */
extern char __arm32_tls_tcb_offset[];
#define NOOS_PORT_TLS_TCB_OFFSET ((uintptr_t)__arm32_tls_tcb_offset)
extern uint32_t __tls;

static inline uint32_t k_lock(void) {
  uint32_t m;
  __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(m) : : "memory");
  return m;
}

static inline void k_unlock(uint32_t m) {
  __asm__ volatile("msr primask, %0" : : "r"(m) : "memory");
}

static inline uint32_t k_ipsr(void) {
  uint32_t v;
  __asm__ volatile("mrs %0, ipsr" : "=r"(v));
  return v & 0x1ff;
}

/* True when the caller may use SVC: thread mode with interrupts unmasked
 * (SVC with PRIMASK set, or below BASEPRI, escalates to HardFault). */
static inline int k_can_svc(void) {
  uint32_t ipsr, pm;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  __asm__ volatile("mrs %0, primask" : "=r"(pm));
#if NOOS_BASEPRI
  uint32_t bp;
  __asm__ volatile("mrs %0, basepri" : "=r"(bp));
  pm |= bp;
#endif
  return !((ipsr & 0x1ff) | (pm & 0xff));
}

/* The semihosting trap (semihost.c's noos_semihost): BKPT 0xAB,
 * operation in r0, argument block in r1, result in r0. */
static inline uintptr_t k_semihost(uintptr_t op, const void *arg) {
  register uintptr_t r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

/* --- Kernel entry and the switch ---------------------------------------- */

#define NOOS_REG32(a) (*(volatile uint32_t *)(a))
#define NOOS_SCB_ICSR NOOS_REG32(0xE000ED04)
#define NOOS_MPU_RBAR NOOS_REG32(0xE000ED9C)

/* A kernel call: SVC #0 with the operation in r12, arguments in r0-r3,
 * the result in r0 (switch.S's SVC_Handler, kport.c's noos__svc). */
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

/* PendSV, the lowest priority, switches once no other handler runs. */
static inline void k_pend_switch(void) { NOOS_SCB_ICSR = 1u << 28; }
static inline void k_pend_clear(void) { NOOS_SCB_ICSR = 1u << 27; }

static inline void k_idle_window(void) {
  __asm__ volatile("cpsie i\n\tisb\n\tcpsid i" ::: "memory");
}

/* PendSV is taken as soon as the pend is seen: after these. */
static inline void k_switch_sync(void) {
  __asm__ volatile("dsb\n\tisb" ::: "memory");
}

/* A new thread's EXC_RETURN (thread mode, process stack, no FP state, in
 * the program's security state) follows from the first one the scheduler
 * sees (kport.c). */
struct noos_armm {
  uint32_t exc_return_psp;
  uint8_t started; /* exc_return_psp is known */
};
extern struct noos_armm noos__armm;
void noos__armm_learn(uint32_t exc_return);

/* A created thread's first context has its EXC_RETURN at word 8: known
 * once the scheduler has seen one; 0 until then (learn fills it in). On
 * v6-M it is known from the start: thread mode on the process stack has
 * one EXC_RETURN there (no FP state, no security states), so the first
 * switch needs no learning and switch.S's pick does not wait for it. */
#if defined(__ARM_ARCH_6M__)
#define NOOS_ARMM_EXC_RETURN 0xfffffffdu
#define k_thread_ready(t) (((uint32_t *)(t)->sp)[8] = NOOS_ARMM_EXC_RETURN)
#else
#define k_thread_ready(t)                                                     \
  (((uint32_t *)(t)->sp)[8] =                                                 \
       noos__armm.started ? noos__armm.exc_return_psp : 0)
#endif

/* Per-thread state before next runs: picolibc's thread pointer, and the
 * stack guard moved below next's stack before its first access (the
 * exception return then synchronises the instruction stream). */
#if NOOS_MPU_GUARD
#define NOOS_PORT_SWITCH_GUARD(next)                                          \
  do {                                                                        \
    if ((next)->guard) {                                                      \
      NOOS_MPU_RBAR = (next)->guard;                                          \
      __asm__ volatile("dsb" ::: "memory");                                   \
    }                                                                         \
  } while (0)
/* The main thread's guard is nonzero whenever the threads' are. */
#define k_stack_guarded(t) ((t)->guard != 0)
#elif NOOS_PSPLIM
#define NOOS_PORT_SWITCH_GUARD(next)                                          \
  __asm__ volatile("msr psplim, %0" : : "r"((next)->guard))
#define k_stack_guarded(t) 1
#else
#define NOOS_PORT_SWITCH_GUARD(next) ((void)0)
#define k_stack_guarded(t) 0
#endif
#define k_switch_in(next)                                                     \
  do {                                                                        \
    __tls = (uint32_t)K_TP(next);                                             \
    NOOS_PORT_SWITCH_GUARD(next);                                             \
  } while (0)

static inline uintptr_t k_sp(void) {
  uintptr_t sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  return sp;
}

/* The kernel context a check runs in: SVCall (11) or PendSV. */
static inline const char *k_kernel_name(uint32_t ipsr) {
  return ipsr == 11 ? "SVCall" : "PendSV";
}

#endif
