/*
 * The interrupt service thread pattern: a thread parks in noos_irq_wait
 * with its interrupt enabled; the handler (noos_irq_service_handler)
 * disables the interrupt, marks it fired and wakes the thread, which
 * services the device with the interrupt off and enables it again by
 * waiting again. A level-triggered device that still asserts its line, or
 * a pulse the interrupt controller latched while it was disabled, fires
 * again as soon as the interrupt is re-enabled: no event is lost.
 *
 * The interrupt controller itself (noos_irq_enable, noos_irq_disable,
 * noos_irq_set_priority, noos_irq_priority_levels, k_irq_current) is the
 * port's: the NVIC in arm-m/nvic.c.
 */
#include "kernel.h"

#define MAX_SERVICED 256
static volatile uint32_t fired[MAX_SERVICED / 32];

uint32_t noos_irq_save(void) { return k_lock(); }
void noos_irq_restore(uint32_t mask) { k_unlock(mask); }

void noos_irq_service_notify(int irq) {
  if (irq < 0 || irq >= MAX_SERVICED)
    return;
  noos_irq_disable(irq);
  uint32_t m = k_lock();
  fired[irq >> 5] |= 1u << (irq & 31);
  k_unlock(m);
  noos_futex_wake(&fired[irq >> 5], 0x7fffffff);
}

void noos_irq_service_handler(void) {
  noos_irq_service_notify(k_irq_current());
}

int noos_irq_wait(int irq, uint64_t deadline) {
  if (irq < 0 || irq >= MAX_SERVICED)
    return NOOS_INVALID;
  if (!k_can_svc())
    noos__blocking_refused("noos_irq_wait");
  volatile uint32_t *word = &fired[irq >> 5];
  uint32_t bit = 1u << (irq & 31);
  noos_irq_enable(irq);
  for (;;) {
    uint32_t m = k_lock(), w = *word;
    if (w & bit) {
      *word = w & ~bit;
      k_unlock(m);
      return NOOS_OK;
    }
    k_unlock(m);
    if (noos_futex_wait(word, w, deadline) == NOOS_TIMEDOUT && !(*word & bit))
      return NOOS_TIMEDOUT;
  }
}
