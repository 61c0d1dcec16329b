/*
 * The board's interrupt handler table, for the ports whose interrupt
 * controller gives the interrupt's number and the runtime dispatches
 * (GICv2, the PLIC): the build generates it from the board's "irq-count"
 * and "irq-names" (runtime/CMakeLists.txt, noos_irq_table). Interrupt n's
 * handler is NAME_IRQHandler or IRQn_Handler, as in a Cortex-M vector
 * table; each the program does not define is a weak alias that calls the
 * port's noos__irq_unhandled. Ports name "irq-table" in shared-parts.txt.
 */
#ifndef NOOS_IRQ_TABLE_H
#define NOOS_IRQ_TABLE_H

/* Calls interrupt id's handler; noos__irq_unhandled for an ID beyond the
 * table, or for every ID in a program linked without a board. */
void noos__irq_dispatch(unsigned id);

/* The port's (it knows the running IRQ and its exit status): reports an
 * interrupt without a handler (noos__irq_report_unhandled) and ends the
 * program. */
__attribute__((noreturn)) void noos__irq_unhandled(void);

/* Prints "noos: unhandled interrupt IRQ<n> (NAME_IRQHandler): define
 * NAME_IRQHandler, or disable it" (the name from the table, else
 * IRQ<n>_Handler) on the console. */
void noos__irq_report_unhandled(unsigned id);

#endif
