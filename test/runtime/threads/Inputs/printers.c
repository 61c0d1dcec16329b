// Three threads of one priority print lines with single printf calls while
// a 1 ms time slice preempts them: every line must come out whole (a
// hosted C library keeps each call's output together). Each line is the
// thread's letter, a number and 40 copies of the letter; a checker looks
// for any line that is not exactly that. Argument: lines per thread.
// With "partial": a thread prints half a line and waits for another that
// prints whole lines first; the half line must not hold the console (it
// would deadlock), and comes out before the other's line.
#include <noos/thread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int lines = 200;

static void printer(void *arg) {
  char c = (char)(unsigned)(uintptr_t)arg;
  for (int i = 0; i < lines; ++i)
    printf("%c %04d %c%c%c%c%c%c%c%c%c%c%c%c%c%c%c%c%c%c%c%c"
           "%c%c%c%c%c%c%c%c%c%c%c%c%c%c%c%c%c%c%c%c\n",
           c, i, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c,
           c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c);
}

static noos_sem_t printed = NOOS_SEM_INIT(0);

static void waiter(void *arg) {
  (void)arg;
  printf("partial: half a line, ");
  noos_sem_wait(&printed, NOOS_FOREVER);
  printf("then the rest\n");
}

static void other(void *arg) {
  (void)arg;
  printf("partial: the other thread's line\n");
  noos_sem_post(&printed);
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "partial")) {
    noos_thread_t *w = noos_thread_create(waiter, 0, 1024, 9, "waiter");
    noos_thread_t *o = noos_thread_create(other, 0, 1024, 8, "other");
    noos_thread_join(w);
    noos_thread_join(o);
    printf("partial: done\n");
    return 0;
  }
  if (argc > 1)
    lines = atoi(argv[1]);
  noos_thread_set_time_slice(1000000); /* 1 ms */
  noos_thread_t *t[3];
  for (int i = 0; i < 3; ++i)
    t[i] = noos_thread_create(printer, (void *)(uintptr_t)('a' + i), 1024,
                              NOOS_PRIO_DEFAULT, "printer");
  for (int i = 0; i < 3; ++i)
    noos_thread_join(t[i]);
  printf("printers: done\n");
  return 0;
}
