/* Uses the interrupt API and nothing else of it: links the GIC driver and
 * the board's handler table (gic-link.test). */
#include <noos/thread.h>

int main(void) {
  noos_irq_enable(40);
  noos_irq_disable(40);
  return 0;
}
