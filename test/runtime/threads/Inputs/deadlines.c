// Thousands of timed waits, each one's lateness measured with
// noos_nanotime: a lost alarm shows as a wait that ends at the next
// interrupt instead (a whole SysTick wrap later, with nothing else
// pending).
//
//   deadlines WAITS BOUND_US [SEED]
//
// "threads": main waits WAITS times, in turn noos_sleep_until,
// noos_sleep_for, noos_cond_wait, noos_futex_wait and noos_sem_wait, for
// 0-20 us (due at once, or sooner than the alarm's shortest period) or
// 0.1-5 ms, while a higher-priority ticker sleeps 0.1-3 ms at a time and
// two low-priority spinners share the CPU in time slices of 0.1-2 ms: the
// alarm moves earlier and later all the time, from threads and from the
// scheduler's own interrupt. Half of the waits start close to a SysTick
// reload: main spins until the counter (SYST_CVR, read only) is within a
// few alarm periods of 0.
// "irq": an interrupt handler sets the alarm: a spinner pends a device
// interrupt (at a random phase, half of the times close to a reload)
// whose handler posts a semaphore that a thread of the spinner's own
// priority waits on; the wakeup starts a time slice of 0.05-2 ms, whose
// end (the alarm the handler set) lets that thread run.
//
// Each wait must end no earlier than its deadline and no later than
// BOUND_US after it; the test prints every wait that does not, then the
// worst lateness of each kind and "deadlines: ok" or "deadlines: FAILED".
// Build with -DPEND_IRQ=<n> -DHANDLER=<the IRQ's handler name> (on a GIC,
// -DGICD_SGIR=<address> too: PEND_IRQ is then a software-generated
// interrupt). Off Cortex-M the alarm is a 64-bit compare value with no
// reload, so the waits start at any phase.
#include <noos/noos.h>
#include <noos/thread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define US 1000ull
#define MS 1000000ull

#if defined(__ARM_ARCH_PROFILE) && __ARM_ARCH_PROFILE == 'M'
#define SYSTICK 1
#define SYST_RVR (*(volatile uint32_t *)0xE000E014)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018)
#define NVIC_ISPR ((volatile uint32_t *)0xE000E200)
#define PEND() (NVIC_ISPR[PEND_IRQ / 32] = 1u << (PEND_IRQ % 32))
uint32_t noos_clock_hz(void); // the board's (0: no SysTick time)
#elif defined(GICD_SGIR)
#define SYSTICK 0
// To this core (target list filter 2: "this CPU only").
#define PEND() (*(volatile uint32_t *)GICD_SGIR = 2u << 24 | PEND_IRQ)
#else
#error "deadlines.c: a Cortex-M NVIC or a GIC (-DGICD_SGIR=<address>)"
#endif

static uint32_t seed = 12345;
static uint32_t rnd(void) { // xorshift32
  seed ^= seed << 13;
  seed ^= seed >> 17;
  seed ^= seed << 5;
  return seed;
}
static uint32_t between(uint32_t lo, uint32_t hi) { return lo + rnd() % (hi - lo + 1); }

static uint64_t bound;
static unsigned late, early;

enum { K_UNTIL, K_FOR, K_COND, K_FUTEX, K_SEM, K_TICKER, K_IRQ, K_COUNT };
static const char *const kind_name[K_COUNT] = {
    "sleep_until", "sleep_for", "cond_wait", "futex_wait", "sem_wait", "ticker", "irq slice"};
static uint64_t worst[K_COUNT];
static unsigned count[K_COUNT];

// A wait of the kind that should have ended at deadline ended at t.
static void record(int kind, uint64_t deadline, uint64_t t) {
  ++count[kind];
  if (t < deadline) {
    if (early++ < 10)
      printf("%s woke %lu ns early\n", kind_name[kind], (unsigned long)(deadline - t));
    return;
  }
  uint64_t l = t - deadline;
  if (l > worst[kind])
    worst[kind] = l;
  if (l > bound && late++ < 10)
    printf("%s late by %lu us (wait %u)\n", kind_name[kind], (unsigned long)(l / US),
           count[kind]);
}

// The alarm's phase: until SysTick's counter is at most ticks from its
// reload (a period's last ticks), or for 2 ms at most. Boards without
// SysTick time (noos_clock_hz() == 0) start at once.
static void near_reload(uint32_t ticks) {
#if SYSTICK
  if (!noos_clock_hz() || !SYST_RVR)
    return;
  uint64_t give_up = noos_nanotime() + 2 * MS;
  for (unsigned i = 0;; ++i) {
    uint32_t v = SYST_CVR;
    if (v && v <= ticks)
      return;
    if ((i & 63) == 0 && noos_nanotime() > give_up)
      return;
  }
#else
  (void)ticks;
#endif
}

// The alarm's shortest period in SysTick ticks (time.c: 50 us).
static uint32_t period_ticks(void) {
#if SYSTICK
  uint32_t p = noos_clock_hz() / 20000;
  return p < 64 ? 64 : p;
#else
  return 64;
#endif
}

// --- threads ------------------------------------------------------------

static volatile int stop;

static void ticker(void *arg) {
  (void)arg;
  while (!stop) {
    uint64_t d = noos_nanotime() + between(100, 3000) * US;
    noos_sleep_until(d);
    record(K_TICKER, d, noos_nanotime());
  }
}

static volatile uint32_t spins[2];
static void spinner(void *arg) {
  volatile uint32_t *c = &spins[(int)(intptr_t)arg];
  while (!stop)
    ++*c;
}

static noos_mutex_t mx = NOOS_MUTEX_INIT;
static noos_cond_t cv = NOOS_COND_INIT;
static volatile uint32_t never;
static noos_sem_t sem;

static uint64_t pick_wait(void) {
  if (rnd() % 8 == 0)
    return between(0, 20) * US; // due at once, or sooner than a period
  return between(100, 5000) * US;
}

static void threads(unsigned waits) {
  noos_sem_init(&sem, 0);
  stop = 0;
  noos_thread_t *tk = noos_thread_create(ticker, 0, 1024, 12, "ticker");
  noos_thread_t *s0 = noos_thread_create(spinner, (void *)0, 512, 2, "spin0");
  noos_thread_t *s1 = noos_thread_create(spinner, (void *)1, 512, 2, "spin1");
  uint32_t p = period_ticks();
  for (unsigned i = 0; i < waits; ++i) {
    noos_thread_set_time_slice(between(100, 2000) * US);
    uint64_t d = pick_wait();
    if (rnd() & 1)
      near_reload(between(1, 4 * p));
    uint64_t t0 = noos_nanotime(), deadline = t0 + d;
    int kind = (int)(i % 5);
    switch (kind) {
    case K_UNTIL:
      noos_sleep_until(deadline);
      break;
    case K_FOR:
      noos_sleep_for(d); // from a reading after t0: deadline is a lower bound
      break;
    case K_COND: {
      noos_mutex_lock(&mx);
      int r;
      do
        r = noos_cond_wait(&cv, &mx, deadline);
      while (r == NOOS_OK); // spurious
      noos_mutex_unlock(&mx);
      break;
    }
    case K_FUTEX:
      while (noos_futex_wait(&never, 0, deadline) == NOOS_OK)
        ;
      break;
    case K_SEM:
      noos_sem_wait(&sem, deadline);
      break;
    }
    uint64_t t1 = noos_nanotime();
    // sleep_for's own deadline is at least t0 + d: it may end up to the
    // reading's cost later than that and still be on time.
    record(kind, deadline, t1);
  }
  stop = 1;
  noos_thread_join(tk);
  noos_thread_join(s0);
  noos_thread_join(s1);
  noos_thread_set_time_slice(10 * MS);
}

// --- alone ------------------------------------------------------------

// main alone: nothing else sets the alarm, so a lost one shows as a wait
// that ends only at SysTick's next wrap.
static void alone(unsigned waits) {
  uint32_t p = period_ticks();
  for (unsigned i = 0; i < waits; ++i) {
    uint64_t d = rnd() % 4 == 0 ? between(5000, 25000) * US : pick_wait();
    if (rnd() & 1)
      near_reload(between(1, 4 * p));
    uint64_t t0 = noos_nanotime(), deadline = t0 + d;
    if (i & 1) {
      noos_sleep_until(deadline);
      record(K_UNTIL, deadline, noos_nanotime());
    } else {
      noos_mutex_lock(&mx);
      while (noos_cond_wait(&cv, &mx, deadline) == NOOS_OK)
        ;
      noos_mutex_unlock(&mx);
      record(K_COND, deadline, noos_nanotime());
    }
  }
}

// --- irq ----------------------------------------------------------------

static volatile uint32_t irq_word, irq_woke;
static volatile uint64_t posted_at, slice;
static volatile uint32_t irq_round, served_round;

void HANDLER(void) {
  posted_at = noos_nanotime();
  ++irq_word;
  // Wakes "server", at the spinner's priority, if it waits already.
  irq_woke = noos_futex_wake(&irq_word, 1) == 1;
}

static void server(void *arg) {
  (void)arg;
  while (!stop) {
    uint32_t seen = irq_word;
    int r = noos_futex_wait(&irq_word, seen, NOOS_FOREVER);
    // Woken by the handler, it ran once the spinner's slice was over.
    if (r == NOOS_OK && irq_woke)
      record(K_IRQ, posted_at + slice, noos_nanotime());
    served_round = irq_round;
  }
}

static void irq_spinner(void *arg) {
  unsigned rounds = (unsigned)(uintptr_t)arg;
  uint32_t p = period_ticks();
  for (unsigned i = 0; i < rounds; ++i) {
    slice = between(50, 2000) * US;
    noos_thread_set_time_slice(slice);
    if (rnd() & 1)
      near_reload(between(1, 4 * p));
    irq_round = i + 1;
    PEND();
    while (served_round != i + 1)
      ;
  }
}

static void irq(unsigned rounds) {
  noos_irq_enable(PEND_IRQ);
  stop = 0;
  noos_thread_t *srv = noos_thread_create(server, 0, 1024, 4, "server");
  noos_thread_t *sp = noos_thread_create(irq_spinner, (void *)(uintptr_t)rounds, 512, 4, "spinner");
  noos_thread_join(sp); // main (8) waits without a deadline
  stop = 1;
  ++irq_word;
  noos_futex_wake(&irq_word, 1);
  noos_thread_join(srv);
  noos_thread_set_time_slice(10 * MS);
}

int main(int argc, char **argv) {
  if (argc < 4)
    return 2;
  const char *phases = argv[1];
  unsigned waits = (unsigned)atoi(argv[2]);
  bound = (uint64_t)atoi(argv[3]) * US;
  if (argc > 4)
    seed = (uint32_t)atoi(argv[4]) * 2654435761u | 1;
  if (strstr(phases, "threads"))
    threads(waits);
  if (strstr(phases, "alone"))
    alone(waits);
  if (strstr(phases, "irq"))
    irq(waits / 4);
  unsigned total = 0;
  for (int k = 0; k < K_COUNT; ++k) {
    total += count[k];
    if (count[k])
      printf("deadlines: %-11s %5u waits, worst lateness %lu us\n", kind_name[k], count[k],
             (unsigned long)(worst[k] / US));
  }
  printf("deadlines: %u waits, %u late by more than %lu us, %u early\n", total, late,
         (unsigned long)(bound / US), early);
  printf("deadlines: %s\n", late || early ? "FAILED" : "ok");
  return late || early;
}
