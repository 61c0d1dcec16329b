/*
 * MPS2 board code: the console on UART0 (polled) and the core clock rate
 * for SysTick.
 *
 * The hooks are weak, so an application can still replace any of them;
 * the board library is linked before the runtime, so its definitions are
 * the ones that replace the runtime's defaults.
 */
#include "board.h"
#include "uart-console.h"
#include <noos/noos.h>

#define UART ((volatile uint32_t *)MPS2_UART0_BASE)

/* The console comes up in noos_hwinit0, or on first use when an
 * application's noos_hwinit0 replaced the board's. */
void board_uart_init(void) {
  UART[CMSDK_UART_BAUDDIV] =
      (MPS2_SYSCLK_HZ + MPS2_CONSOLE_BAUD / 2) / MPS2_CONSOLE_BAUD;
  UART[CMSDK_UART_CTRL] = CMSDK_CTRL_TXEN | CMSDK_CTRL_RXEN;
  /* Nothing can have arrived with the receiver off; reading DATA is how
   * the UART says it can take input (QEMU holds back what came early). */
  (void)UART[CMSDK_UART_DATA];
}

__attribute__((weak)) void noos_hwinit0(void) { noos_uart_console_start(); }

/* SysTick counts the core clock, which the FPGA image fixes. */
__attribute__((weak)) uint32_t noos_clock_hz(void) { return MPS2_SYSCLK_HZ; }

void board_uart_putc(char c) {
  while (UART[CMSDK_UART_STATE] & CMSDK_STATE_TXFULL)
    ;
  UART[CMSDK_UART_DATA] = (unsigned char)c;
}

int board_uart_getc(void) {
  if (!(UART[CMSDK_UART_STATE] & CMSDK_STATE_RXFULL))
    return -1;
  return (unsigned char)UART[CMSDK_UART_DATA];
}
