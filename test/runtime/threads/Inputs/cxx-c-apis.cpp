// C++ calling the C thread APIs (noos_thread_create, pthread_create,
// thrd_create), which are macros in C++ too: each argument is evaluated
// exactly once (once() counts), the threads run, and a stack size of 0
// takes the need noos-ld wrote into the call's record (the thread's
// stack is far smaller than NOOS_STACK_DEFAULT).
#include <noos/thread.h>
#include <pthread.h>
#include <stdio.h>
#include <threads.h>

static int evals;
template <class T> static T once(T V) {
  ++evals;
  return V;
}

static volatile int ran;
static void task(void *P) { ran = ran + (int)(long)P; }
static void *ptask(void *P) {
  ran = ran + (int)(long)P;
  return nullptr;
}
static int ctask(void *P) {
  ran = ran + (int)(long)P;
  return 0;
}

int main() {
  size_t Stack = 512;
  noos_thread_t *T = noos_thread_create(once(task), once((void *)1),
                                        once(Stack++), once(9), once("nt"));
  noos_thread_join(T);
  pthread_t P;
  pthread_create(once(&P), once((const pthread_attr_t *)nullptr),
                 once(ptask), once((void *)2));
  pthread_join(P, nullptr);
  thrd_t C;
  thrd_create(once(&C), once(ctask), once((void *)4));
  int R;
  thrd_join(C, &R);
  int ok = evals == 12 && ran == 7 && Stack == 513;
  printf("once: %d evaluations (12), threads ran %d (7): %s\n", evals,
         (int)ran, ok ? "ok" : "FAILED");

  // An automatic stack: measured before the join, while it is still there.
  ran = 0;
  T = noos_thread_create(task, (void *)8, 0, 9, "auto");
  while (!ran)
    noos_thread_yield();
  noos_sleep_for(1000000);
  size_t Unused = noos_thread_stack_unused(T);
  noos_thread_join(T);
  int ok2 = Unused > 0 && Unused < NOOS_STACK_DEFAULT / 2;
  printf("auto: unused %u of the need's stack (default %u): %s\n",
         (unsigned)Unused, (unsigned)NOOS_STACK_DEFAULT,
         ok2 ? "ok" : "FAILED");
  return !(ok && ok2);
}
