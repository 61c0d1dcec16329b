/*
 * Interrupts on the AArch64 port: the shared GICv2 driver
 * (shared/gicv2/) behind the noos_irq_* API, the IRQ dispatch vectors.S
 * calls (noos__a64_irq), and the generic timer's interrupt for time
 * (counter-time.c).
 *
 * Handlers come from the board's table, which the build generates from
 * its "irq-count" and "irq-names" (gicv2.h): NAME_IRQHandler, or
 * IRQ<n>_Handler by interrupt ID (SGIs 0-15, PPIs 16-31, SPIs 32 up: the
 * numbers noos_irq_enable takes), as on Cortex-M; an ID without a handler
 * is reported. The virtual timer's PPI 27 is the runtime's (time and the
 * scheduler's alarm).
 *
 * Only a program that needs the GIC links this file and the driver: the
 * vector table refers to noos__a64_irq weakly, and what does refer to it
 * is noos_irq_* (gicv2.c's k_put_handler, irq.c: k_irq_current), the
 * scheduler (k_irqs_enabled) and the timer's alarm (counter-time.c:
 * k_counter_start). The board's handler table, which refers weakly to
 * noos__irq_unhandled, comes with it.
 */
#include "kernel.h"
#include "shared/gicv2/gicv2.h"

/* counter-time.c's: linked with k_counter_start, before PPI 27 can fire. */
__attribute__((weak)) void noos__counter_irq(void);

#define TIMER_PPI 27
/* The IRQ being handled; -1 outside a handler. */
static volatile int current = -1;

int k_irq_current(void) { return current; }

/* An IRQ without a handler: reported, the program ends with 193 (192 +
 * the vector entry, as fault reports give it). */
__attribute__((noreturn, cold)) void noos__irq_unhandled(void) {
  noos__irq_report_unhandled((unsigned)current);
  noos_puts_raw("  status:     193 (192 + vector entry 1)\n");
  noos_exit(193);
}

/* vectors.S: an IRQ, from a thread or in the idle window (IRQs masked). */
void noos__a64_irq(void) {
  uint32_t iar = gicv2_acknowledge();
  unsigned id = gicv2_id(iar);
  if (id >= GICV2_SPURIOUS)
    return;
  int outer = current;
  current = (int)id;
  if (id == TIMER_PPI && noos__counter_irq) {
    noos__counter_irq();
  } else {
    noos__irq_dispatch(id);
  }
  current = outer;
  gicv2_eoi(iar);
}

/* counter-time.c's noos_time_init: the timer on, its PPI routed (the GIC
 * is set up here the first time; interrupts are masked). */
static uint8_t gic_ready;

static void gic_setup(void) {
  if (!gic_ready) {
    gic_ready = 1;
    gicv2_init();
  }
}

void k_counter_start(void) {
  gic_setup();
  __asm__ volatile("msr cntv_ctl_el0, %0\n\tisb" : : "r"(1ull) : "memory");
  gicv2_enable(TIMER_PPI);
}

/* Some interrupt other than the runtime's timer can still wake the
 * scheduler. */
int k_irqs_enabled(void) {
  gic_setup();
  return gicv2_any_enabled(1u << TIMER_PPI);
}

/* Before main's constructors (in every program that links the GIC):
 * whatever comes first, this or the timer's start, resets the GIC,
 * once. */
__attribute__((constructor(101))) static void gic_constructor(void) {
  uint32_t m = k_lock();
  gic_setup();
  k_unlock(m);
}

/* Waits for an interrupt: the scheduler's alarm (the timer's compare,
 * set for until) or another. Interrupts masked: WFI wakes on a pending
 * one all the same, which the caller then lets in. */
__attribute__((weak)) void noos_idle(uint64_t until) {
  (void)until;
  __asm__ volatile("dsb sy\n\twfi" ::: "memory");
}
