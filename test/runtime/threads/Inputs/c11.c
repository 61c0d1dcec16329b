// C11 <threads.h> as a strictly conforming program uses it (built with
// -std=c11 -pedantic), one scenario per argument; each prints
// "<name>: ok" or what went wrong, and the status is the number of
// failures.
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>
#include <time.h>

#if defined(__ARM_ARCH_6M__)
#define SMALL 1 /* the micro:bit: 16 KiB of RAM, 1 KiB a thread */
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

static long long now_ns(void) {
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  return (long long)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static struct timespec in_ms(long ms) {
  long long t = now_ns() + (long long)ms * 1000000;
  struct timespec ts;
  ts.tv_sec = (time_t)(t / 1000000000);
  ts.tv_nsec = (long)(t % 1000000000);
  return ts;
}

static void check_elapsed(const char *what, long long t0, long ms) {
  long us = (long)((now_ns() - t0) / 1000);
  CHECK(us >= ms * 1000 && us < ms * 1000 + 2000, "%s: %ld us for %ld ms", what,
        us, ms);
}

static size_t heap_in_use(void) { return mallinfo().uordblks; }

/* --- Threads ----------------------------------------------------------------- */

static thrd_t seen;
static int child(void *arg) {
  seen = thrd_current();
  return *(int *)arg * 2;
}

static int exiter(void *arg) {
  (void)arg;
  thrd_exit(77);
}

static volatile int trace[8], ntrace;
static int yielder(void *arg) {
  int id = *(int *)arg;
  for (int i = 0; i < 3; ++i) {
    trace[ntrace++] = id * 10 + i;
    thrd_yield();
  }
  return 0;
}

static void threads(void) {
  int in = 21, res = 0;
  thrd_t t;
  CHECK(thrd_create(&t, child, &in) == thrd_success, "create");
  CHECK(thrd_join(t, &res) == thrd_success && res == 42, "join %d", res);
  CHECK(thrd_equal(seen, t) && !thrd_equal(seen, thrd_current()), "current");
  CHECK(thrd_create(&t, exiter, NULL) == thrd_success, "create");
  CHECK(thrd_join(t, &res) == thrd_success && res == 77, "thrd_exit %d", res);
  CHECK(thrd_join(thrd_current(), NULL) == thrd_error, "join self");

  int one = 1, two = 2;
  thrd_t a, b;
  thrd_create(&a, yielder, &one);
  thrd_create(&b, yielder, &two);
  thrd_join(a, NULL);
  thrd_join(b, NULL);
  static const int want[] = {10, 20, 11, 21, 12, 22};
  int same = ntrace == 6;
  for (int i = 0; same && i < 6; ++i)
    same = trace[i] == want[i];
  CHECK(same, "yield order %d %d %d %d %d %d", trace[0], trace[1], trace[2],
        trace[3], trace[4], trace[5]);

  long long t0 = now_ns();
  struct timespec d = {0, 15000000}, left = {1, 1};
  CHECK(thrd_sleep(&d, &left) == 0 && left.tv_sec == 0 && left.tv_nsec == 0,
        "sleep");
  check_elapsed("thrd_sleep", t0, 15);
  d.tv_nsec = -1;
  CHECK(thrd_sleep(&d, NULL) < -1, "bad duration");
  printf("threads: ok\n");
}

/* --- Producer and consumer --------------------------------------------------- */

#define SLOTS 3
static mtx_t lock;
static cnd_t not_full, not_empty;
static int ring[SLOTS], head, count, done;

static int producer(void *arg) {
  int n = *(int *)arg;
  for (int i = 1; i <= n; ++i) {
    mtx_lock(&lock);
    while (count == SLOTS)
      cnd_wait(&not_full, &lock);
    ring[(head + count++) % SLOTS] = i;
    cnd_signal(&not_empty);
    mtx_unlock(&lock);
  }
  mtx_lock(&lock);
  done = 1;
  cnd_broadcast(&not_empty);
  mtx_unlock(&lock);
  return 0;
}

static int consumer(void *arg) {
  long *sum = arg;
  mtx_lock(&lock);
  for (;;) {
    while (!count && !done)
      cnd_wait(&not_empty, &lock);
    if (!count)
      break;
    *sum += ring[head];
    head = (head + 1) % SLOTS;
    --count;
    cnd_signal(&not_full);
  }
  mtx_unlock(&lock);
  return 0;
}

static void condvar(void) {
  CHECK(mtx_init(&lock, mtx_plain) == thrd_success, "mtx_init");
  CHECK(cnd_init(&not_full) == thrd_success && cnd_init(&not_empty) == thrd_success,
        "cnd_init");
  int n = 300;
  long sums[2] = {0, 0};
  thrd_t p, c[2];
  thrd_create(&c[0], consumer, &sums[0]);
  thrd_create(&c[1], consumer, &sums[1]);
  thrd_create(&p, producer, &n);
  thrd_join(p, NULL);
  thrd_join(c[0], NULL);
  thrd_join(c[1], NULL);
  CHECK(sums[0] + sums[1] == 300L * 301 / 2, "sum %ld", sums[0] + sums[1]);

  /* A timed wait that times out, with the mutex held again after it. */
  long long t0 = now_ns();
  struct timespec at = in_ms(20);
  mtx_lock(&lock);
  CHECK(cnd_timedwait(&not_empty, &lock, &at) == thrd_timedout, "timedwait");
  check_elapsed("cnd_timedwait", t0, 20);
  CHECK(mtx_unlock(&lock) == thrd_success, "held after the timeout");
  cnd_destroy(&not_full);
  cnd_destroy(&not_empty);
  mtx_destroy(&lock);
  printf("condvar: ok\n");
}

/* --- Mutex kinds -------------------------------------------------------------- */

static mtx_t m;
static int other_try(void *arg) {
  (void)arg;
  return mtx_trylock(&m);
}

static int other(void) {
  thrd_t t;
  int r = -1;
  thrd_create(&t, other_try, NULL);
  thrd_join(t, &r);
  return r;
}

static int holder(void *arg) {
  mtx_lock(&m);
  thrd_sleep(&(struct timespec){0, 30000000}, NULL);
  mtx_unlock(&m);
  (void)arg;
  return 0;
}

static void mutexes(void) {
  CHECK(mtx_init(&m, mtx_plain | mtx_recursive) == thrd_success, "recursive");
  CHECK(mtx_lock(&m) == thrd_success && mtx_lock(&m) == thrd_success &&
            mtx_trylock(&m) == thrd_success,
        "relock");
  CHECK(other() == thrd_busy, "held");
  mtx_unlock(&m);
  mtx_unlock(&m);
  CHECK(other() == thrd_busy, "held once");
  mtx_unlock(&m);
  CHECK(mtx_unlock(&m) == thrd_error, "unlocked too often");
  CHECK(other() == thrd_success, "free"); /* (its thread ended holding it) */
  mtx_destroy(&m);

  CHECK(mtx_init(&m, mtx_plain) == thrd_success, "plain");
  CHECK(mtx_lock(&m) == thrd_success && mtx_lock(&m) == thrd_error,
        "plain relock");
  CHECK(mtx_trylock(&m) == thrd_busy, "plain trylock");
  mtx_unlock(&m);
  mtx_destroy(&m);
  CHECK(mtx_init(&m, 12345) == thrd_error, "bad type");

  CHECK(mtx_init(&m, mtx_timed) == thrd_success, "timed");
  thrd_t t;
  thrd_create(&t, holder, NULL);
  thrd_yield(); /* it locks and sleeps */
  long long t0 = now_ns();
  struct timespec at = in_ms(10);
  CHECK(mtx_timedlock(&m, &at) == thrd_timedout, "timedlock");
  check_elapsed("mtx_timedlock", t0, 10);
  at = in_ms(100);
  CHECK(mtx_timedlock(&m, &at) == thrd_success, "timedlock once released");
  check_elapsed("mtx_timedlock until the release", t0, 30);
  mtx_unlock(&m);
  thrd_join(t, NULL);
  mtx_destroy(&m);
  printf("mutex: ok\n");
}

/* --- tss ----------------------------------------------------------------------- */

static tss_t key;
static volatile int destroyed;
static void dtor(void *v) { destroyed += *(int *)v; }

static int tss_user(void *arg) {
  CHECK(tss_get(key) == NULL, "fresh value");
  CHECK(tss_set(key, arg) == thrd_success && tss_get(key) == arg, "set");
  if (*(int *)arg == 100)
    thrd_exit(0);
  return 0;
}

static void tss(void) {
  CHECK(tss_create(&key, dtor) == thrd_success, "create");
  static int v1 = 1, v10 = 10, v100 = 100;
  thrd_t t[3];
  thrd_create(&t[0], tss_user, &v1);
  thrd_create(&t[1], tss_user, &v10);
  thrd_create(&t[2], tss_user, &v100);
  for (int i = 0; i < 3; ++i)
    thrd_join(t[i], NULL);
  CHECK(destroyed == 111, "destructors %d", destroyed);
  tss_delete(key);
  CHECK(tss_set(key, &v1) == thrd_error, "deleted");
  printf("tss: ok\n");
}

/* --- call_once ------------------------------------------------------------------ */

static once_flag flag = ONCE_FLAG_INIT;
static volatile int runs, ready, saw[3];
static void init(void) {
  ++runs;
  thrd_sleep(&(struct timespec){0, 10000000}, NULL); /* the others arrive */
  ready = 1;
}

static int once_user(void *arg) {
  int i = *(int *)arg;
  call_once(&flag, init);
  saw[i] = ready;
  return 0;
}

static void once(void) {
  static int ids[3] = {0, 1, 2};
  thrd_t t[3];
  for (int i = 0; i < 3; ++i)
    thrd_create(&t[i], once_user, &ids[i]);
  for (int i = 0; i < 3; ++i)
    thrd_join(t[i], NULL);
  call_once(&flag, init);
  CHECK(runs == 1, "ran %d times", runs);
  CHECK(saw[0] && saw[1] && saw[2], "returned early");
  printf("once: ok\n");
}

/* --- Detached threads ------------------------------------------------------------- */

static volatile int ended;
static int worker(void *arg) {
  (void)arg;
  free(malloc(64));
  ++ended;
  return 0;
}

#ifdef SMALL
#define NDETACH 4
#else
#define NDETACH 12
#endif

static void detach(void) {
  thrd_t t;
  thrd_create(&t, worker, NULL); /* the first one ends: the reaper */
  thrd_detach(t);
  thrd_sleep(&(struct timespec){0, 5000000}, NULL);
  size_t before = heap_in_use();
  ended = 0;
  for (int i = 0; i < NDETACH; ++i) {
    CHECK(thrd_create(&t, worker, NULL) == thrd_success, "create");
    CHECK(thrd_detach(t) == thrd_success, "detach");
  }
  thrd_sleep(&(struct timespec){0, 20000000}, NULL);
  CHECK(ended == NDETACH, "ended %d", ended);
  CHECK(heap_in_use() == before, "heap in use %u before, %u after",
        (unsigned)before, (unsigned)heap_in_use());
  printf("detach: ok\n");
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "threads"))
      threads();
    else if (!strcmp(a, "condvar"))
      condvar();
    else if (!strcmp(a, "mutex"))
      mutexes();
    else if (!strcmp(a, "tss"))
      tss();
    else if (!strcmp(a, "once"))
      once();
    else if (!strcmp(a, "detach"))
      detach();
    else {
      printf("unknown: %s\n", a);
      ++failures;
    }
  }
  return failures;
}
