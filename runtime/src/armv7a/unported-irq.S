/* irq: see unported.h and unported-sources.txt. The GIC half of the
 * noos_irq_* API is ported (shared/gicv2, interrupts.c); the service
 * thread pattern and masking (irq.c) wait for the scheduler. */
#include "unported.h"
  .syntax unified
  .arm
  unported irq, noos_irq_restore
  unported irq, noos_irq_save
  unported irq, noos_irq_service_handler
  unported irq, noos_irq_service_notify
  unported irq, noos_irq_wait
