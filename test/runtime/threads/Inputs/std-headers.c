/* The standard thread headers alone and together, as C (c11, c17, c23)
 * and C++: every declaration visible without feature macros, the static
 * initialisers at file scope, no warnings with -Wall -Wextra -Wpedantic. */
#if defined(SCHED_ONLY)
#include <sched.h>
int main(void) {
  struct sched_param p = {sched_get_priority_max(SCHED_FIFO)};
  return sched_yield() + (p.sched_priority - sched_get_priority_min(SCHED_RR)) * 0;
}
#else
#include <pthread.h>
#include <semaphore.h>
#include <threads.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static pthread_once_t o = PTHREAD_ONCE_INIT;
static once_flag f = ONCE_FLAG_INIT;
static void nothing(void) {}

int main(void) {
  pthread_once(&o, nothing);
  call_once(&f, nothing);
  pthread_mutex_lock(&m);
  pthread_cond_signal(&c);
  pthread_mutex_unlock(&m);
  sem_t s;
  sem_init(&s, 0, 1);
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return sem_trywait(&s) + sched_yield() + (CLOCK_MONOTONIC != CLOCK_REALTIME) - 1;
}
#endif
