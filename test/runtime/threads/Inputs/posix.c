// POSIX threads and semaphores as a portable program uses them (only
// standard headers), one scenario per argument; each prints "<name>: ok"
// or what went wrong, and the status is the number of failures.
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__ARM_ARCH_6M__)
#define SMALL 1 /* the micro:bit: 16 KiB of RAM */
#endif

static int failures;
#define CHECK(cond, ...)                                                      \
  do {                                                                       \
    if (!(cond)) {                                                           \
      ++failures;                                                            \
      printf("FAIL line %d: %s: ", __LINE__, #cond);                         \
      printf(__VA_ARGS__);                                                   \
      printf("\n");                                                          \
    }                                                                        \
  } while (0)

/* --- Time: clock_gettime where the C library has it ----------------------- */

/* On noos CLOCK_MONOTONIC is noos_nanotime(); without clock_gettime in
 * the program, CLOCK_REALTIME is the same clock. */
extern int clock_gettime(clockid_t, struct timespec *) __attribute__((weak));
extern uint64_t noos_nanotime(void);

static int64_t now_ns(clockid_t clock) {
  struct timespec ts;
  if (clock_gettime && clock_gettime(clock, &ts) == 0)
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
  return (int64_t)noos_nanotime();
}

static struct timespec in_ms(clockid_t clock, int64_t ms) {
  int64_t t = now_ns(clock) + ms * 1000000;
  struct timespec ts = {(time_t)(t / 1000000000), (long)(t % 1000000000)};
  return ts;
}

/* Sleeps with only POSIX calls: a semaphore nobody posts. */
static void nap(int ms) {
  sem_t s;
  sem_init(&s, 0, 0);
  struct timespec at = in_ms(CLOCK_REALTIME, ms);
  int r = sem_timedwait(&s, &at);
  CHECK(r == -1 && errno == ETIMEDOUT, "nap: %d errno %d", r, errno);
  sem_destroy(&s);
}

static size_t heap_in_use(void) { return mallinfo().uordblks; }

static int my_priority(void) {
  int policy;
  struct sched_param p;
  pthread_getschedparam(pthread_self(), &policy, &p);
  return p.sched_priority;
}

static void set_my_priority(int prio) {
  struct sched_param p = {.sched_priority = prio};
  int r = pthread_setschedparam(pthread_self(), SCHED_FIFO, &p);
  CHECK(r == 0, "setschedparam %d", r);
}

static int create_at(pthread_t *t, int prio, size_t stack,
                     void *(*fn)(void *), void *arg) {
  pthread_attr_t a;
  pthread_attr_init(&a);
  struct sched_param p = {.sched_priority = prio};
  pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED);
  pthread_attr_setschedpolicy(&a, SCHED_RR);
  pthread_attr_setschedparam(&a, &p);
  if (stack)
    pthread_attr_setstacksize(&a, stack);
  int r = pthread_create(t, &a, fn, arg);
  pthread_attr_destroy(&a);
  return r;
}

/* --- create, join, self, exit, attributes -------------------------------- */

static pthread_t seen_self;
static int seen_prio;

static void *child(void *arg) {
  seen_self = pthread_self();
  seen_prio = my_priority();
  return (char *)arg + 1;
}

static void *exiter(void *arg) {
  (void)arg;
  pthread_exit((void *)(intptr_t)1234);
}

static sem_t parked;
static volatile int parked_ran;
static void *park(void *arg) {
  (void)arg;
  sem_wait(&parked);
  parked_ran = 1;
  return NULL;
}

static volatile int trace[16], ntrace;
static void *yielder(void *arg) {
  int id = (int)(intptr_t)arg;
  for (int i = 0; i < 3; ++i) {
    trace[ntrace++] = id * 10 + i;
    sched_yield();
  }
  return NULL;
}

static void create(void) {
  static char buf[4];
  pthread_t t;
  void *res = NULL;
  /* Default attributes: the creator's priority. */
  CHECK(pthread_create(&t, NULL, child, buf) == 0, "create");
  CHECK(pthread_join(t, &res) == 0, "join");
  CHECK(res == buf + 1, "result %p", res);
  CHECK(pthread_equal(seen_self, t) && !pthread_equal(seen_self, pthread_self()),
        "self");
  CHECK(seen_prio == my_priority(), "inherited priority %d", seen_prio);

  /* Explicit priority above main's: it has run by the time create returns. */
  seen_prio = 0;
  CHECK(create_at(&t, 20, 512, child, buf) == 0, "create at 20");
  CHECK(seen_prio == 20, "ran at %d before create returned", seen_prio);
  pthread_join(t, NULL);
  /* A live thread's parameters, and a change to them. */
  sem_init(&parked, 0, 0);
  CHECK(create_at(&t, 20, 512, park, NULL) == 0, "create parked");
  int policy;
  struct sched_param sp;
  CHECK(pthread_getschedparam(t, &policy, &sp) == 0 && policy == SCHED_RR &&
            sp.sched_priority == 20,
        "getschedparam %d %d", policy, sp.sched_priority);
  sp.sched_priority = 3;
  CHECK(pthread_setschedparam(t, SCHED_FIFO, &sp) == 0, "setschedparam");
  sp.sched_priority = 0;
  CHECK(pthread_getschedparam(t, &policy, &sp) == 0 && policy == SCHED_FIFO &&
            sp.sched_priority == 3,
        "getschedparam %d %d", policy, sp.sched_priority);
  sem_post(&parked);
  CHECK(!parked_ran, "parked thread at 3 ran before main (8) blocked");
  pthread_join(t, NULL);
  CHECK(parked_ran, "parked thread");

  CHECK(pthread_create(&t, NULL, exiter, NULL) == 0, "create exiter");
  CHECK(pthread_join(t, &res) == 0 && res == (void *)(intptr_t)1234,
        "pthread_exit's result %p", res);

  /* sched_yield takes turns among equal priorities. */
  pthread_t a, b;
  pthread_create(&a, NULL, yielder, (void *)1);
  pthread_create(&b, NULL, yielder, (void *)2);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  static const int want[] = {10, 20, 11, 21, 12, 22};
  int same = ntrace == 6;
  for (int i = 0; same && i < 6; ++i)
    same = trace[i] == want[i];
  CHECK(same, "yield order %d %d %d %d %d %d", trace[0], trace[1], trace[2],
        trace[3], trace[4], trace[5]);

  /* Errors. */
  CHECK(pthread_join(pthread_self(), NULL) == EDEADLK, "join self");
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  size_t size = 0;
  int state = -1, inherit = -1;
  pthread_attr_getstacksize(&attr, &size);
  pthread_attr_getdetachstate(&attr, &state);
  pthread_attr_getinheritsched(&attr, &inherit);
  CHECK(size >= PTHREAD_STACK_MIN && state == PTHREAD_CREATE_JOINABLE &&
            inherit == PTHREAD_INHERIT_SCHED,
        "defaults %u %d %d", (unsigned)size, state, inherit);
  CHECK(pthread_attr_setstacksize(&attr, PTHREAD_STACK_MIN - 1) == EINVAL,
        "small stack");
  sp.sched_priority = sched_get_priority_max(SCHED_FIFO) + 1;
  CHECK(pthread_attr_setschedparam(&attr, &sp) == EINVAL, "priority too high");
  CHECK(pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp) == EINVAL,
        "setschedparam too high");
  CHECK(pthread_attr_setdetachstate(&attr, 7) == EINVAL, "detach state");
  CHECK(sched_get_priority_min(SCHED_RR) == 1 &&
            sched_get_priority_max(SCHED_RR) == 31 &&
            sched_get_priority_min(SCHED_OTHER) == 1,
        "priority range %d..%d", sched_get_priority_min(SCHED_RR),
        sched_get_priority_max(SCHED_RR));
  errno = 0;
  CHECK(sched_get_priority_max(99) == -1 && errno == EINVAL, "bad policy");
  /* A stack the heap cannot hold. */
  pthread_attr_setstacksize(&attr, (size_t)1 << 30);
  CHECK(pthread_create(&t, &attr, child, NULL) == EAGAIN, "huge stack");
  pthread_attr_destroy(&attr);
  printf("create: ok\n");
}

/* --- A producer and consumers on a condition variable ------------------- */

#define SLOTS 4
static pthread_mutex_t pc_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t not_full = PTHREAD_COND_INITIALIZER;
static pthread_cond_t not_empty = PTHREAD_COND_INITIALIZER;
static int ring[SLOTS], head, count, done;
static long consumed[3];

static void *producer(void *arg) {
  int n = (int)(intptr_t)arg;
  for (int i = 1; i <= n; ++i) {
    pthread_mutex_lock(&pc_lock);
    while (count == SLOTS)
      pthread_cond_wait(&not_full, &pc_lock);
    ring[(head + count++) % SLOTS] = i;
    pthread_cond_signal(&not_empty);
    pthread_mutex_unlock(&pc_lock);
  }
  pthread_mutex_lock(&pc_lock);
  done = 1;
  pthread_cond_broadcast(&not_empty);
  pthread_mutex_unlock(&pc_lock);
  return NULL;
}

static void *consumer(void *arg) {
  long *sum = arg;
  pthread_mutex_lock(&pc_lock);
  for (;;) {
    while (!count && !done)
      pthread_cond_wait(&not_empty, &pc_lock);
    if (!count)
      break;
    *sum += ring[head];
    head = (head + 1) % SLOTS;
    --count;
    pthread_cond_signal(&not_full);
  }
  pthread_mutex_unlock(&pc_lock);
  return NULL;
}

static void condvar(void) {
  enum { N = 500 };
  pthread_t p, c[3];
  /* Consumers above, at and below the producer's priority. */
  for (int i = 0; i < 3; ++i)
    CHECK(create_at(&c[i], 9 + i, 512, consumer, &consumed[i]) == 0, "consumer");
  CHECK(create_at(&p, 10, 512, producer, (void *)(intptr_t)N) == 0, "producer");
  pthread_join(p, NULL);
  for (int i = 0; i < 3; ++i)
    pthread_join(c[i], NULL);
  long total = consumed[0] + consumed[1] + consumed[2];
  CHECK(total == (long)N * (N + 1) / 2, "consumed %ld", total);
  CHECK(!count && pthread_mutex_destroy(&pc_lock) == 0 &&
            pthread_cond_destroy(&not_full) == 0,
        "left over");
  printf("condvar: ok\n");
}

/* --- Mutex types ------------------------------------------------------------- */

static pthread_mutex_t shared_m;
static void *try_other(void *arg) {
  int *r = arg;
  r[0] = pthread_mutex_trylock(&shared_m);
  r[1] = pthread_mutex_unlock(&shared_m);
  return NULL;
}

static void run_other(int *r) {
  pthread_t t;
  pthread_create(&t, NULL, try_other, r);
  pthread_join(t, NULL);
}

static void recursive(void) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
  int type = -1;
  pthread_mutexattr_gettype(&a, &type);
  CHECK(type == PTHREAD_MUTEX_RECURSIVE, "type %d", type);
  pthread_mutex_init(&shared_m, &a);
  pthread_mutexattr_destroy(&a);
  CHECK(pthread_mutex_lock(&shared_m) == 0, "lock 1");
  CHECK(pthread_mutex_lock(&shared_m) == 0, "lock 2");
  CHECK(pthread_mutex_trylock(&shared_m) == 0, "trylock 3");
  int r[2];
  run_other(r);
  CHECK(r[0] == EBUSY && r[1] == EPERM, "other thread: trylock %d unlock %d",
        r[0], r[1]);
  CHECK(pthread_mutex_unlock(&shared_m) == 0, "unlock 3");
  CHECK(pthread_mutex_unlock(&shared_m) == 0, "unlock 2");
  run_other(r);
  CHECK(r[0] == EBUSY, "still held once: %d", r[0]);
  CHECK(pthread_mutex_destroy(&shared_m) == EBUSY, "destroy held");
  CHECK(pthread_mutex_unlock(&shared_m) == 0, "unlock 1");
  CHECK(pthread_mutex_unlock(&shared_m) == EPERM, "unlock once too often");
  run_other(r);
  CHECK(r[0] == 0 && r[1] == 0, "free: trylock %d unlock %d", r[0], r[1]);
  CHECK(pthread_mutex_destroy(&shared_m) == 0, "destroy");
  printf("recursive: ok\n");
}

static void errorcheck(void) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  CHECK(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK) == 0, "settype");
  CHECK(pthread_mutexattr_settype(&a, 42) == EINVAL, "bad type");
  pthread_mutex_init(&shared_m, &a);
  CHECK(pthread_mutex_unlock(&shared_m) == EPERM, "unlock unlocked");
  CHECK(pthread_mutex_lock(&shared_m) == 0, "lock");
  CHECK(pthread_mutex_lock(&shared_m) == EDEADLK, "relock");
  CHECK(pthread_mutex_trylock(&shared_m) == EBUSY, "trylock own");
  int r[2];
  run_other(r);
  CHECK(r[0] == EBUSY && r[1] == EPERM, "other thread: trylock %d unlock %d",
        r[0], r[1]);
  pthread_cond_t c = PTHREAD_COND_INITIALIZER;
  CHECK(pthread_mutex_unlock(&shared_m) == 0, "unlock");
  CHECK(pthread_cond_wait(&c, &shared_m) == EPERM, "cond wait, not owner");
  /* The default (normal) type from the static initialiser: noos reports
   * a relock rather than hanging in it. */
  pthread_mutex_t n = PTHREAD_MUTEX_INITIALIZER;
  CHECK(pthread_mutex_lock(&n) == 0 && pthread_mutex_lock(&n) == EDEADLK &&
            pthread_mutex_unlock(&n) == 0,
        "normal relock");
  CHECK(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_PROTECT) == ENOTSUP,
        "PRIO_PROTECT");
  printf("errorcheck: ok\n");
}

/* --- Priority inheritance ---------------------------------------------------- */

/* L (priority 4) holds a PTHREAD_PRIO_INHERIT mutex that H (12) wants;
 * M (8) is busy meanwhile. With inheritance L runs at 12 until it
 * unlocks, so H gets the mutex before M finishes; without it M would
 * run first, and H would wait for M (priority inversion). */
static pthread_mutex_t pi_m;
static sem_t pi_locked;
static volatile char events[8];
static volatile int nevents;
static volatile int l_prio_while_held;

static void event(char c) { events[nevents++] = c; }

static void spin(long n) {
  for (volatile long i = 0; i < n; ++i)
    ;
}

static void *low(void *arg) {
  (void)arg;
  pthread_mutex_lock(&pi_m);
  sem_post(&pi_locked);
  spin(200000);
  /* The base priority: inheritance lends, it does not set. */
  l_prio_while_held = my_priority();
  event('L');
  pthread_mutex_unlock(&pi_m);
  return NULL;
}

static void *medium(void *arg) {
  (void)arg;
  spin(400000);
  event('M');
  return NULL;
}

static void *high(void *arg) {
  (void)arg;
  pthread_mutex_lock(&pi_m);
  event('H');
  pthread_mutex_unlock(&pi_m);
  return NULL;
}

static void inherit(void) {
  pthread_mutexattr_t a;
  pthread_mutexattr_init(&a);
  CHECK(pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT) == 0, "protocol");
  int protocol = -1;
  pthread_mutexattr_getprotocol(&a, &protocol);
  CHECK(protocol == PTHREAD_PRIO_INHERIT, "getprotocol %d", protocol);
  pthread_mutex_init(&pi_m, &a);
  sem_init(&pi_locked, 0, 0);
  set_my_priority(30);
  pthread_t l, m, h;
  create_at(&l, 4, 512, low, NULL);
  sem_wait(&pi_locked); /* L holds the mutex */
  create_at(&m, 8, 512, medium, NULL);
  create_at(&h, 12, 512, high, NULL);
  pthread_join(h, NULL);
  pthread_join(m, NULL);
  pthread_join(l, NULL);
  set_my_priority(8);
  CHECK(nevents == 3 && events[0] == 'L' && events[1] == 'H' && events[2] == 'M',
        "order %.*s (L H M with inheritance)", nevents, (const char *)events);
  CHECK(l_prio_while_held == 4, "L's base priority %d", l_prio_while_held);
  printf("inherit: ok\n");
}

/* --- Timed waits ------------------------------------------------------------- */

static sem_t hold_go, hold_done;
static void *holder(void *arg) {
  pthread_mutex_t *m = arg;
  pthread_mutex_lock(m);
  sem_post(&hold_go);
  sem_wait(&hold_done);
  pthread_mutex_unlock(m);
  return NULL;
}

/* Elapsed time at least what was asked, and not much more. */
static void check_elapsed(const char *what, int64_t t0, int64_t ms) {
  int64_t us = (now_ns(CLOCK_MONOTONIC) - t0) / 1000;
  CHECK(us >= ms * 1000 && us < ms * 1000 + 2000, "%s: waited %ld us for %ld ms",
        what, (long)us, (long)ms);
}

static void timed(void) {
  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  pthread_t t;
  sem_init(&hold_go, 0, 0);
  sem_init(&hold_done, 0, 0);
  pthread_create(&t, NULL, holder, &m);
  sem_wait(&hold_go);
  int64_t t0 = now_ns(CLOCK_MONOTONIC);
  struct timespec at = in_ms(CLOCK_REALTIME, 20);
  CHECK(pthread_mutex_timedlock(&m, &at) == ETIMEDOUT, "timedlock");
  check_elapsed("timedlock", t0, 20);
  at.tv_nsec = 1000000000;
  CHECK(pthread_mutex_timedlock(&m, &at) == EINVAL, "bad timespec");
  at.tv_sec = 0, at.tv_nsec = 0;
  CHECK(pthread_mutex_timedlock(&m, &at) == ETIMEDOUT, "past");
  sem_post(&hold_done);
  pthread_join(t, NULL);
  /* Free: a past deadline still locks it. */
  CHECK(pthread_mutex_timedlock(&m, &at) == 0, "free, past deadline");

  /* Condition variables on either clock. */
  pthread_cond_t real = PTHREAD_COND_INITIALIZER, mono;
  pthread_condattr_t ca;
  pthread_condattr_init(&ca);
  clockid_t clock = -1;
  pthread_condattr_getclock(&ca, &clock);
  CHECK(clock == CLOCK_REALTIME, "default clock %d", (int)clock);
  CHECK(pthread_condattr_setclock(&ca, CLOCK_MONOTONIC) == 0, "setclock");
  CHECK(pthread_condattr_setclock(&ca, (clockid_t)99) == EINVAL, "bad clock");
  pthread_condattr_getclock(&ca, &clock);
  CHECK(clock == CLOCK_MONOTONIC, "clock %d", (int)clock);
  pthread_cond_init(&mono, &ca);
  pthread_condattr_destroy(&ca);
  t0 = now_ns(CLOCK_MONOTONIC);
  at = in_ms(CLOCK_REALTIME, 15);
  CHECK(pthread_cond_timedwait(&real, &m, &at) == ETIMEDOUT, "realtime cond");
  check_elapsed("realtime cond", t0, 15);
  t0 = now_ns(CLOCK_MONOTONIC);
  at = in_ms(CLOCK_MONOTONIC, 25);
  CHECK(pthread_cond_timedwait(&mono, &m, &at) == ETIMEDOUT, "monotonic cond");
  check_elapsed("monotonic cond", t0, 25);
  /* The mutex is held again after a timeout. */
  int r = pthread_mutex_trylock(&m);
  CHECK(r == EBUSY, "not held after the timeouts: trylock %d", r);
  CHECK(pthread_mutex_unlock(&m) == 0, "unlock");

  sem_t s;
  sem_init(&s, 0, 0);
  t0 = now_ns(CLOCK_MONOTONIC);
  at = in_ms(CLOCK_REALTIME, 10);
  CHECK(sem_timedwait(&s, &at) == -1 && errno == ETIMEDOUT, "sem_timedwait");
  check_elapsed("sem_timedwait", t0, 10);
  CHECK(sem_trywait(&s) == -1 && errno == EAGAIN, "sem_trywait");
  sem_post(&s);
  at.tv_sec = 0, at.tv_nsec = 0;
  CHECK(sem_timedwait(&s, &at) == 0, "posted, past deadline");
  printf("timed: ok\n");
}

/* --- Semaphores ---------------------------------------------------------------- */

static sem_t items;
static volatile int taken;
static void *taker(void *arg) {
  int n = (int)(intptr_t)arg;
  for (int i = 0; i < n; ++i) {
    sem_wait(&items);
    ++taken;
  }
  return NULL;
}

static void semaphores(void) {
  CHECK(sem_init(&items, 0, 2) == 0, "init");
  int v = -1;
  sem_getvalue(&items, &v);
  CHECK(v == 2, "value %d", v);
  pthread_t t;
  create_at(&t, 12, 512, taker, (void *)5);
  CHECK(taken == 2, "took %d of the first 2", taken);
  for (int i = 0; i < 3; ++i)
    sem_post(&items);
  pthread_join(t, NULL);
  CHECK(taken == 5, "took %d", taken);
  sem_getvalue(&items, &v);
  CHECK(v == 0 && sem_destroy(&items) == 0, "value %d", v);
  errno = 0;
  CHECK(sem_init(&items, 0, (unsigned)SEM_VALUE_MAX + 1) == -1 && errno == EINVAL,
        "too large");
  sem_init(&items, 0, SEM_VALUE_MAX);
  CHECK(sem_post(&items) == -1 && errno == EOVERFLOW, "overflow");
  printf("sem: ok\n");
}

/* --- Semaphores from an interrupt handler ------------------------------------ */

/* Built with -DSWI_IRQ=<n> -DSWI_HANDLER=<its handler>: an interrupt no
 * device of the board drives, pended by software (NVIC_ISPR, or with
 * -DGICD_SGIR=<address> a GIC's software-generated interrupt). The
 * handler posts (and once tries to take) POSIX semaphores. */
#if defined(SWI_IRQ)
#include <noos/thread.h>

static sem_t irq_sem, irq_tokens;
static volatile int fired, took;

void SWI_HANDLER(void) {
  ++fired;
  if (sem_trywait(&irq_tokens) == 0)
    ++took;
  sem_post(&irq_sem);
}

#if defined(GICD_SGIR)
/* A GIC: SWI_IRQ is a software-generated interrupt (0-15), sent to this
 * core (TargetListFilter 2). */
static void pend(int irq) {
  __asm__ volatile("dsb sy" ::: "memory");
  *(volatile uint32_t *)GICD_SGIR = 2u << 24 | (uint32_t)irq;
  __asm__ volatile("isb" ::: "memory");
}
#else
static void pend(int irq) {
  volatile uint32_t *ispr = (volatile uint32_t *)0xE000E200u;
  ispr[irq / 32] = 1u << (irq % 32);
  __asm__ volatile("dsb\n\tisb" ::: "memory");
}
#endif

static void *irq_waiter(void *arg) {
  int *got = arg;
  for (int i = 0; i < 10; ++i) {
    struct timespec at = in_ms(CLOCK_REALTIME, 100);
    if (sem_timedwait(&irq_sem, &at) == 0)
      ++*got;
  }
  return NULL;
}

static void irq(void) {
  sem_init(&irq_sem, 0, 0);
  sem_init(&irq_tokens, 0, 3);
  noos_irq_set_priority(SWI_IRQ, 1);
  noos_irq_enable(SWI_IRQ);
  int got = 0;
  pthread_t t;
  create_at(&t, 12, 512, irq_waiter, &got);
  for (int i = 0; i < 10; ++i) {
    nap(1);
    pend(SWI_IRQ);
  }
  pthread_join(t, NULL);
  noos_irq_disable(SWI_IRQ);
  int left = -1;
  sem_getvalue(&irq_tokens, &left);
  CHECK(fired == 10 && got == 10, "fired %d, woke %d", fired, got);
  CHECK(took == 3 && left == 0, "took %d tokens, %d left", took, left);
  printf("irq: ok\n");
}

/* A thread made with noos_thread_create: it gets a handle at its first
 * pthread call and uses mutexes and keys, but pthread_join and
 * pthread_detach refuse it (noos_thread_join joins it). */
static pthread_t native_self;
static int native_same, native_key_ok;
static pthread_mutex_t native_m = PTHREAD_MUTEX_INITIALIZER;
static void native_thread(void *arg) {
  pthread_key_t *k = arg;
  native_self = pthread_self();
  native_same = pthread_equal(native_self, pthread_self()) &&
                !pthread_equal(native_self, (pthread_t)0);
  static int v;
  native_key_ok = pthread_getspecific(*k) == NULL &&
                  pthread_setspecific(*k, &v) == 0 &&
                  pthread_getspecific(*k) == &v;
  pthread_mutex_lock(&native_m);
  sem_wait(&parked); /* until main has seen it hold the mutex */
  pthread_mutex_unlock(&native_m);
}

static void native(void) {
  pthread_key_t k;
  pthread_key_create(&k, NULL);
  sem_init(&parked, 0, 0);
  noos_thread_t *t = noos_thread_create(native_thread, &k, 0, 12, "native");
  CHECK(native_same && native_key_ok, "handle %d, key %d", native_same,
        native_key_ok);
  CHECK(pthread_mutex_trylock(&native_m) == EBUSY, "its mutex");
  CHECK(pthread_join(native_self, NULL) == EINVAL, "join");
  CHECK(pthread_detach(native_self) == EINVAL, "detach");
  sem_post(&parked);
  CHECK(noos_thread_join(t) == NOOS_OK, "noos_thread_join");
  CHECK(pthread_mutex_trylock(&native_m) == 0, "released");
  pthread_key_delete(k);
  printf("native: ok\n");
}
#endif

/* --- Keys -------------------------------------------------------------------- */

static pthread_key_t key_a, key_b;
static volatile int destroyed_a, destroyed_b, again;
static void dtor_a(void *v) {
  destroyed_a += *(int *)v;
  free(v);
}
/* Sets a value again once: the destructors run a second round. */
static void dtor_b(void *v) {
  ++destroyed_b;
  if (!again++)
    pthread_setspecific(key_b, v);
}

static void *key_user(void *arg) {
  CHECK(pthread_getspecific(key_a) == NULL, "fresh thread sees a value");
  int *v = malloc(sizeof(int));
  *v = (int)(intptr_t)arg;
  pthread_setspecific(key_a, v);
  pthread_setspecific(key_b, (void *)&destroyed_b);
  CHECK(pthread_getspecific(key_a) == v, "get");
  if (*v == 100)
    pthread_exit(NULL); /* destructors run on this path too */
  return NULL;
}

static void keys(void) {
  size_t before = heap_in_use();
  CHECK(pthread_key_create(&key_a, dtor_a) == 0, "create a");
  CHECK(pthread_key_create(&key_b, dtor_b) == 0, "create b");
  CHECK(key_a != key_b, "distinct");
  static int mine = 7;
  pthread_setspecific(key_a, &mine);
  pthread_t t[3];
  pthread_create(&t[0], NULL, key_user, (void *)1);
  pthread_create(&t[1], NULL, key_user, (void *)10);
  pthread_create(&t[2], NULL, key_user, (void *)100);
  for (int i = 0; i < 3; ++i)
    pthread_join(t[i], NULL);
  CHECK(destroyed_a == 111, "destroyed %d", destroyed_a);
  CHECK(destroyed_b == 4, "b destroyed %d times (a second round once)", destroyed_b);
  CHECK(pthread_getspecific(key_a) == &mine, "main's value");
  /* A deleted key's slot, reused: no old value shows through. */
  CHECK(pthread_key_delete(key_a) == 0, "delete");
  CHECK(pthread_key_delete(key_a) == EINVAL, "delete twice");
  CHECK(pthread_setspecific(key_a, &mine) == EINVAL, "set deleted");
  pthread_key_t k;
  CHECK(pthread_key_create(&k, NULL) == 0 && pthread_getspecific(k) == NULL,
        "reused slot shows an old value");
  pthread_key_delete(k);
  pthread_key_delete(key_b);
  /* Every key: PTHREAD_KEYS_MAX, then EAGAIN. */
  pthread_key_t all[PTHREAD_KEYS_MAX];
  int n = 0;
  while (n < PTHREAD_KEYS_MAX && pthread_key_create(&all[n], NULL) == 0)
    ++n;
  CHECK(n == PTHREAD_KEYS_MAX && pthread_key_create(&k, NULL) == EAGAIN,
        "%d keys", n);
  while (n)
    pthread_key_delete(all[--n]);
  /* main's value array stays (main has not ended): pointers. */
  CHECK(heap_in_use() <= before + 64 * sizeof(void *), "heap in use %u before, %u after",
        (unsigned)before, (unsigned)heap_in_use());
  printf("keys: ok\n");
}

/* --- Once -------------------------------------------------------------------- */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static volatile int init_runs, init_done;
static volatile int saw_done[4];
static void init_routine(void) {
  ++init_runs;
  nap(10); /* the others arrive meanwhile */
  init_done = 1;
}

static void *once_user(void *arg) {
  int i = (int)(intptr_t)arg;
  pthread_once(&once, init_routine);
  saw_done[i] = init_done;
  return NULL;
}

static void once_(void) {
  pthread_t t[4];
  /* The first at the lowest priority: the others preempt it while it
   * runs the routine, and must wait. */
  for (int i = 0; i < 4; ++i)
    create_at(&t[i], 5 + 3 * i, 512, once_user, (void *)(intptr_t)i);
  for (int i = 0; i < 4; ++i)
    pthread_join(t[i], NULL);
  pthread_once(&once, init_routine);
  CHECK(init_runs == 1, "ran %d times", init_runs);
  CHECK(saw_done[0] && saw_done[1] && saw_done[2] && saw_done[3],
        "returned before the routine ended: %d %d %d %d", saw_done[0],
        saw_done[1], saw_done[2], saw_done[3]);
  printf("once: ok\n");
}

/* --- Detached threads are freed when they end ------------------------------ */

static sem_t finished;
static void *worker(void *arg) {
  char *p = malloc(100);
  if (p)
    memset(p, (int)(intptr_t)arg, 100);
  free(p);
  sem_post(&finished);
  return NULL;
}

#ifdef SMALL
#define NDETACH 6
#else
#define NDETACH 20
#endif

static void detach(void) {
  sem_init(&finished, 0, 0);
  pthread_attr_t a;
  pthread_attr_init(&a);
  pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&a, 512);
  int state = -1;
  pthread_attr_getdetachstate(&a, &state);
  CHECK(state == PTHREAD_CREATE_DETACHED, "detach state %d", state);
  /* The first detached thread to end makes the reaper, which stays
   * (from the smallest stack: the exit path fits in it). */
  pthread_t t;
  pthread_attr_setstacksize(&a, PTHREAD_STACK_MIN);
  CHECK(pthread_create(&t, &a, worker, NULL) == 0, "create");
  pthread_attr_setstacksize(&a, 512);
  sem_wait(&finished);
  nap(5);
  size_t before = heap_in_use();
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < NDETACH / 2; ++i) {
      CHECK(pthread_create(&t, &a, worker, (void *)(intptr_t)i) == 0, "create");
      /* Joinable, detached afterwards (it may have ended already). */
      CHECK(pthread_create(&t, NULL, worker, (void *)(intptr_t)i) == 0, "create");
      if (i & 1)
        nap(1);
      CHECK(pthread_detach(t) == 0, "detach");
    }
    for (int i = 0; i < NDETACH; ++i)
      sem_wait(&finished);
    nap(5);
    CHECK(heap_in_use() == before, "round %d: heap in use %u before, %u after",
          round, (unsigned)before, (unsigned)heap_in_use());
  }
  /* An ended, unjoined thread: detaching it frees it. */
  pthread_create(&t, NULL, worker, NULL);
  sem_wait(&finished);
  nap(5);
  CHECK(heap_in_use() > before, "the ended thread is still there");
  CHECK(pthread_detach(t) == 0, "detach the ended thread");
  CHECK(heap_in_use() == before, "heap in use %u before, %u after",
        (unsigned)before, (unsigned)heap_in_use());
  pthread_attr_destroy(&a);
  printf("detach: ok\n");
}

/* --- The process ends when its last thread does ------------------------------ */

static void *last_one(void *arg) {
  (void)arg;
  nap(10);
  printf("lastexit: the last thread ends\n");
  return NULL;
}

static void lastexit(void) {
  pthread_attr_t a;
  pthread_attr_init(&a);
  pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
  pthread_t t;
  pthread_create(&t, &a, worker, NULL); /* makes the reaper */
  pthread_create(&t, &a, last_one, NULL);
  printf("lastexit: main exits\n");
  pthread_exit(NULL);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "create"))
      create();
    else if (!strcmp(a, "condvar"))
      condvar();
    else if (!strcmp(a, "recursive"))
      recursive();
    else if (!strcmp(a, "errorcheck"))
      errorcheck();
    else if (!strcmp(a, "inherit"))
      inherit();
    else if (!strcmp(a, "timed"))
      timed();
    else if (!strcmp(a, "sem"))
      semaphores();
    else if (!strcmp(a, "keys"))
      keys();
    else if (!strcmp(a, "once"))
      once_();
    else if (!strcmp(a, "detach"))
      detach();
    else if (!strcmp(a, "lastexit"))
      lastexit();
#if defined(SWI_IRQ)
    else if (!strcmp(a, "irq"))
      irq();
    else if (!strcmp(a, "native"))
      native();
#endif
    else {
      printf("unknown: %s\n", a);
      ++failures;
    }
  }
  return failures;
}
