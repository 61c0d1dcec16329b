/*
 * noos_fault_init, the first thing noos_start does: the MMU on (mmu.c),
 * with unmapped and device memory never executable, so a jump into the
 * void faults where it happens, a main stack overflow hits the unmapped
 * guard page below the stack, and a created thread's the page below its
 * stack, unmapped while it runs; then the GIC, when linked, and IRQs. What a fault
 * prints is the --fault-report mode's (fault-full.c, the default;
 * fault-short.c; fault-none.c).
 */
#include "internal.h"

void noos__mmu_init(void);

/* interrupts.c's, linked with the GIC only (noos_irq_*, threads, time's
 * alarm). */
__attribute__((weak)) void noos__a32_irq_init(void);

void noos_fault_init(void) {
  noos__mmu_init();
  if (noos__a32_irq_init)
    noos__a32_irq_init();
  /* IRQs unmasked, as a Cortex-M program starts with PRIMASK clear; FIQs
   * stay masked: nothing is routed to them. Without the GIC linked it
   * stays as reset left it, and an IRQ is reported (kentry.S). */
  __asm__ volatile("cpsie i" ::: "memory");
}
