/* Waits for an interrupt in a service thread (noos_irq_wait): on a target
 * whose runtime has the interrupt controller but no scheduler yet, the
 * link must fail, saying so. */
#include <noos/thread.h>

int main(void) { return noos_irq_wait(5, 0); }
