// A thread with an automatic stack (size 0): noos-ld sizes it from the
// worst path of its entry. Prints the size it got (the record's need) and
// how much of it the run left unused (never below zero: the canary and
// the painted words would show an overflow).
#include <noos/thread.h>
#include <stdio.h>

__attribute__((noinline)) static int deep(int x) {
  volatile char a[600];
  for (int i = 0; i < 600; ++i)
    a[i] = (char)(x + i);
  return a[x];
}

static volatile int result;
static void sensor_task(void *p) { result = deep((int)(long)p); }

int main(void) {
  noos_thread_t *t = noos_thread_create(sensor_task, (void *)5, 0, 9, "sensor");
  // The record the call passed (noos/thread.h): what noos-ld wrote.
  extern const struct noos_thread_site main___noos_thread_site
      __asm__("main.__noos_thread_site");
  size_t size = *(const volatile size_t *)&main___noos_thread_site.need;
  // Ended but not yet joined: its stack is still there to measure.
  while (!result)
    noos_thread_yield();
  noos_sleep_for(1000000);
  size_t unused = noos_thread_stack_unused(t);
  noos_thread_join(t);
  int ok = size && size != NOOS_STACK_DEFAULT && unused > 0 && unused < size;
  printf("sensor: stack %u bytes (not the default %u), unused %u: %s\n",
         (unsigned)size, (unsigned)NOOS_STACK_DEFAULT, (unsigned)unused,
         ok ? "ok" : "FAILED");
  return !ok;
}
