// Threads woken from a timer interrupt: the futex, a note, a semaphore,
// the interrupt service thread pattern, and a blocking call from a
// handler refused; and (masked) a first thread created with interrupts
// masked, so without a kernel call, whose wakeups must still wait for the
// handler to return. Build with one of
//   -DCMSDK_TIMER=0x40000000 -DTIMER_IRQ=8   (MPS2 AN385/AN386: TIMER0)
//   -DCMSDK_TIMER=0x50000000 -DTIMER_IRQ=3   (MPS2 AN505: TIMER0, secure alias)
//   -DNRF_TIMER=0x4000A000 -DTIMER_IRQ=10    (micro:bit: TIMER2)
//   -DARM_CNTP -DTIMER_IRQ=30                (A64: the generic timer's
//                                             physical timer, PPI 30)
// and -DHANDLER=<name>_IRQHandler.
#include <noos/noos.h>
#include <noos/thread.h>
#include <stdio.h>
#include <string.h>

#define MS 1000000ull
#define R(off) (*(volatile uint32_t *)(TIMER_BASE + (off)))

#if defined(CMSDK_TIMER)
/* CMSDK APB timer: counts RELOAD..0 at the peripheral clock, interrupts
 * (a level, until cleared) at 0 and reloads. */
#define TIMER_BASE CMSDK_TIMER
static void timer_start(uint32_t us) {
  R(0x0) = 0;               /* CTRL: off */
  R(0x8) = us * 20;         /* RELOAD: about us at 20-25 MHz */
  R(0x4) = us * 20;         /* VALUE */
  R(0xc) = 1;               /* INTCLEAR */
  R(0x0) = (1u << 3) | 1u;  /* interrupt, enable */
}
static void timer_stop(void) { R(0x0) = 0; R(0xc) = 1; }
static void timer_ack(void) { R(0xc) = 1; }
#elif defined(NRF_TIMER)
/* nRF51 TIMER: 1 MHz (prescaler 4), compare 0 clears the counter. */
#define TIMER_BASE NRF_TIMER
static void timer_start(uint32_t us) {
  R(0x004) = 1;          /* TASKS_STOP */
  R(0x504) = 0;          /* MODE: timer */
  R(0x508) = 3;          /* BITMODE: 32 */
  R(0x510) = 4;          /* PRESCALER: 16 MHz / 16 */
  R(0x00c) = 1;          /* TASKS_CLEAR */
  R(0x540) = us;         /* CC[0] */
  R(0x200) = 1;          /* SHORTS: COMPARE0 -> CLEAR */
  R(0x140) = 0;          /* EVENTS_COMPARE[0] */
  R(0x304) = 1u << 16;   /* INTENSET: COMPARE[0] */
  R(0x000) = 1;          /* TASKS_START */
}
static void timer_stop(void) { R(0x004) = 1; R(0x308) = 1u << 16; R(0x140) = 0; }
static void timer_ack(void) { R(0x140) = 0; (void)R(0x140); }
#elif defined(ARM_CNTP)
#include "../../Inputs/cntp-timer.h"
#else
#error "which timer?"
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

enum { FUTEX, NOTE, SEM, SERVICE, REFUSE, MASKED } mode;
static volatile uint32_t word, fired, in_handler;
static noos_thread_t *volatile masked;
static volatile int masked_ran;
static noos_note_t note = NOOS_NOTE_INIT;
static noos_sem_t sem = NOOS_SEM_INIT(0);
static noos_mutex_t mutex = NOOS_MUTEX_INIT;

void HANDLER(void) {
  switch (mode) {
  case FUTEX:
    timer_ack();
    ++word;
    noos_futex_wake(&word, 1);
    break;
  case NOTE:
    timer_ack();
    ++fired;
    noos_note_wakeup(&note);
    break;
  case SEM:
    timer_ack();
    ++fired;
    noos_sem_post(&sem);
    break;
  case SERVICE:
    /* Not acknowledged here: the thread does it, with the IRQ off. */
    ++fired;
    noos_irq_service_handler();
    break;
  case REFUSE:
    timer_ack();
    noos_mutex_lock(&mutex); /* never returns: the runtime refuses */
    break;
  case MASKED:
    timer_ack();
    in_handler = 1;
    if (!fired++) /* the switch to it comes after the handler */
      noos_thread_set_priority(masked, 20);
    for (volatile int i = 0; i < 100; ++i)
      ;
    in_handler = 0;
    break;
  }
}

static void futex_thread(void *arg) {
  (void)arg;
  uint32_t seen = 0;
  int wakeups = 0;
  while (seen < 20) {
    if (noos_futex_wait(&word, seen, noos_nanotime() + 100 * MS) == NOOS_OK)
      ++wakeups;
    seen = word;
  }
  timer_stop();
  CHECK(wakeups >= 10, "%d wakeups for 20 interrupts", wakeups);
}

static void note_thread(void *arg) {
  (void)arg;
  for (int i = 0; i < 10; ++i) {
    CHECK(noos_note_sleep(&note, noos_nanotime() + 100 * MS) == 1, "note %d", i);
    noos_note_clear(&note);
  }
  timer_stop();
}

static void sem_thread(void *arg) {
  (void)arg;
  for (int i = 0; i < 10; ++i)
    CHECK(noos_sem_wait(&sem, noos_nanotime() + 100 * MS) == NOOS_OK, "sem %d", i);
  timer_stop();
}

static void service_thread(void *arg) {
  (void)arg;
  for (int i = 0; i < 10; ++i) {
    CHECK(noos_irq_wait(TIMER_IRQ, noos_nanotime() + 100 * MS) == NOOS_OK, "irq %d", i);
    timer_ack(); /* service the device with its interrupt off */
  }
  timer_stop();
  CHECK(noos_irq_wait(TIMER_IRQ, noos_nanotime() + 5 * MS) == NOOS_TIMEDOUT, "timeout");
}

/* Raised above main by the handler: it must not run before the handler
 * returns, which a PendSV left at its reset priority (the highest) would
 * make it (a switch from inside a handler). */
static void masked_thread(void *arg) {
  (void)arg;
  CHECK(!in_handler, "ran inside the handler");
  timer_stop();
  masked_ran = 1;
}

static void run(const char *name, void (*fn)(void *)) {
  word = fired = 0;
  noos_thread_t *t = noos_thread_create(fn, 0, 0, 12, name);
  timer_start(1000);
  noos_thread_join(t);
  printf("%s: %s\n", name, failures ? "FAILED" : "ok");
}

int main(int argc, char **argv) {
  noos_irq_set_priority(TIMER_IRQ, 1);
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "futex")) {
      mode = FUTEX;
      noos_irq_enable(TIMER_IRQ);
      run("futex", futex_thread);
    } else if (!strcmp(argv[i], "note")) {
      mode = NOTE;
      noos_irq_enable(TIMER_IRQ);
      run("note", note_thread);
    } else if (!strcmp(argv[i], "sem")) {
      mode = SEM;
      noos_irq_enable(TIMER_IRQ);
      run("sem", sem_thread);
    } else if (!strcmp(argv[i], "service")) {
      mode = SERVICE;
      run("service", service_thread);
      CHECK(fired == 10, "fired %lu times", (unsigned long)fired);
    } else if (!strcmp(argv[i], "masked")) {
      /* The program's first kernel operation: a thread below main,
       * created with interrupts masked (no SVC: the scheduler sees no
       * kernel call before the handler raises it above main). Main spins
       * meanwhile, making no kernel call either. */
      mode = MASKED;
      uint32_t m = noos_irq_save();
      masked = noos_thread_create(masked_thread, 0, 0, 5, "masked");
      noos_irq_restore(m);
      noos_irq_enable(TIMER_IRQ);
      timer_start(1000);
      uint64_t until = noos_nanotime() + 500 * MS;
      while (!masked_ran && noos_nanotime() < until)
        ;
      CHECK(masked_ran, "the raised thread never ran");
      noos_thread_join(masked);
      printf("masked: %s\n", failures ? "FAILED" : "ok");
    } else if (!strcmp(argv[i], "refuse")) {
      mode = REFUSE;
      noos_irq_enable(TIMER_IRQ);
      timer_start(1000);
      noos_sleep_for(50 * MS);
      printf("refuse: not refused\n");
      return 1;
    }
  }
  return failures;
}
