/*
 * The GICv2 interrupt controller (Arm IHI 0048B): the distributor and this
 * core's CPU interface. Shared by the A-profile ports (armv7a, aarch64),
 * which name "gicv2" in their shared-parts.txt; 64-bit clean, no
 * instruction-set specific code.
 *
 * Interrupt numbers are the GIC's interrupt IDs, the ones the noos_irq_*
 * API takes: SGIs 0-15, PPIs 16-31, SPIs 32 up to 1019.
 *
 * Where the GIC is belongs to the board: its code (runtime/boards/<code>/)
 * defines noos_board_gicv2 with the two base addresses. The port calls
 * gicv2_init once at startup with interrupts masked, and in its IRQ entry
 * gicv2_acknowledge, then the handler, then gicv2_eoi with the value
 * acknowledged.
 *
 * The driver gives the noos_irq_enable, noos_irq_disable,
 * noos_irq_set_priority and noos_irq_priority_levels of <noos/thread.h>;
 * the port gives k_irqs_enabled (over gicv2_any_enabled, leaving out its
 * own timer) and k_irq_current.
 */
#ifndef NOOS_GICV2_H
#define NOOS_GICV2_H

#include <stdint.h>

struct noos_gicv2 {
  uintptr_t distributor;   /* GICD_* */
  uintptr_t cpu_interface; /* GICC_* */
};

/* The board's (runtime/boards/<code>/). */
extern const struct noos_gicv2 noos_board_gicv2;

/* A value of gicv2_acknowledge with no interrupt in it (1022: none the
 * core may take, 1023: none pending). */
#define GICV2_SPURIOUS 1022u

/* Resets the distributor and the CPU interface: every interrupt disabled,
 * not pending, priority 0 (the highest the API names, as on Cortex-M),
 * SPIs routed to this core, the priority mask open; then enables both. */
void gicv2_init(void);

/* Interrupt lines the distributor has (32 times GICD_TYPER.ITLinesNumber
 * plus 32, at most 1020). */
unsigned gicv2_lines(void);

void gicv2_enable(unsigned id);
void gicv2_disable(unsigned id);
/* Priority in the GIC's own encoding: 0 highest, the implemented bits
 * (gicv2_priority_mask) only. */
void gicv2_set_priority(unsigned id, uint8_t prio);
/* The implemented bits of a priority field (0xf8 with 5 bits). */
uint8_t gicv2_priority_mask(void);

/* GICC_IAR: the ID in bits 0-9 (GICV2_SPURIOUS or above: none), the
 * sending core of an SGI in bits 10-12. gicv2_eoi takes the whole value. */
uint32_t gicv2_acknowledge(void);
void gicv2_eoi(uint32_t iar);
static inline unsigned gicv2_id(uint32_t iar) { return iar & 0x3ffu; }

/* Pending: set (SGIs through GICD_SGIR, to this core) and cleared (SGIs
 * through GICD_CPENDSGIR, from every sender). */
void gicv2_send_sgi_self(unsigned sgi);
void gicv2_clear_pending(unsigned id);
int gicv2_pending(unsigned id);

/* Nonzero when an interrupt the program could be woken by is enabled:
 * any SPI, and any SGI or PPI of IDs 0-31 outside ignore (bit n: ID n;
 * e.g. the port's timer PPI) and not enabled permanently by the
 * implementation (SGI enable bits may be fixed to 1). */
int gicv2_any_enabled(uint32_t ignore);

/* Dispatch through the board's handler table: shared/irq-table. */
#include "shared/irq-table/irq-table.h"

#endif
