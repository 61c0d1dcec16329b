/*
 * Interrupts on the AArch64 port: the shared GICv2 driver
 * (shared/gicv2/) behind the noos_irq_* API, the IRQ dispatch vectors.S
 * calls (noos__a64_irq), and the generic timer's interrupt for time
 * (counter-time.c).
 *
 * A handler is named by its interrupt ID, IRQ<n>_Handler (SGIs 0-15, PPIs
 * 16-31, SPIs 32 up: the GIC's IDs, the numbers noos_irq_enable takes),
 * as boards without interrupt names have them on Cortex-M; the table
 * (irq-table.S) holds weak references, so an ID without a handler is
 * reported. The virtual timer's PPI 27 is the runtime's (time and the
 * scheduler's alarm).
 */
#include "kernel.h"
#include "shared/gicv2/gicv2.h"

void noos__counter_irq(void);

#define TIMER_PPI 27
#define NHANDLERS 256

extern void (*const noos__a64_irq_handlers[NHANDLERS])(void);

/* The IRQ being handled; -1 outside a handler. */
static volatile int current = -1;

int k_irq_current(void) { return current; }

static __attribute__((noreturn, cold)) void unhandled(unsigned id) {
  noos_puts_raw("\nnoos: unhandled IRQ ");
  noos_put_dec(id);
  noos_puts_raw(": define IRQ");
  noos_put_dec(id);
  noos_puts_raw("_Handler, or disable it\n  status:     193 (192 + vector entry 1)\n");
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
  if (id == TIMER_PPI) {
    noos__counter_irq();
  } else {
    void (*h)(void) = id < NHANDLERS ? noos__a64_irq_handlers[id] : 0;
    if (!h)
      unhandled(id);
    h();
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

/* Before main's constructors (the GIC is linked into every program, as
 * the vector table names noos__a64_irq): whatever comes first, this or
 * the timer's start, resets the GIC, once. */
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
