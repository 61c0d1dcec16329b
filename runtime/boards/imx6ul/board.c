/*
 * NXP i.MX6UL (mcimx6ul-evk, the USB armory Mk II's SoC): the console on
 * UART1 at 0x02020000, polled. The boot ROM (or QEMU) leaves the UART's
 * clocks and baud rate set; the transmitter and receiver are enabled here
 * (UCR1.UARTEN, UCR2.TXEN/RXEN), which QEMU's model needs before it
 * passes bytes on.
 *
 * The hooks are weak, so an application can still replace any of them;
 * the board library is linked before the runtime, so its definitions are
 * the ones that replace the runtime's defaults.
 */
#include "uart-console.h"
#include <noos/noos.h>
#include <stdint.h>
#include "shared/gicv2/gicv2.h"

#define UART1_BASE 0x02020000u
#define UART ((volatile uint32_t *)UART1_BASE)

/* i.MX UART registers (word offsets) and bits (i.MX6UL reference manual,
 * chapter 53). */
enum { URXD = 0x00 / 4, UTXD = 0x40 / 4, UCR1 = 0x80 / 4, UCR2 = 0x84 / 4,
       UTS = 0xb4 / 4 };
enum { URXD_CHARRDY = 1u << 15 };
enum { UCR1_UARTEN = 1u << 0 };
enum { UCR2_SRST = 1u << 0, UCR2_RXEN = 1u << 1, UCR2_TXEN = 1u << 2,
       UCR2_WS = 1u << 5, UCR2_IRTS = 1u << 14 };
enum { UTS_TXFULL = 1u << 4, UTS_RXEMPTY = 1u << 5 };

void board_uart_init(void) {
  UART[UCR1] |= UCR1_UARTEN;
  /* SRST is active low: 1 keeps the UART out of reset. 8 data bits, RTS
   * ignored. */
  UART[UCR2] |= UCR2_SRST | UCR2_RXEN | UCR2_TXEN | UCR2_WS | UCR2_IRTS;
}

__attribute__((weak)) void noos_hwinit0(void) { noos_uart_console_start(); }

void board_uart_putc(char c) {
  while (UART[UTS] & UTS_TXFULL)
    ;
  UART[UTXD] = (unsigned char)c;
}

int board_uart_getc(void) {
  if (UART[UTS] & UTS_RXEMPTY)
    return -1;
  return (int)(UART[URXD] & 0xff);
}

/* The GICv2 (runtime/src/shared/gicv2) of the i.MX6UL: in the Cortex-A7
 * MPCore private region at 0x00a00000, distributor +0x1000, CPU interface
 * +0x2000. */
const struct noos_gicv2 noos_board_gicv2 = {0x00a01000u, 0x00a02000u};

/* The generic timer's interrupt (runtime/src/armv7a/time.c): the Secure
 * physical timer's PPI, as the i.MX6UL boots Secure. */
const unsigned noos_board_timer_irq = 29;
