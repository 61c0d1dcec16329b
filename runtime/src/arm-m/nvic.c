/*
 * The NVIC behind the noos_irq_* API (irq.c has the portable service
 * thread pattern over it).
 */
#include "kernel.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define NVIC_ISER ((volatile uint32_t *)0xE000E100)
#define NVIC_ICER ((volatile uint32_t *)0xE000E180)
#define NVIC_IPR ((volatile uint32_t *)0xE000E400)
#define SCB_SHPR3 REG(0xE000ED20)
#define SCB_AIRCR REG(0xE000ED0C)

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

/* A call through <noos/thread.h>'s macro, which recorded it for noos-ld. */
void noos__irq_set_priority_at(const struct noos_irq_priority_site *site,
                               int irq, int prio) {
  (void)site;
  (noos_irq_set_priority)(irq, prio);
}

void (noos_irq_set_priority)(int irq, int prio) {
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

/* The running handler's IRQ: its exception number less the 16 system
 * exceptions (-1 and below outside an IRQ). */
int k_irq_current(void) { return (int)k_ipsr() - 16; }
