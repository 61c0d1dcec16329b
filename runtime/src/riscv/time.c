/*
 * Time on RISC-V (machine mode): shared/counter-time/ over the CLINT's
 * mtime (noos_nanotime) and hart 0's mtimecmp (the scheduler's alarm),
 * the machine timer interrupt (mie.MTIE) calling noos__counter_irq from
 * the trap entry (trap.c), and noos_idle as WFI.
 *
 * The CLINT's base and mtime's rate are the board's (its code overrides
 * the weak defaults here: the SiFive CLINT address every QEMU board uses,
 * and no rate, which counter-time reports once). mtime's rate is not the
 * core clock: QEMU's virt and sifive_e count at 10 MHz, sifive_u at
 * 1 MHz.
 */
#include "kernel.h"

#define MTIMECMP 0x4000u /* hart n's at 0x4000 + 8n */
#define MTIME 0xbff8u
#define MIE_MTIE (1u << 7)

__attribute__((weak)) uintptr_t noos__rv_clint_base(void) { return 0x02000000u; }
__attribute__((weak)) uint32_t noos__rv_mtime_hz(void) { return 0; }

uint64_t k_counter_hz(void) { return noos__rv_mtime_hz(); }

uint64_t k_counter(void) {
  uintptr_t b = noos__rv_clint_base();
#if __riscv_xlen == 64
  return *(volatile uint64_t *)(b + MTIME);
#else
  /* High, low, high again: a carry between the reads shows as a change. */
  volatile uint32_t *t = (volatile uint32_t *)(b + MTIME);
  uint32_t hi, lo;
  do {
    hi = t[1];
    lo = t[0];
  } while (t[1] != hi);
  return (uint64_t)hi << 32 | lo;
#endif
}

void k_counter_compare(uint64_t when) {
  uintptr_t b = noos__rv_clint_base();
#if __riscv_xlen == 64
  *(volatile uint64_t *)(b + MTIMECMP) = when;
#else
  /* Never a moment with a compare value below both the old and the new:
   * the high word to its maximum first (privileged spec, 3.2.1). */
  volatile uint32_t *c = (volatile uint32_t *)(b + MTIMECMP);
  c[1] = UINT32_MAX;
  c[0] = (uint32_t)when;
  c[1] = (uint32_t)(when >> 32);
#endif
}

void k_counter_start(void) {
  noos__rv_irq_enable(MIE_MTIE);
}

/* WFI wakes on a pending interrupt even with mstatus.MIE clear (the
 * caller's k_lock), so the alarm set for until ends it. */
__attribute__((weak)) void noos_idle(uint64_t until) {
  (void)until;
  __asm__ volatile("wfi" ::: "memory");
}
