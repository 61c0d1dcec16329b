/*
 * The runtime's console hooks over a board's UART (uart-console.h). The
 * hooks are weak, so an application can still replace any of them; the
 * board library is linked before the runtime, so these are the ones that
 * replace the runtime's semihosting defaults.
 */
#include "uart-console.h"
#include <noos/noos.h>

static int uart_up;

void noos_uart_console_start(void) {
  if (!uart_up) {
    board_uart_init();
    uart_up = 1;
  }
}

__attribute__((weak)) void noos_printk(char c) {
  noos_uart_console_start();
  board_uart_putc(c);
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
  noos_uart_console_start();
  while (n < len) {
    int c = board_uart_getc();
    if (c < 0) {
      if (n)
        break;
      continue;
    }
    if (n == 0 && c == 4)
      break;
    buf[n++] = (char)c;
    if (c == '\n')
      break;
  }
  return n;
}
