/* Enables an interrupt: on a target whose runtime has no interrupt
 * controller driver yet, the link must fail, saying so. */
#include <noos/thread.h>

int main(void) {
  noos_irq_enable(5);
  return 0;
}
