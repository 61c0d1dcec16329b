// Threads of the standard APIs run within the stacks noos-ld computed or
// checked for them: a pthread with an automatic stack (an attribute's
// stack size 0), one with the default stack, a C11 thread, and in C++
// (-x c++) a noos::thread with automatic stacks. Each reports, once it has
// ended (its stack is kept until the join), the bytes its painted stack
// left unused; stack-need.py compares them with noos-ld's report.
#ifdef __cplusplus
#include <noos/thread.hpp>
#else
#include <noos/thread.h>
#include <pthread.h>
#include <threads.h>
#endif
#include <stdio.h>

__attribute__((noinline)) int leaf(int x) {
  volatile char a[400];
  for (int i = 0; i < 400; i += 16)
    a[i] = (char)(x + i);
  return a[x & 15];
}
__attribute__((noinline)) int mid(int x) {
  volatile char b[200];
  for (int i = 0; i < 200; i += 16)
    b[i] = (char)i;
  return leaf(x + b[16]) + b[32];
}

static noos_thread_t *volatile self[3];
static volatile int done[3];

static void report(const char *root, int i) {
  printf("%s unused %u\n", root, (unsigned)noos_thread_stack_unused(self[i]));
}

#ifdef __cplusplus
int main() {
  noos::thread a([] {
    self[0] = noos_thread_self();
    done[0] = 1 + mid(1);
  });
  noos::thread b(
      [](int x) {
        self[1] = noos_thread_self();
        done[1] = 1 + leaf(x);
      },
      2);
  while (!done[0] || !done[1])
    noos_thread_yield();
  noos_sleep_for(1000000);
  report("lambda0", 0);
  report("lambda1", 1);
  return 0;
}
#else
void *posix_auto(void *p) {
  self[0] = noos_thread_self();
  done[0] = 1 + mid((int)(long)p);
  return NULL;
}
void *posix_default(void *p) {
  self[1] = noos_thread_self();
  done[1] = 1 + leaf((int)(long)p);
  return NULL;
}
int c11_task(void *p) {
  self[2] = noos_thread_self();
  done[2] = 1 + mid((int)(long)p);
  return 0;
}

int main(void) {
  pthread_t t0, t1;
  thrd_t t2;
  pthread_attr_t a;
  pthread_attr_init(&a);
  if (pthread_attr_setstacksize(&a, 0) ||
      pthread_create(&t0, &a, posix_auto, (void *)1) ||
      pthread_create(&t1, NULL, posix_default, (void *)2) ||
      thrd_create(&t2, c11_task, (void *)3) != thrd_success) {
    printf("creation FAILED\n");
    return 1;
  }
  // Ended but not yet joined: their stacks are still there to measure.
  while (!done[0] || !done[1] || !done[2])
    noos_thread_yield();
  noos_sleep_for(1000000);
  report("posix_auto", 0);
  report("posix_default", 1);
  report("c11_task", 2);
  pthread_join(t0, NULL);
  pthread_join(t1, NULL);
  thrd_join(t2, NULL);
  return 0;
}
#endif
