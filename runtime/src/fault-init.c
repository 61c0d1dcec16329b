/*
 * noos_fault_init arms the main stack's overflow detection before main:
 * MSPLIM on v8-M Main, a write-protected MPU region just below the stack
 * on v6-M/v7-M cores with an MPU. Without it an overflow faults only
 * where the memory below RAM faults on write. Linked whichever fault
 * report is (noos-ld --fault-report): the guard is what makes an overflow
 * fault at all.
 */
#include "fault.h"

#pragma clang attribute push(__attribute__((minsize)), apply_to = function)

uint32_t noos__fault_guard_size;

/* The MPU region the scheduler may move to the running thread's stack
 * guard (sched.c), or -1: only when noos_fault_init set up the MPU (a
 * program that replaced it owns the MPU) on a v7-M core, whose regions
 * can be 32 bytes (v6-M's are 256 at least, and v8-M Main has PSPLIM). */
int8_t noos__thread_guard_region = -1;

/* Arms the main stack's overflow detection (above).
 * Weak: a program that owns the MPU or MSPLIM replaces it. */
__attribute__((weak)) void noos_fault_init(void) {
  uint32_t limit = (uint32_t)__stack_limit;
#if V8M_MAIN
  __asm__ volatile("msr msplim, %0" : : "r"(limit));
#elif !V8M
  uint32_t regions = (MPU_TYPE >> 8) & 0xff;
  if (!regions || (MPU_CTRL & 1))
    return; /* no MPU, or a board already set it up */
  /* The largest power of two up to 4 KiB that aligns the limit (a region
   * is aligned to its size): the limit's lowest set bit, at most 4 KiB; at
   * least 256 bytes (v6-M's minimum), else no guard (a limit of 0 too). */
  uint32_t size = limit & -limit;
  if (size > 4096)
    size = 4096;
  if (size < 256)
    return;
  /* The highest region, which wins over the others. Read-only and never
   * executable: what lies below RAM can still be read. */
  uint32_t log2 = (uint32_t)__builtin_ctz(size);
  MPU_RNR = regions - 1;
  MPU_RBAR = limit - size;
  MPU_RASR = (1u << 28) /* XN */ | (6u << 24) /* AP: read-only */ |
             ((log2 - 1) << 1) /* SIZE */ | 1 /* ENABLE */;
  MPU_CTRL = 4 /* PRIVDEFENA: the default map elsewhere */ | 1 /* ENABLE */;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  noos__fault_guard_size = size;
#if !defined(__ARM_ARCH_6M__)
  if (regions >= 2)
    noos__thread_guard_region = (int8_t)(regions - 2);
#endif
#else
  (void)limit; /* v8-M Baseline: MSPLIM only with the Security Extension */
#endif
}

#pragma clang attribute pop
