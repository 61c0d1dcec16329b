/* Uses a thread: on a target whose runtime has no threads yet, the link
 * must fail, saying so. */
#include <noos/thread.h>
#include <stdio.h>

static void run(void *arg) { (void)arg; }

int main(void) {
  noos_thread_t *t = noos_thread_create(run, 0, 0, 0, "worker");
  printf("created %p\n", (void *)t);
  return noos_thread_join(t);
}
