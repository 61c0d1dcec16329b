// 100 threads alive at once on a micro:bit (16 KiB of RAM): each starts,
// waits on one futex word, and ends when main wakes them all. Argument:
// the stack size. Prints how much stack the threads never touched and
// what a thread costs.
#include <malloc.h>
#include <noos/thread.h>
#include <stdio.h>
#include <stdlib.h>

#define N 100

static volatile uint32_t go, started;

/* Counts itself in (above main's priority, so nothing else runs), waits
 * on go, and on the way out counts itself out from its exit path: the
 * wait is a tail call, so the thread's own frame is not on its stack. */
static void member(void *arg) {
  (void)arg;
  ++started;
  noos_futex_wait(&go, 0, NOOS_FOREVER);
}

int main(int argc, char **argv) {
  size_t stack = argc > 1 ? (size_t)atoi(argv[1]) : 96;
  static noos_thread_t *t[N];
  struct mallinfo before = mallinfo();
  for (unsigned i = 0; i < N; ++i) {
    /* Above main: each runs at once, up to its wait. */
    t[i] = noos_thread_create(member, (void *)(uintptr_t)i, stack, 9, "member");
    if (!t[i]) {
      printf("many: out of memory after %u threads\n", i);
      return 1;
    }
  }
  struct mallinfo during = mallinfo();
  unsigned waiting = started;
  size_t unused = stack;
  for (unsigned i = 0; i < N; ++i) {
    size_t u = noos_thread_stack_unused(t[i]);
    unused = u < unused ? u : unused;
  }
  printf("many: %u threads waiting, %u bytes of heap each (stack %u), "
         "at least %u bytes of stack never used\n",
         waiting, (unsigned)((during.uordblks - before.uordblks) / N),
         (unsigned)stack, (unsigned)unused);
  go = 1;
  int woken = noos_futex_wake(&go, N);
  unsigned done = 0;
  for (unsigned i = 0; i < N; ++i)
    done += noos_thread_join(t[i]) == NOOS_OK;
  printf("many: woke %d, %u finished\n", woken, done);
  int ok = waiting == N && woken == N && done == N;
  printf("many: %s\n", ok ? "ok" : "FAILED");
  return !ok;
}
