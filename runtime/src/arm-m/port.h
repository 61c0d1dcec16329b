/*
 * The Cortex-M port's interrupt primitives (included by kernel.h): masking
 * with PRIMASK, the exception number from IPSR.
 */
#ifndef NOOS_PORT_H
#define NOOS_PORT_H

#include <stdint.h>

#if defined(__ARM_ARCH_6M__)
#define NOOS_V6M 1 /* no LDREX/STREX: atomics mask interrupts */
#else
#define NOOS_V6M 0
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

#endif
