/* The PLIC: a UART's transmitter interrupt raised on purpose (UART0 in
 * the board file: source 10 on virt, the ns16550a's transmitter-empty
 * interrupt; with -DSIFIVE_UART=ADDRESS -DUART_IRQ=N, a SiFive UART's
 * transmit-watermark interrupt: watermark 1, so pending while its FIFO is
 * empty, as it always is on QEMU).
 *   handler   UART0_IRQHandler runs, turns the UART's interrupt off, and
 *             main sees it
 *   service   a thread parked in noos_irq_wait(UART_IRQ) is woken by
 *             noos_irq_service_handler and turns the interrupt off itself
 *   unhandled built with -DNO_HANDLER: the interrupt, without a handler,
 *             is reported by its board name
 */
#include <noos/noos.h>
#include <noos/thread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#if defined(SIFIVE_UART)
#define UART ((volatile uint32_t *)(uintptr_t)SIFIVE_UART)
enum { TXCTRL = 0x08 / 4, IE = 0x10 / 4 };
#define TXCTRL_TXCNT1 (1u << 16)
#define IE_TXWM 1u
static void uart_irq_on(void) {
  UART[TXCTRL] |= TXCTRL_TXCNT1;
  UART[IE] = IE_TXWM;
}
static void uart_irq_off(void) { UART[IE] = 0; }
#else
#define UART ((volatile uint8_t *)0x10000000u)
#define IER 1
#define IER_THRE 2u
#define UART_IRQ 10
static void uart_irq_on(void) { UART[IER] = IER_THRE; }
static void uart_irq_off(void) { UART[IER] = 0; }
#endif

static volatile int handled;
static int service_mode;

#ifndef NO_HANDLER
void UART0_IRQHandler(void) {
  if (service_mode) {
    noos_irq_service_handler(); /* disables the source, wakes the waiter */
    return;
  }
  uart_irq_off(); /* the device stops asserting the line */
  ++handled;
}
#endif

static volatile int woken;

static void waiter(void *arg) {
  (void)arg;
  for (int i = 0; i < 3; ++i) {
    if (noos_irq_wait(UART_IRQ, noos_nanotime() + 100000000ull) != NOOS_OK)
      return;
    uart_irq_off();
    ++woken;
    if (i < 2)
      uart_irq_on(); /* again: fires once the wait re-enables it */
  }
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "handler";
  if (!strcmp(what, "handler")) {
    noos_irq_enable(UART_IRQ);
    uart_irq_on();
    uint64_t until = noos_nanotime() + 100000000ull;
    while (!handled && noos_nanotime() < until)
      ;
    printf("handler: %s (levels %d)\n", handled == 1 ? "ok" : "FAILED",
           noos_irq_priority_levels());
    return handled != 1;
  }
  if (!strcmp(what, "service")) {
    service_mode = 1;
    noos_thread_t *t = noos_thread_create(waiter, 0, 2048, NOOS_PRIO_DEFAULT + 1, "waiter");
    noos_sleep_for(1000000);
    uart_irq_on();
    noos_thread_join(t);
    printf("service: %s\n", woken == 3 ? "ok" : "FAILED");
    return woken != 3;
  }
  if (!strcmp(what, "unhandled")) {
    noos_irq_enable(UART_IRQ);
    uart_irq_on();
    uint64_t until = noos_nanotime() + 100000000ull;
    while (noos_nanotime() < until)
      ;
    printf("unhandled: FAILED (no report)\n");
    return 1;
  }
  return 2;
}
