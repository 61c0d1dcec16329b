/*
 * nRF51 board code: the crystal, the console on the UART (polled), a
 * monotonic clock from TIMER0 and the scheduler's alarm on the same timer.
 *
 * The time source: TIMER0 counts at 16 MHz in 32 bits, so it wraps every
 * 268 s. Readings extend it to 64 bits by noticing when the counter went
 * backwards; two compare interrupts per wrap (a quarter and three quarters
 * round) take a reading, so no wrap is missed however rarely the program
 * asks for the time. TIMER0 and its interrupt belong to the board.
 *
 * The scheduler's alarm: the nRF51's Cortex-M0 has no SysTick, so the
 * board gives the runtime an alarm (noos_set_system_alarm) on TIMER0's
 * compare channel 3; its interrupt calls noos_system_alarm. Without it
 * the scheduler would have no time slices and would watch the clock while
 * idle instead of sleeping (WFI) until the next deadline. Channels: 0 and
 * 2 keep the wrap count, 1 takes readings, 3 is the alarm.
 *
 * The timer starts with the runtime's time code (noos_time_hwinit, from
 * noos_time_init), so a program that never asks for the time carries
 * neither (about 1.9 KB of a 16 KiB flash).
 *
 * The hooks are weak, so an application can still replace any of them;
 * the board library is linked before the runtime, so its definitions are
 * the ones that replace the runtime's defaults.
 */
#include "board.h"
#include "uart-console.h"
#include <noos/noos.h>

#define REG(base, off) (*(volatile uint32_t *)((base) + (off)))
#define UART(off) REG(NRF_UART0_BASE, off)
#define TIMER(off) REG(NRF_TIMER0_BASE, off)

/* The console comes up in noos_hwinit0, or on first use when an
 * application's noos_hwinit0 replaced the board's. */
void board_uart_init(void) {
  GPIO_OUTSET = 1u << NRF51_UART_TX_PIN; /* idle high */
  GPIO_PIN_CNF(NRF51_UART_TX_PIN) = 1;   /* output */
  GPIO_PIN_CNF(NRF51_UART_RX_PIN) = 0;   /* input, buffer connected */
  UART(UART_PSELTXD) = NRF51_UART_TX_PIN;
  UART(UART_PSELRXD) = NRF51_UART_RX_PIN;
  UART(UART_PSELRTS) = 0xFFFFFFFFu;
  UART(UART_PSELCTS) = 0xFFFFFFFFu;
  UART(UART_CONFIG) = 0; /* no flow control, no parity */
  UART(UART_BAUDRATE) = NRF51_BAUD_115200;
  UART(UART_ENABLE) = UART_ENABLE_ENABLED;
  UART(UART_EVENTS_TXDRDY) = 0;
  UART(UART_EVENTS_RXDRDY) = 0;
  UART(UART_TASKS_STARTTX) = 1;
  UART(UART_TASKS_STARTRX) = 1;
}

static void hfclk_init(void) {
  CLOCK_EVENTS_HFCLKSTARTED = 0;
  CLOCK_TASKS_HFCLKSTART = 1;
  for (uint32_t i = 0; i < 1000000 && !CLOCK_EVENTS_HFCLKSTARTED; ++i)
    ;
}

/* --- Time ------------------------------------------------------------ */

static uint32_t last;    /* the last counter value read */
static uint32_t wraps;   /* times the counter went past 2^32 */

static uint64_t timer0_nanotime(void) {
  uint32_t primask;
  __asm__ volatile("mrs %0, primask\n\tcpsid i" : "=r"(primask)::"memory");
  TIMER(TIMER_TASKS_CAPTURE(1)) = 1;
  uint32_t now = TIMER(TIMER_CC(1));
  if (now < last)
    ++wraps;
  last = now;
  uint64_t ticks = (uint64_t)wraps << 32 | now;
  __asm__ volatile("msr primask, %0" ::"r"(primask) : "memory");
  /* 16 MHz: 62.5 ns a tick. */
  return ticks * 125 / 2;
}

/* The longest wait one compare can time: well inside the counter's half
 * round (134 s), after which a compare value would look past. A longer
 * alarm fires early and noos_system_alarm sets the rest again. */
#define ALARM_MAX_NS 100000000000ull /* 100 s */

/* set_alarm for noos_set_system_alarm; called with interrupts masked. */
static void timer0_set_alarm(uint64_t when) {
  TIMER(TIMER_INTENCLR) = TIMER_INTEN_COMPARE(3);
  TIMER(TIMER_EVENTS_COMPARE(3)) = 0;
  if (when == UINT64_MAX)
    return;
  uint64_t now = timer0_nanotime(); /* leaves the counter in CC[1] */
  uint32_t counter = TIMER(TIMER_CC(1));
  uint64_t ns = when > now ? when - now : 0;
  if (ns > ALARM_MAX_NS)
    ns = ALARM_MAX_NS;
  /* 62.5 ns a tick: ns * 0.016 as a multiply by 0.016 * 2^32 (rounded
   * up, so never short; ns < 2^37 keeps the product in 64 bits), where
   * a division would link libgcc's 64-bit divide into every image; plus
   * two ticks for the rounding and the reading's own tick: the alarm
   * never fires before its time. */
  uint32_t cc = counter + (uint32_t)((ns * 0x4189375u) >> 32) + 2;
  TIMER(TIMER_CC(3)) = cc;
  TIMER(TIMER_INTENSET) = TIMER_INTEN_COMPARE(3);
  /* A compare fires only when the counter reaches it: one that is due,
   * or nearly, may have been passed while it was written; take the
   * interrupt now, and noos_system_alarm looks at the time again. */
  TIMER(TIMER_TASKS_CAPTURE(1)) = 1;
  if ((int32_t)(cc - TIMER(TIMER_CC(1))) < 16)
    NVIC_ISPR = 1u << NRF51_TIMER0_IRQ;
}

/* The board library is linked whole, so its references to the runtime's
 * time code (time.c) are weak: a strong one would bring that code into
 * every program. The vector table names TIMER0_IRQHandler, so it is in
 * every image, but its interrupt is only enabled once the time code
 * started the timer (noos_time_hwinit, below), and the time code is then
 * linked. */
extern __typeof__(noos_system_alarm) noos_system_alarm __attribute__((weak));
extern __typeof__(noos_set_system_timer) noos_set_system_timer
    __attribute__((weak));
extern __typeof__(noos_set_system_alarm) noos_set_system_alarm
    __attribute__((weak));

void TIMER0_IRQHandler(void) {
  TIMER(TIMER_EVENTS_COMPARE(0)) = 0;
  TIMER(TIMER_EVENTS_COMPARE(2)) = 0;
  TIMER(TIMER_EVENTS_COMPARE(3)) = 0;
  (void)TIMER(TIMER_EVENTS_COMPARE(3)); /* the clears land before return */
  timer0_nanotime();
  /* Whatever the cause, an alarm that is due runs: noos_system_alarm
   * compares with the time and only sets the next one otherwise. */
  if (noos_system_alarm)
    noos_system_alarm();
}

/* The runtime's time code calls this when it starts (noos_time_init, the
 * first time), so the timer runs, and its code is linked, only in a
 * program that uses time. */
void noos_time_hwinit(void) {
  TIMER(TIMER_TASKS_STOP) = 1;
  TIMER(TIMER_MODE) = 0; /* timer */
  TIMER(TIMER_BITMODE) = TIMER_BITMODE_32;
  TIMER(TIMER_PRESCALER) = 0;
  TIMER(TIMER_TASKS_CLEAR) = 1;
  TIMER(TIMER_CC(0)) = 0x40000000u;
  TIMER(TIMER_CC(2)) = 0xC0000000u;
  TIMER(TIMER_EVENTS_COMPARE(0)) = 0;
  TIMER(TIMER_EVENTS_COMPARE(2)) = 0;
  TIMER(TIMER_INTENSET) = TIMER_INTEN_COMPARE(0) | TIMER_INTEN_COMPARE(2);
  NVIC_ISER = 1u << NRF51_TIMER0_IRQ;
  last = 0;
  wraps = 0;
  TIMER(TIMER_TASKS_START) = 1;
  noos_set_system_timer(timer0_nanotime);
  noos_set_system_alarm(timer0_set_alarm);
}

__attribute__((weak)) void noos_hwinit0(void) {
  hfclk_init();
  noos_uart_console_start();
}

/* --- Console --------------------------------------------------------- */

void board_uart_putc(char c) {
  UART(UART_TXD) = (unsigned char)c;
  while (!UART(UART_EVENTS_TXDRDY))
    ;
  UART(UART_EVENTS_TXDRDY) = 0;
}

int board_uart_getc(void) {
  if (!UART(UART_EVENTS_RXDRDY))
    return -1;
  UART(UART_EVENTS_RXDRDY) = 0; /* before RXD: the next byte sets it again */
  return (unsigned char)UART(UART_RXD);
}
