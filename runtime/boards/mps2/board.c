/*
 * MPS2 board code: the console on UART0 (polled) and the core clock rate
 * for SysTick.
 *
 * The hooks are weak, so an application can still replace any of them;
 * the board library is linked before the runtime, so its definitions are
 * the ones that replace the runtime's defaults.
 */
#include "board.h"
#include <noos/noos.h>

#define UART ((volatile uint32_t *)MPS2_UART0_BASE)

static int uart_up;

/* The console comes up in noos_hwinit0, or on first use when an
 * application's noos_hwinit0 replaced the board's. */
static void uart_init(void) {
  UART[CMSDK_UART_BAUDDIV] =
      (MPS2_SYSCLK_HZ + MPS2_CONSOLE_BAUD / 2) / MPS2_CONSOLE_BAUD;
  UART[CMSDK_UART_CTRL] = CMSDK_CTRL_TXEN | CMSDK_CTRL_RXEN;
  /* Nothing can have arrived with the receiver off; reading DATA is how
   * the UART says it can take input (QEMU holds back what came early). */
  (void)UART[CMSDK_UART_DATA];
  uart_up = 1;
}

__attribute__((weak)) void noos_hwinit0(void) { uart_init(); }

/* SysTick counts the core clock, which the FPGA image fixes. */
__attribute__((weak)) uint32_t noos_clock_hz(void) { return MPS2_SYSCLK_HZ; }

__attribute__((weak)) void noos_printk(char c) {
  if (!uart_up)
    uart_init();
  while (UART[CMSDK_UART_STATE] & CMSDK_STATE_TXFULL)
    ;
  UART[CMSDK_UART_DATA] = (unsigned char)c;
}

__attribute__((weak)) size_t noos_console_write(const char *buf, size_t len) {
  for (size_t i = 0; i < len; ++i)
    noos_printk(buf[i]);
  return len;
}

/* Waits for the first byte, then takes what has already arrived, up to
 * and including a newline. ^D first is the end of input. */
__attribute__((weak)) size_t noos_console_read(char *buf, size_t len) {
  size_t n = 0;
  if (!uart_up)
    uart_init();
  while (n < len) {
    if (!(UART[CMSDK_UART_STATE] & CMSDK_STATE_RXFULL)) {
      if (n)
        break;
      continue;
    }
    char c = (char)UART[CMSDK_UART_DATA];
    if (n == 0 && c == 4)
      break;
    buf[n++] = c;
    if (c == '\n')
      break;
  }
  return n;
}
