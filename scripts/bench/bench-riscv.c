// test/runtime/threads/Inputs/bench.c's workloads on RISC-V, for
// scripts/bench/threads.py (the same markers, threads, priorities and
// rounds; only the interrupt differs). The CLINT's software interrupt
// carries the kernel's pended switches, so the interrupt that wakes the
// waiter is a PLIC source instead: the ns16550a UART's transmitter-empty
// interrupt (source 10, UART0_IRQHandler on virt and virt32), which the
// UART raises as soon as it is enabled (IER.THRE) and its handler turns
// off. Built with -DNO_IRQ on a board whose code gives no PLIC (sifive_e):
// the irq markers then run with nothing between them.
#include <noos/noos.h>
#include <noos/thread.h>
#include <stdint.h>
#include <stdio.h>

#ifndef NO_IRQ
#define UART ((volatile uint8_t *)0x10000000u)
#define IER 1
#define IER_THRE 2u
#define IRQ 10
#endif

#define MARK(name)                                                             \
  __attribute__((noinline, used)) void bench_##name(void) { __asm__ volatile(""); }
MARK(mutex_begin)
MARK(mutex_end)
MARK(yield_begin)
MARK(yield_end)
MARK(irq_begin)
MARK(irq_end)
MARK(idle_begin)
MARK(idle_end)

static noos_mutex_t m = NOOS_MUTEX_INIT;
static volatile int stop;

static void partner(void *arg) {
  (void)arg;
  while (!stop)
    noos_thread_yield();
}

#ifndef NO_IRQ
static noos_note_t note = NOOS_NOTE_INIT;

void UART0_IRQHandler(void) {
  UART[IER] = 0; /* the UART stops asserting the line */
  noos_note_wakeup(&note);
}

static void waiter(void *arg) {
  (void)arg;
  for (int i = 0; i < 10; ++i) {
    noos_note_sleep(&note, NOOS_FOREVER);
    noos_note_clear(&note);
  }
}
#endif

static void sleeper(void *arg) {
  (void)arg;
  for (int i = 0; i < 10; ++i)
    noos_sleep_for(100000);
}

int main(void) {
  bench_mutex_begin();
  for (int i = 0; i < 100; ++i) {
    noos_mutex_lock(&m);
    noos_mutex_unlock(&m);
  }
  bench_mutex_end();

  noos_thread_t *p = noos_thread_create(partner, 0, 512, NOOS_PRIO_DEFAULT, "partner");
  bench_yield_begin();
  for (int i = 0; i < 100; ++i)
    noos_thread_yield();
  bench_yield_end();
  stop = 1;
  noos_thread_join(p);

#ifndef NO_IRQ
  noos_irq_enable(IRQ);
  noos_thread_t *w = noos_thread_create(waiter, 0, 512, 20, "waiter");
#endif
  bench_irq_begin();
#ifndef NO_IRQ
  for (int i = 0; i < 10; ++i) {
    UART[IER] = IER_THRE; /* main runs; the waiter sleeps on the note */
    __asm__ volatile("fence iorw, iorw" ::: "memory");
  }
#endif
  bench_irq_end();
#ifndef NO_IRQ
  noos_thread_join(w);
#endif

  noos_thread_t *s = noos_thread_create(sleeper, 0, 512, 20, "sleeper");
  bench_idle_begin();
  noos_thread_join(s); /* main waits too: the CPU idles between sleeps */
  bench_idle_end();
  printf("bench: done\n");
  return 0;
}
