/*
 * armv7a interrupts: the GICv2 (shared/gicv2, located by the board's
 * noos_board_gicv2) and the board's handler table, which the build
 * generates from the board's "irq-count" and "irq-names"
 * (runtime/CMakeLists.txt, noos_irq_table): interrupt n's handler is
 * NAME_IRQHandler or IRQn_Handler, as in a Cortex-M vector table; IRQ
 * numbers are the GIC's interrupt IDs (SGIs 0-15, PPIs 16-31, SPIs 32 on).
 *
 * Only a program that needs the GIC links this file and the driver: the
 * IRQ entry (kentry.S) and noos_fault_init refer to it weakly, and what
 * does refer to it is noos_irq_* (gicv2.c's k_put_handler, irq.c:
 * k_irq_current), the scheduler and time's alarm (kport.c's
 * k_irqs_enabled and time.c's k_counter_start, through the driver). The
 * board's handler table, which refers weakly to noos__irq_unhandled,
 * comes with it.
 */
#include "internal.h"
#include "shared/gicv2/gicv2.h"

/* The running handler's IRQ, -1 outside one (no nesting: IRQs stay
 * masked while a handler runs). */
static volatile int current = -1;

int k_irq_current(void) { return current; }

/* The generic timer's PPI once time.c started it, and its handler
 * (shared/counter-time, linked when the program reads time). */
int noos__a32_timer_irq = -1;
__attribute__((weak)) void noos__counter_irq(void);

/* Called first by noos_start (fault.c's noos_fault_init, which then
 * unmasks IRQs): the GIC reset. */
void noos__a32_irq_init(void) { gicv2_init(); }

void noos__a32_irq(void) {
  uint32_t iar = gicv2_acknowledge();
  unsigned id = gicv2_id(iar);
  if (id >= GICV2_SPURIOUS)
    return;
  current = (int)id;
  if ((int)id == noos__a32_timer_irq)
    noos__counter_irq();
  else
    noos__irq_dispatch(id);
  current = -1;
  gicv2_eoi(iar);
}

/* Every handler the program does not define: names the interrupt and the
 * function to define, as Cortex-M's default handler does, and ends the
 * program with 128 + 6 (the IRQ exception's number, as fault reports
 * give it). */
__attribute__((noreturn)) void noos__irq_unhandled(void) {
  noos__irq_report_unhandled((unsigned)current);
  noos_exit(128 + 6);
}
