/* The default noos_idle (<noos/noos.h>): WFI, which wakes on a pending
 * interrupt even with IRQs masked (the scheduler and sleep call it so);
 * the deadline is the alarm's, already set. */
#include <noos/noos.h>

__attribute__((weak)) void noos_idle(uint64_t until) {
  (void)until;
  __asm__ volatile("dsb sy\n\twfi" ::: "memory");
}
