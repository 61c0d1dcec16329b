// What the thread kernel costs, for scripts/bench/threads.py, which runs
// this under QEMU with one trace line per instruction and counts between
// the marker functions (bench_*), whose addresses it takes from the image:
//   mutex    100 uncontended noos_mutex_lock + noos_mutex_unlock
//   yield    100 rounds of two threads yielding to each other (200 switches)
//   irq      an interrupt wakes a higher-priority thread through a note
//            while main runs (10 times); the handler is IRQ 20's, pended
//            by software, so the count does not depend on a device (build
//            with -DHANDLER=<its name on the board>; on a GIC, with
//            -DGICD_SGIR=<address>, SGI 1's; on RISC-V, whose CLINT
//            software interrupt carries the kernel's switches, with
//            -DUART_IER=<address>, an ns16550a's transmitter-empty
//            interrupt through the PLIC, which the UART raises as soon as
//            it is enabled and the handler turns off, or -DSIFIVE_UART=
//            <address> -DIRQ=<source>, a SiFive UART's transmit watermark;
//            -DNO_IRQ on a board without one: the irq markers then have
//            nothing between them)
//   idle     the same with nothing running: the scheduler idles (WFI) and
//            SysTick's alarm ends a sleep (10 times)
#include <noos/noos.h>
#include <noos/thread.h>
#include <stdio.h>

#include <stdint.h>

#define ACK() ((void)0)
#if defined(NO_IRQ)
#elif defined(GICD_SGIR)
/* A GIC (-DGICD_SGIR=<address>): software-generated interrupt 1, sent to
 * this core. */
#define IRQ 1
#define PEND() (*(volatile uint32_t *)GICD_SGIR = 2u << 24 | IRQ)
#define SYNC() __asm__ volatile("dsb sy\n\tisb" ::: "memory")
#elif defined(UART_IER)
/* An ns16550a's interrupt enable register (-DUART_IER=<address>): its
 * transmitter-empty interrupt, PLIC source 10 on QEMU's virt. */
#define IRQ 10
#define PEND() (*(volatile uint8_t *)UART_IER = 2u) /* IER.THRE */
#undef ACK
#define ACK() (*(volatile uint8_t *)UART_IER = 0)
#define SYNC() __asm__ volatile("fence iorw, iorw" ::: "memory")
#elif defined(SIFIVE_UART)
/* A SiFive UART (-DSIFIVE_UART=<address> -DIRQ=<its PLIC source>): its
 * transmit-watermark interrupt, pending while the transmit FIFO holds
 * fewer than txcnt (1) characters, enabled to raise it and disabled by
 * the handler. */
#define UART_REG(off) (*(volatile uint32_t *)(uintptr_t)(SIFIVE_UART + (off)))
#define PEND() (UART_REG(0x08) |= 1u << 16, UART_REG(0x10) = 1u) /* txcnt, ie.txwm */
#undef ACK
#define ACK() (UART_REG(0x10) = 0)
#define SYNC() __asm__ volatile("fence iorw, iorw" ::: "memory")
#else
#define IRQ 20
#define PEND() (*(volatile uint32_t *)0xE000E200 = 1u << IRQ) /* NVIC_ISPR */
#define SYNC() __asm__ volatile("dsb\n\tisb" ::: "memory")
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
static noos_note_t note = NOOS_NOTE_INIT;

static void partner(void *arg) {
  (void)arg;
  while (!stop)
    noos_thread_yield();
}

#ifndef NO_IRQ
/* IRQ 20's handler by its board's name (-DHANDLER=...). */
void HANDLER(void) {
  ACK();
  noos_note_wakeup(&note);
}
#endif

static void waiter(void *arg) {
  (void)arg;
  for (int i = 0; i < 10; ++i) {
    noos_note_sleep(&note, NOOS_FOREVER);
    noos_note_clear(&note);
  }
}

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

  noos_thread_t *p = noos_thread_create(partner, 0, 1024, NOOS_PRIO_DEFAULT, "partner");
  bench_yield_begin();
  for (int i = 0; i < 100; ++i)
    noos_thread_yield();
  bench_yield_end();
  stop = 1;
  noos_thread_join(p);

#ifndef NO_IRQ
  noos_irq_enable(IRQ);
  noos_thread_t *w = noos_thread_create(waiter, 0, 1024, 20, "waiter");
#endif
  bench_irq_begin();
#ifndef NO_IRQ
  for (int i = 0; i < 10; ++i) {
    PEND(); /* main runs; the waiter sleeps on the note */
    SYNC();
  }
#endif
  bench_irq_end();
#ifndef NO_IRQ
  noos_thread_join(w);
#endif

  noos_thread_t *s = noos_thread_create(sleeper, 0, 1024, 20, "sleeper");
  bench_idle_begin();
  noos_thread_join(s); /* main waits too: the CPU idles between sleeps */
  bench_idle_end();
  printf("bench: done\n");
  return 0;
}
