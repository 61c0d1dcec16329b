// Threads, the scheduler and synchronisation, one scenario per argument;
// each prints "<name>: ok" or what went wrong, and the status is the
// number of failures.
#include <errno.h>
#include <noos/noos.h>
#include <noos/thread.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

#define MS 1000000ull
#define US 1000ull


/* --- create, join, yield, names, the first frame ----------------------- */

static volatile int trace[32], ntrace;
static void record(int v) { trace[ntrace++] = v; }

static void yielder(void *arg) {
  int id = (int)(intptr_t)arg;
  for (int i = 0; i < 3; ++i) {
    record(id * 10 + i);
    noos_thread_yield();
  }
}

static volatile noos_thread_t *seen_self;
static volatile int seen_prio;
static void introspect(void *arg) {
  seen_self = noos_thread_self();
  seen_prio = noos_thread_priority(noos_thread_self());
  *(int *)arg = 42; /* and return: LR is the exit path */
}

/* White box: the saved context of a thread that has not run yet is
 * r4-r11, then the first exception frame. */
struct first_frame {
  uint32_t r4_r11[8];
  uint32_t exc_return; /* saved with the registers (switch.S) */
  uint32_t r0, r1, r2, r3, r12, lr, pc, xpsr;
};

static void never_runs(void *arg) { (void)arg; }

static void basic(void) {
  noos_thread_t *a = noos_thread_create(yielder, (void *)1, 0, NOOS_PRIO_DEFAULT, "a");
  noos_thread_t *b = noos_thread_create(yielder, (void *)2, 0, NOOS_PRIO_DEFAULT, "b");
  CHECK(a && b, "create");
  /* Created at main's priority: they wait for main to yield or block. */
  CHECK(ntrace == 0, "ran before main yielded");
  noos_thread_join(a);
  noos_thread_join(b);
  static const int want[] = {10, 20, 11, 21, 12, 22};
  int same = ntrace == 6;
  for (int i = 0; same && i < 6; ++i)
    same = trace[i] == want[i];
  CHECK(same, "round robin by yield: got %d %d %d %d %d %d", trace[0], trace[1],
        trace[2], trace[3], trace[4], trace[5]);

  int out = 0;
  noos_thread_t *c = noos_thread_create(introspect, &out, 0, 20, "introspect");
  /* Higher priority: it has run and returned by now. */
  CHECK(out == 42 && seen_self == c && seen_prio == 20, "self %p/%p prio %d",
        (void *)seen_self, (void *)c, seen_prio);
  CHECK(strcmp(noos_thread_name(c), "introspect") == 0, "name");
  CHECK(noos_thread_join(c) == NOOS_OK, "join");
  CHECK(strcmp(noos_thread_name(noos_thread_self()), "main") == 0, "main's name");
  CHECK(noos_thread_priority(noos_thread_self()) == NOOS_PRIO_DEFAULT, "main's prio");
  CHECK(noos_thread_join(noos_thread_self()) == NOOS_DEADLOCK, "join self");
  CHECK(noos_thread_create(never_runs, 0, 0, 0, "bad") == NULL && errno == EINVAL,
        "priority 0");

  /* The first frame: PC is the entry's instruction address (bit 0 clear),
   * xPSR has only T set, LR is the exit path's Thumb address (bit 0 set). */
  noos_thread_t *d = noos_thread_create(never_runs, (void *)0x1234, 0, NOOS_PRIO_MIN, "d");
#if defined(__thumb__) /* the Cortex-M frame; other ports lay out their own */
  const struct first_frame *f = *(const struct first_frame *const *)d; /* sp: offset 0 */
  CHECK(f->pc == ((uint32_t)(uintptr_t)never_runs & ~1u), "pc %08lx", (unsigned long)f->pc);
  CHECK((uint32_t)(uintptr_t)never_runs & 1, "a Thumb function pointer has bit 0 set");
  CHECK(f->xpsr == 0x01000000u, "xpsr %08lx", (unsigned long)f->xpsr);
  CHECK(f->lr & 1, "lr %08lx", (unsigned long)f->lr);
  CHECK(f->r0 == 0x1234, "r0 %08lx", (unsigned long)f->r0);
  /* EXC_RETURN: back to thread mode (bit 3) on the process stack (bit 2)
   * with a basic frame (bit 4: no FP state). */
  CHECK((f->exc_return & 0xff00001cu) == 0xff00001cu, "exc_return %08lx",
        (unsigned long)f->exc_return);
#endif
  noos_thread_join(d); /* runs it: priority 1, main waits */
  printf("basic: %s\n", failures ? "FAILED" : "ok");
}

/* --- sleep accuracy ---------------------------------------------------- */

static void sleep_accuracy(void) {
  static const uint32_t us[] = {1, 50, 100, 333, 1000, 2500, 10000, 25000};
  uint64_t worst = 0;
  for (unsigned i = 0; i < sizeof(us) / sizeof(us[0]); ++i) {
    for (int rep = 0; rep < 3; ++rep) {
      uint64_t t0 = noos_nanotime(), want = t0 + us[i] * US;
      noos_sleep_until(want);
      uint64_t t1 = noos_nanotime();
      CHECK(t1 >= want, "woke %lld ns early", (long long)(want - t1));
      if (t1 - want > worst)
        worst = t1 - want;
    }
    uint64_t t0 = noos_nanotime();
    noos_sleep_for(us[i] * US);
    CHECK(noos_nanotime() - t0 >= us[i] * US, "sleep_for %lu us", (unsigned long)us[i]);
  }
  /* Late by the alarm's rounding, the minimum period (50 us) and the
   * switch: deterministic with -icount. */
  printf("sleep: worst lateness %lu us\n", (unsigned long)(worst / US));
  CHECK(worst < 200 * US, "too late: %lu us", (unsigned long)(worst / US));
  /* A sleep until the past returns at once. */
  uint64_t t0 = noos_nanotime();
  noos_sleep_until(t0 - 1);
  noos_sleep_until(0);
  CHECK(noos_nanotime() - t0 < 100 * US, "sleep until the past");
  printf("sleep: %s\n", failures ? "FAILED" : "ok");
}

/* --- time slicing ------------------------------------------------------ */

static volatile int stop;
static volatile uint32_t counts[4];

static void counter(void *arg) {
  volatile uint32_t *c = &counts[(intptr_t)arg];
  while (!stop)
    ++*c;
}

static void slicing(void) {
  stop = 0;
  noos_thread_t *t[3];
  for (int i = 0; i < 3; ++i)
    t[i] = noos_thread_create(counter, (void *)(intptr_t)i, 512, 5, "counter");
  noos_sleep_for(300 * MS); /* main at 8 sleeps; the three at 5 share the CPU */
  stop = 1;
  for (int i = 0; i < 3; ++i)
    noos_thread_join(t[i]);
  uint32_t lo = counts[0], hi = counts[0];
  for (int i = 1; i < 3; ++i) {
    lo = counts[i] < lo ? counts[i] : lo;
    hi = counts[i] > hi ? counts[i] : hi;
  }
  printf("slice: counts %lu %lu %lu\n", (unsigned long)counts[0],
         (unsigned long)counts[1], (unsigned long)counts[2]);
  /* 300 ms in 10 ms slices: each got about a third. */
  CHECK(lo > 0 && hi - lo <= hi / 4, "unfair: %lu..%lu", (unsigned long)lo,
        (unsigned long)hi);

  /* Slicing off: the first keeps the CPU until it blocks. */
  noos_thread_set_time_slice(0);
  stop = 0;
  counts[0] = counts[1] = 0;
  t[0] = noos_thread_create(counter, (void *)0, 512, 5, "first");
  t[1] = noos_thread_create(counter, (void *)1, 512, 5, "second");
  noos_sleep_for(50 * MS);
  stop = 1;
  noos_thread_join(t[0]);
  noos_thread_join(t[1]);
  noos_thread_set_time_slice(10 * MS);
  CHECK(counts[0] > 0 && counts[1] == 0, "without slices: %lu %lu",
        (unsigned long)counts[0], (unsigned long)counts[1]);
  printf("slice: %s\n", failures ? "FAILED" : "ok");
}

/* --- priority preemption ------------------------------------------------ */

static volatile uint64_t woke_at[20];
static volatile int nwoke;
static volatile uint64_t high_period;

static void high(void *arg) {
  (void)arg;
  uint64_t t = noos_nanotime();
  for (int i = 0; i < 20; ++i) {
    t += high_period;
    noos_sleep_until(t);
    woke_at[nwoke++] = noos_nanotime() - t;
  }
}

static void preemption(void) {
  stop = 0;
  counts[0] = 0;
  nwoke = 0;
  high_period = 2 * MS;
  noos_thread_t *lo = noos_thread_create(counter, (void *)0, 512, 3, "low");
  noos_thread_t *hi = noos_thread_create(high, 0, 512, 12, "high");
  /* main (8) waits for high while low (3) spins: high must interrupt low. */
  noos_thread_join(hi);
  stop = 1;
  noos_thread_join(lo);
  uint64_t worst = 0;
  for (int i = 0; i < nwoke; ++i)
    worst = woke_at[i] > worst ? woke_at[i] : worst;
  CHECK(nwoke == 20 && counts[0] > 0, "high woke %d times, low counted %lu", nwoke,
        (unsigned long)counts[0]);
  printf("preempt: worst wakeup latency %lu us\n", (unsigned long)(worst / US));
  CHECK(worst < 200 * US, "high woke late: %lu us", (unsigned long)(worst / US));

  /* Creating a higher-priority thread runs it at once; raising a thread
   * above main does too. */
  ntrace = 0;
  noos_thread_t *c = noos_thread_create(yielder, (void *)7, 0, 9, "nine");
  CHECK(ntrace == 3, "a higher thread ran %d steps before create returned", ntrace);
  noos_thread_join(c);
  ntrace = 0;
  c = noos_thread_create(yielder, (void *)8, 0, 2, "two");
  CHECK(ntrace == 0, "a lower thread ran");
  noos_thread_set_priority(c, 30);
  CHECK(ntrace == 3 && noos_thread_priority(c) == 30, "raised: %d steps", ntrace);
  noos_thread_join(c);
  printf("preempt: %s\n", failures ? "FAILED" : "ok");
}

/* --- priority inheritance ---------------------------------------------- */

static noos_mutex_t shared = NOOS_MUTEX_INIT;
static volatile int low_has_lock, middle_done, high_done;
static volatile int low_prio_while_high_waits;

static void pi_low(void *arg) {
  (void)arg;
  noos_mutex_lock(&shared);
  low_has_lock = 1;
  /* Work that takes a while; high arrives and waits meanwhile. */
  uint64_t end = noos_nanotime() + 20 * MS;
  while (noos_nanotime() < end)
    ;
  low_prio_while_high_waits = noos_thread_priority(noos_thread_self());
  record(1); /* low leaves the critical section */
  noos_mutex_unlock(&shared);
  record(4);
}

static void pi_middle(void *arg) {
  (void)arg;
  /* CPU-bound for longer than low's critical section. */
  uint64_t end = noos_nanotime() + 60 * MS;
  while (noos_nanotime() < end)
    ;
  record(3);
  middle_done = 1;
}

static void pi_high(void *arg) {
  (void)arg;
  noos_mutex_lock(&shared);
  record(2);
  noos_mutex_unlock(&shared);
  high_done = 1;
}

static void inheritance(void) {
  ntrace = 0;
  /* main at 20 directs: low (4) takes the mutex, then high (16) wants it
   * while middle (10) would keep low from running. */
  noos_thread_set_priority(noos_thread_self(), 20);
  noos_thread_t *l = noos_thread_create(pi_low, 0, 0, 4, "low");
  while (!low_has_lock)
    noos_sleep_for(1 * MS);
  noos_thread_t *m = noos_thread_create(pi_middle, 0, 0, 10, "middle");
  noos_thread_t *h = noos_thread_create(pi_high, 0, 0, 16, "high");
  noos_sleep_for(1 * MS);
  /* high is blocked on the mutex; low holds it with high's priority. */
  CHECK(noos_thread_priority(l) == 16, "low's priority %d", noos_thread_priority(l));
  noos_thread_set_priority(noos_thread_self(), NOOS_PRIO_DEFAULT);
  noos_thread_join(h);
  noos_thread_join(m);
  noos_thread_join(l);
  /* Inversion avoided: low finished its section (1) and high got the
   * mutex (2) before middle ended (3); low then got back its priority and
   * ran after middle (4). */
  CHECK(ntrace == 4 && trace[0] == 1 && trace[1] == 2 && trace[2] == 3 && trace[3] == 4,
        "order %d %d %d %d", trace[0], trace[1], trace[2], trace[3]);
  CHECK(low_prio_while_high_waits == 16, "low ran at %d", low_prio_while_high_waits);
  CHECK(noos_thread_priority(noos_thread_self()) == NOOS_PRIO_DEFAULT, "main");

  static noos_mutex_t A = NOOS_MUTEX_INIT;
  CHECK(noos_mutex_lock(&A) == NOOS_OK, "lock A");
  CHECK(noos_mutex_lock(&A) == NOOS_DEADLOCK, "relock");
  CHECK(noos_mutex_trylock(&A) == NOOS_DEADLOCK, "trylock own");
  noos_mutex_unlock(&A);
  CHECK(noos_mutex_unlock(&A) == NOOS_PERM, "unlock free");
  printf("inherit: %s\n", failures ? "FAILED" : "ok");
}

/* A chain: t1 (3) holds ca; t2 (5) holds cb and waits for ca (t1 runs at
 * 5); main (8) waits for cb, so t2 and t1 both run at 8 while it does. A
 * timed wait that gives up takes that boost back. */
static noos_mutex_t ca = NOOS_MUTEX_INIT, cb = NOOS_MUTEX_INIT;
static volatile int chain_step, probe_p1, probe_p2;
static noos_thread_t *chain_t[2];

static void chain_t1(void *arg) {
  (void)arg;
  noos_mutex_lock(&ca);
  chain_step = 1;
  while (chain_step < 3)
    noos_sleep_for(1 * MS);
  noos_mutex_unlock(&ca);
}

static void chain_t2(void *arg) {
  (void)arg;
  noos_mutex_lock(&cb);
  chain_step = 2;
  noos_mutex_lock(&ca);
  noos_mutex_unlock(&ca);
  noos_mutex_unlock(&cb);
}

static void chain_probe(void *arg) {
  (void)arg;
  noos_sleep_for(2 * MS); /* main waits for cb by now */
  probe_p1 = noos_thread_priority(chain_t[0]);
  probe_p2 = noos_thread_priority(chain_t[1]);
  chain_step = 3; /* t1 lets ca go */
}

static void chain(void) {
  chain_t[0] = noos_thread_create(chain_t1, 0, 0, 3, "t1");
  while (chain_step < 1)
    noos_sleep_for(1 * MS);
  chain_t[1] = noos_thread_create(chain_t2, 0, 0, 5, "t2");
  while (chain_step < 2)
    noos_sleep_for(1 * MS);
  noos_sleep_for(2 * MS); /* t2 waits for ca */
  uint64_t give_up = noos_nanotime() + 5 * MS;
  CHECK(noos_mutex_timedlock(&cb, give_up) == NOOS_TIMEDOUT, "timedlock");
  CHECK(noos_nanotime() >= give_up, "timed out early");
  /* main gave up: t2 is back to 5, and t1 still runs at 5 for t2. */
  CHECK(noos_thread_priority(chain_t[0]) == 5 && noos_thread_priority(chain_t[1]) == 5,
        "after the timeout: %d %d", noos_thread_priority(chain_t[0]),
        noos_thread_priority(chain_t[1]));
  noos_thread_t *p = noos_thread_create(chain_probe, 0, 0, 25, "probe");
  CHECK(noos_mutex_lock(&cb) == NOOS_OK, "lock cb");
  noos_mutex_unlock(&cb);
  noos_thread_join(p);
  noos_thread_join(chain_t[1]);
  noos_thread_join(chain_t[0]);
  CHECK(probe_p1 == 8 && probe_p2 == 8, "chain boost: t1 %d t2 %d", probe_p1, probe_p2);
  printf("chain: %s\n", failures ? "FAILED" : "ok");
}

/* --- TLS and errno ------------------------------------------------------- */

static __thread int tls_counter = 1000;
static __thread char tls_buf[16];

static void tls_worker(void *arg) {
  int id = (int)(intptr_t)arg;
  int ok = tls_counter == 1000 && tls_buf[0] == 0;
  errno = 0;
  for (int i = 0; i < 5; ++i) {
    tls_counter += id;
    errno += id;
    tls_buf[i] = (char)('a' + id);
    noos_thread_yield();
  }
  ok = ok && tls_counter == 1000 + 5 * id && errno == 5 * id;
  for (int i = 0; i < 5; ++i)
    ok = ok && tls_buf[i] == 'a' + id;
  record(ok ? id : -id);
}

static void tls(void) {
  ntrace = 0;
  errno = 77;
  tls_counter = 5;
  noos_thread_t *t[3];
  for (int i = 0; i < 3; ++i)
    t[i] = noos_thread_create(tls_worker, (void *)(intptr_t)(i + 1), 0, NOOS_PRIO_DEFAULT, "tls");
  for (int i = 0; i < 3; ++i)
    noos_thread_join(t[i]);
  int ok = ntrace == 3;
  for (int i = 0; i < ntrace; ++i)
    ok = ok && trace[i] > 0;
  CHECK(ok, "a thread saw another's TLS");
  CHECK(errno == 77 && tls_counter == 5, "main's errno %d counter %d", errno, tls_counter);
  /* The C library sets errno in the caller's TLS. */
  errno = 0;
  CHECK(strtol("99999999999999999999", NULL, 10) == LONG_MAX && errno == ERANGE, "ERANGE");
  printf("tls: %s\n", failures ? "FAILED" : "ok");
}

/* --- floating point across switches -------------------------------------- */

#if defined(__ARM_FP)
/* The inline-assembly constraint for an FP register holding a float. */
#if defined(__aarch64__)
#define FREG "+w"
#else
#define FREG "+t"
#endif
static volatile float fp_result[2];
static void fp_worker(void *arg) {
  int id = (int)(intptr_t)arg;
  /* Values in registers across yields: the other thread uses the same
   * registers with other values. */
  register float a __asm__("s16") = 1.0f + id, b __asm__("s0") = 0.5f * id;
  float acc = 0;
  for (int i = 0; i < 2000; ++i) {
    __asm__ volatile("" : FREG(a), FREG(b));
    acc += a * 0.25f + b;
    if (i % 100 == 0)
      noos_thread_yield();
    __asm__ volatile("" : FREG(a), FREG(b));
  }
  fp_result[id] = acc;
}

/* Spins with known values in caller- and callee-saved FP registers while
 * time slices switch between three of it. */
static volatile int fp_spin_bad, fp_spin_rounds;
static void fp_spinner(void *arg) {
  float base = (float)(intptr_t)arg * 100.0f;
  while (!stop) {
    register float r0 __asm__("s0") = base + 1, r15 __asm__("s15") = base + 2,
                                 r16 __asm__("s16") = base + 3, r31 __asm__("s31") = base + 4;
    for (volatile int i = 0; i < 2000; ++i)
      __asm__ volatile("" : FREG(r0), FREG(r15), FREG(r16), FREG(r31));
    if (r0 != base + 1 || r15 != base + 2 || r16 != base + 3 || r31 != base + 4)
      ++fp_spin_bad;
    ++fp_spin_rounds;
  }
}

static void fp(void) {
  noos_thread_t *t0 = noos_thread_create(fp_worker, (void *)0, 0, NOOS_PRIO_DEFAULT, "fp0");
  noos_thread_t *t1 = noos_thread_create(fp_worker, (void *)1, 0, NOOS_PRIO_DEFAULT, "fp1");
  register float keep __asm__("s20") = 7.5f;
  __asm__ volatile("" : FREG(keep));
  noos_thread_join(t0);
  noos_thread_join(t1);
  __asm__ volatile("" : FREG(keep));
  float want0 = 0, want1 = 0;
  for (int i = 0; i < 2000; ++i) {
    want0 += 1.0f * 0.25f + 0.0f;
    want1 += 2.0f * 0.25f + 0.5f;
  }
  CHECK(fp_result[0] == want0 && fp_result[1] == want1, "fp results %f %f (want %f %f)",
        (double)fp_result[0], (double)fp_result[1], (double)want0, (double)want1);
  CHECK(keep == 7.5f, "main's s20 %f", (double)keep);

  stop = 0;
  noos_thread_t *s[3];
  for (int i = 0; i < 3; ++i)
    s[i] = noos_thread_create(fp_spinner, (void *)(intptr_t)i, 0, 5, "fpspin");
  noos_sleep_for(100 * MS);
  stop = 1;
  for (int i = 0; i < 3; ++i)
    noos_thread_join(s[i]);
  CHECK(!fp_spin_bad && fp_spin_rounds > 3, "FP registers changed under preemption: %d bad in %d",
        fp_spin_bad, fp_spin_rounds);
  printf("fp: %s\n", failures ? "FAILED" : "ok");
}
#endif

/* --- condition variables, semaphores, notes, the futex -------------------- */

static noos_mutex_t qm = NOOS_MUTEX_INIT;
static noos_cond_t qc = NOOS_COND_INIT;
static int q[4], qn, consumed_sum;

static void cv_consumer(void *arg) {
  (void)arg;
  for (int got = 0; got < 100; ++got) {
    noos_mutex_lock(&qm);
    while (qn == 0)
      noos_cond_wait(&qc, &qm, NOOS_FOREVER);
    consumed_sum += q[--qn];
    noos_cond_broadcast(&qc);
    noos_mutex_unlock(&qm);
  }
}

static noos_sem_t sem = NOOS_SEM_INIT(0);
static volatile int sem_got;
static void sem_taker(void *arg) {
  (void)arg;
  for (int i = 0; i < 10; ++i) {
    noos_sem_wait(&sem, NOOS_FOREVER);
    ++sem_got;
  }
}

static noos_note_t note = NOOS_NOTE_INIT;
static void note_waker(void *arg) {
  noos_sleep_for((uint64_t)(uintptr_t)arg);
  noos_note_wakeup(&note);
}

static void sync_(void) {
  noos_thread_t *c = noos_thread_create(cv_consumer, 0, 0, NOOS_PRIO_DEFAULT, "consumer");
  int sum = 0;
  for (int i = 1; i <= 100; ++i) {
    noos_mutex_lock(&qm);
    while (qn == 4)
      noos_cond_wait(&qc, &qm, NOOS_FOREVER);
    q[qn++] = i;
    sum += i;
    noos_cond_signal(&qc);
    noos_mutex_unlock(&qm);
  }
  noos_thread_join(c);
  CHECK(consumed_sum == sum, "cond: %d of %d", consumed_sum, sum);
  noos_mutex_lock(&qm);
  uint64_t t0 = noos_nanotime();
  CHECK(noos_cond_wait(&qc, &qm, t0 + 3 * MS) == NOOS_TIMEDOUT, "cond timeout");
  CHECK(noos_nanotime() >= t0 + 3 * MS, "cond timed out early");
  CHECK(noos_mutex_unlock(&qm) == NOOS_OK, "relocked after the timeout");

  noos_thread_t *s = noos_thread_create(sem_taker, 0, 0, 9, "taker");
  for (int i = 0; i < 10; ++i) {
    CHECK(sem_got == i, "sem: %d before post %d", sem_got, i);
    noos_sem_post(&sem);
  }
  noos_thread_join(s);
  CHECK(sem_got == 10, "sem %d", sem_got);
  CHECK(noos_sem_wait(&sem, 0) == NOOS_TIMEDOUT, "trywait");
  noos_sem_post(&sem);
  CHECK(noos_sem_wait(&sem, 0) == NOOS_OK, "trywait after post");
  t0 = noos_nanotime();
  CHECK(noos_sem_wait(&sem, t0 + 2 * MS) == NOOS_TIMEDOUT && noos_nanotime() >= t0 + 2 * MS,
        "sem timeout");

  t0 = noos_nanotime();
  CHECK(noos_note_sleep(&note, t0 + 2 * MS) == 0, "note timeout");
  noos_thread_t *w = noos_thread_create(note_waker, (void *)(uintptr_t)(3 * MS), 0, 9, "waker");
  CHECK(noos_note_sleep(&note, NOOS_FOREVER) == 1, "note wakeup");
  CHECK(noos_nanotime() - t0 >= 3 * MS, "note woke early");
  CHECK(noos_note_sleep(&note, 0) == 1, "stays woken");
  noos_note_clear(&note);
  CHECK(noos_note_sleep(&note, 0) == 0, "cleared");
  noos_thread_join(w);

  static volatile uint32_t word = 5;
  CHECK(noos_futex_wait(&word, 4, NOOS_FOREVER) == NOOS_AGAIN, "futex AGAIN");
  t0 = noos_nanotime();
  CHECK(noos_futex_wait(&word, 5, t0 + 1 * MS) == NOOS_TIMEDOUT, "futex timeout");
  CHECK(noos_futex_wake(&word, 1) == 0, "nobody to wake");
  printf("sync: %s\n", failures ? "FAILED" : "ok");
}

/* --- dining philosophers ---------------------------------------------------- */

#define PHILOS 5
static noos_mutex_t forks[PHILOS];
static volatile int meals[PHILOS];

static void philosopher(void *arg) {
  int i = (int)(intptr_t)arg;
  /* The lower-numbered fork first: no cycle of waits. */
  int first = i, second = (i + 1) % PHILOS;
  if (first > second) {
    int t = first;
    first = second;
    second = t;
  }
  for (int n = 0; n < 200; ++n) {
    noos_mutex_lock(&forks[first]);
    noos_mutex_lock(&forks[second]);
    ++meals[i];
    if (n % 3 == 0)
      noos_thread_yield(); /* eat a while */
    noos_mutex_unlock(&forks[second]);
    noos_mutex_unlock(&forks[first]);
    if (n % 7 == i)
      noos_sleep_for(100 * US); /* think */
  }
}

static void philosophers(void) {
  noos_thread_t *p[PHILOS];
  for (int i = 0; i < PHILOS; ++i)
    noos_mutex_init(&forks[i]);
  for (int i = 0; i < PHILOS; ++i)
    p[i] = noos_thread_create(philosopher, (void *)(intptr_t)i, 0, 4 + i % 3, "philosopher");
  for (int i = 0; i < PHILOS; ++i)
    noos_thread_join(p[i]);
  int ok = 1;
  for (int i = 0; i < PHILOS; ++i)
    ok = ok && meals[i] == 200;
  CHECK(ok, "meals %d %d %d %d %d", meals[0], meals[1], meals[2], meals[3], meals[4]);
  printf("philosophers: %s\n", failures ? "FAILED" : "ok");
}

/* --- software timers -------------------------------------------------------- */

static volatile int ticks, once;
static volatile uint64_t first_tick;
static void on_tick(void *arg) {
  (void)arg;
  if (!ticks++)
    first_tick = noos_nanotime();
}
static void on_once(void *arg) { once = (int)(intptr_t)arg; }

static void timers(void) {
  uint64_t t0 = noos_nanotime();
  noos_timer_t *p = noos_timer_start(on_tick, 0, 5 * MS, 10 * MS);
  noos_timer_t *o = noos_timer_start(on_once, (void *)7, 12 * MS, 0);
  noos_timer_t *never = noos_timer_start(on_once, (void *)9, 500 * MS, 0);
  CHECK(p && o && never, "start");
  noos_sleep_for(58 * MS);
  noos_timer_stop(p);
  int n = ticks;
  noos_timer_stop(never);
  noos_sleep_for(30 * MS);
  CHECK(n == 6 && ticks == 6, "periodic: %d then %d ticks", n, ticks);
  CHECK(first_tick >= t0 + 5 * MS, "first tick early");
  CHECK(once == 7, "one-shot: %d", once);
  noos_timer_stop(o);
  printf("timers: %s\n", failures ? "FAILED" : "ok");
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "noalarm"))
      noos_set_system_alarm(0); /* the scheduler watches the clock */
    else if (!strcmp(a, "basic"))
      basic();
    else if (!strcmp(a, "sleep"))
      sleep_accuracy();
    else if (!strcmp(a, "slice"))
      slicing();
    else if (!strcmp(a, "preempt"))
      preemption();
    else if (!strcmp(a, "inherit"))
      inheritance();
    else if (!strcmp(a, "chain"))
      chain();
    else if (!strcmp(a, "tls"))
      tls();
#if defined(__ARM_FP)
    else if (!strcmp(a, "fp"))
      fp();
#endif
    else if (!strcmp(a, "sync"))
      sync_();
    else if (!strcmp(a, "philosophers"))
      philosophers();
    else if (!strcmp(a, "timers"))
      timers();
    else {
      printf("unknown: %s\n", a);
      return 100;
    }
  }
  return failures;
}
