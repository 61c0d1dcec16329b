/*
 * armv7a time: the Arm generic timer under the shared counter-time part
 * (runtime/src/shared/counter-time): CNTPCT for the clock, CNTFRQ for its
 * rate (as the firmware or QEMU set it), the physical timer's compare
 * value CNTP_CVAL for the alarm. Its interrupt is a PPI the board names
 * (noos_board_timer_irq: the physical timer as the core's security state
 * sees it: 30 Non-secure on QEMU virt, 29 Secure on the i.MX6UL, which
 * boots Secure); interrupts.c sends it to noos__counter_irq.
 */
#include "kernel.h"
#include "shared/gicv2/gicv2.h"

extern const unsigned noos_board_timer_irq;
extern int noos__a32_timer_irq; /* interrupts.c: -1 until started */

enum { CTL_ENABLE = 1 };

uint64_t k_counter(void) {
  uint32_t lo, hi;
  __asm__ volatile("isb\n\tmrrc p15, 0, %0, %1, c14" : "=r"(lo), "=r"(hi));
  return (uint64_t)hi << 32 | lo;
}

uint64_t k_counter_hz(void) {
  uint32_t f;
  __asm__ volatile("mrc p15, 0, %0, c14, c0, 0" : "=r"(f));
  return f;
}

/* UINT64_MAX is never reached: no interrupt. */
void k_counter_compare(uint64_t t) {
  __asm__ volatile("mcrr p15, 2, %0, %1, c14\n\tisb"
                   : : "r"((uint32_t)t), "r"((uint32_t)(t >> 32)) : "memory");
}

void k_counter_start(void) {
  __asm__ volatile("mcr p15, 0, %0, c14, c2, 1\n\tisb" : : "r"(CTL_ENABLE)
                   : "memory");
  noos__a32_timer_irq = (int)noos_board_timer_irq;
  gicv2_enable(noos_board_timer_irq);
}
