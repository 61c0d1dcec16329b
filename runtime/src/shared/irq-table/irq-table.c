/*
 * Dispatch through the board's handler table and the report of an
 * interrupt without a handler (irq-table.h).
 */
#include "shared/irq-table/irq-table.h"
#include <stdint.h>

void noos_puts_raw(const char *s);
void noos_put_dec(uint32_t v);

/* The board's (generated), weak: a program linked without a board has
 * no table, and every interrupt is unhandled. */
extern void (*const noos__irq_handlers[])(void) __attribute__((weak));
extern const unsigned noos__irq_count __attribute__((weak));
extern const char *const noos__irq_names[] __attribute__((weak));
extern const unsigned noos__irq_named __attribute__((weak));

void noos__irq_dispatch(unsigned id) {
  if (&noos__irq_count && id < noos__irq_count)
    noos__irq_handlers[id]();
  else
    noos__irq_unhandled();
}

void noos__irq_report_unhandled(unsigned id) {
  const char *name =
      &noos__irq_named && id < noos__irq_named ? noos__irq_names[id] : 0;
  noos_puts_raw("\nnoos: unhandled interrupt IRQ");
  noos_put_dec(id);
  if (name) {
    noos_puts_raw(" (");
    noos_puts_raw(name);
    noos_puts_raw(")");
  }
  noos_puts_raw(": define ");
  if (name) {
    noos_puts_raw(name);
  } else {
    noos_puts_raw("IRQ");
    noos_put_dec(id);
    noos_puts_raw("_Handler");
  }
  noos_puts_raw(", or disable it\n");
}
