/*
 * NVIC helpers and the interrupt service thread pattern: a thread parks
 * in noos_irq_wait with its interrupt enabled; the handler
 * (noos_irq_service_handler) disables the interrupt, marks it fired and
 * wakes the thread, which services the device with the interrupt off and
 * enables it again by waiting again. A level-triggered device that still
 * asserts its line, or a pulse latched by the NVIC while disabled, fires
 * again as soon as the interrupt is re-enabled: no event is lost.
 */
#include "kernel.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define NVIC_ISER ((volatile uint32_t *)0xE000E100)
#define NVIC_ICER ((volatile uint32_t *)0xE000E180)
#define NVIC_IPR ((volatile uint32_t *)0xE000E400)
#define SCB_SHPR3 REG(0xE000ED20)
#define SCB_AIRCR REG(0xE000ED0C)

#define MAX_SERVICED 256
static volatile uint32_t fired[MAX_SERVICED / 32];

uint32_t noos_irq_save(void) { return k_lock(); }
void noos_irq_restore(uint32_t mask) { k_unlock(mask); }

void noos_irq_enable(int irq) {
  if (irq >= 0)
    NVIC_ISER[irq >> 5] = 1u << (irq & 31);
}

void noos_irq_disable(int irq) {
  if (irq < 0)
    return;
  NVIC_ICER[irq >> 5] = 1u << (irq & 31);
  __asm__ volatile("dsb\n\tisb" ::: "memory");
}

/* The priority bits that preempt: those implemented (a priority field
 * keeps only those: PendSV's, put back as it was) in the group priority
 * (AIRCR.PRIGROUP makes the low ones a subpriority). */
static uint32_t prio_mask(void) {
  uint32_t m = k_lock(), saved = SCB_SHPR3;
  SCB_SHPR3 = saved | 0xffu << 16;
  uint32_t v = (SCB_SHPR3 >> 16) & 0xff;
  SCB_SHPR3 = saved;
  k_unlock(m);
  v &= ~((2u << ((SCB_AIRCR >> 8) & 7)) - 1); /* 0 without grouping */
  return v;
}

int noos_irq_priority_levels(void) {
  return 1 << __builtin_popcount(prio_mask());
}

void noos_irq_set_priority(int irq, int prio) {
  if (irq < 0)
    return;
  uint32_t mask = prio_mask();
  int lowest = (1 << __builtin_popcount(mask)) - 2; /* the last: the scheduler's */
  if (prio > lowest)
    prio = lowest;
  if (prio < 0)
    prio = 0;
  unsigned shift = (unsigned)(irq & 3) * 8;
  uint32_t v = (uint32_t)prio << __builtin_ctz(mask);
  /* Word access: v6-M has no byte access to the priority registers. */
  uint32_t m = k_lock();
  NVIC_IPR[irq >> 2] = (NVIC_IPR[irq >> 2] & ~(0xffu << shift)) | v << shift;
  k_unlock(m);
}

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
  noos_irq_service_notify((int)k_ipsr() - 16);
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
