/* A sleep (mtimecmp wakes the idle hart) and a thread that yields to main
 * three times (kernel calls by ECALL, switches pended through msip). */
#include <noos/thread.h>
#include <stdio.h>
#include <time.h>
#include <noos/noos.h>
static volatile int n;
static void f(void *a) { for (int i = 0; i < 3; ++i) { n++; noos_thread_yield(); } }
int main(void) {
  uint64_t t0 = noos_nanotime();
  struct timespec ts = {0, 2000000}; nanosleep(&ts, 0);
  printf("slept %d\n", noos_nanotime() - t0 >= 2000000);
  noos_thread_t *t = noos_thread_create(f, 0, 2048, 1, "w");
  noos_thread_join(t);
  printf("n=%d\n", n);
  return 0;
}
