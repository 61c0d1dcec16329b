// A thread with the smallest stack noos allows (NOOS_STACK_MIN) woken by
// an interrupt: the generic timer's EL1 physical timer (PPI 30) fires
// while the thread waits in noos_irq_wait (the service-thread pattern),
// so each IRQ saves its 272-byte context on the thread's stack below the
// wait's frames. noos-ld checks NOOS_STACK_MIN against the thread's need
// at link time; the run reports what the stack left unused.
#include <noos/thread.h>
#include <noos/noos.h>
#include <stdint.h>
#include <stdio.h>

#define TIMER_IRQ 30
#define MS 1000000ull

#include "../../Inputs/cntp-timer.h"

void IRQ30_Handler(void) { noos_irq_service_handler(); }

static volatile int woken, done;
static void waiter(void *arg) {
  (void)arg;
  for (int i = 0; i < 5; ++i) {
    if (noos_irq_wait(TIMER_IRQ, noos_nanotime() + 100 * MS) == NOOS_OK)
      ++woken;
    timer_ack();
  }
  timer_stop();
  done = 1;
}

int main(void) {
  timer_start(1000);
  noos_thread_t *t = noos_thread_create(waiter, 0, NOOS_STACK_MIN, 9, "min");
  while (!done)
    noos_sleep_for(MS);
  noos_sleep_for(MS);
  size_t unused = noos_thread_stack_unused(t);
  noos_thread_join(t);
  int ok = woken == 5 && unused > 0;
  printf("min: stack %u bytes, woken %d times, unused %u: %s\n",
         (unsigned)NOOS_STACK_MIN, woken, (unsigned)unused,
         ok ? "ok" : "FAILED");
  return !ok;
}
