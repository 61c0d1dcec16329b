// The armv7a kernel stack's high-water mark (kentry.S: SVC and IRQ
// handlers and the switch run on it), measured by painting it before the
// scheduler starts: kernel calls (create, join, yield, sleeps, a mutex
// handed over) and the timer's IRQs, some in the idle window. noos-ld's
// need of the "kernel" stack must be at least that.
#include <noos/thread.h>
#include <stdint.h>
#include <stdio.h>

extern uint32_t __noos_a32_kernel_stack[], __noos_a32_kernel_stack_top[];
#define PATTERN 0x5ca1ab1eu

static noos_mutex_t lock = NOOS_MUTEX_INIT;
static volatile int counter;

static void worker(void *p) {
  for (int i = 0; i < 20; ++i) {
    noos_mutex_lock(&lock);
    ++counter;
    noos_sleep_for(100000 + 1000 * (int)(intptr_t)p);
    noos_mutex_unlock(&lock);
    noos_thread_yield();
  }
}

int main(void) {
  for (uint32_t *p = __noos_a32_kernel_stack; p < __noos_a32_kernel_stack_top;
       ++p)
    *p = PATTERN;
  noos_thread_t *a = noos_thread_create(worker, (void *)1, 0, 9, "a");
  noos_thread_t *b = noos_thread_create(worker, (void *)2, 0, 8, "b");
  noos_thread_join(a);
  noos_thread_join(b);
  uint32_t *p = __noos_a32_kernel_stack;
  while (p < __noos_a32_kernel_stack_top && *p == PATTERN)
    ++p;
  printf("kernel high-water %u (counter %d)\n",
         (unsigned)((char *)__noos_a32_kernel_stack_top - (char *)p), counter);
  return counter != 40;
}
