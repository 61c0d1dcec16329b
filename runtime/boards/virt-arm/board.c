/*
 * QEMU's Arm virt machine (virt-a7): the console on the PL011 UART at
 * 0x09000000, polled. QEMU's PL011 needs no clock or baud rate setup.
 *
 * The hooks are weak, so an application can still replace any of them;
 * the board library is linked before the runtime, so its definitions are
 * the ones that replace the runtime's defaults.
 */
#include "uart-console.h"
#include <noos/noos.h>
#include <stdint.h>
#include "shared/gicv2/gicv2.h"

#define PL011_BASE 0x09000000u
#define UART ((volatile uint32_t *)PL011_BASE)

/* PL011 registers (word offsets) and bits (PL011 TRM, 3.3). */
enum { UARTDR = 0x00 / 4, UARTFR = 0x18 / 4, UARTLCR_H = 0x2c / 4,
       UARTCR = 0x30 / 4 };
enum { FR_RXFE = 1u << 4, FR_TXFF = 1u << 5 };
enum { LCR_H_FEN = 1u << 4, LCR_H_WLEN8 = 3u << 5 };
enum { CR_UARTEN = 1u << 0, CR_TXE = 1u << 8, CR_RXE = 1u << 9 };

void board_uart_init(void) {
  UART[UARTCR] = 0;
  UART[UARTLCR_H] = LCR_H_WLEN8 | LCR_H_FEN;
  UART[UARTCR] = CR_UARTEN | CR_TXE | CR_RXE;
}

__attribute__((weak)) void noos_hwinit0(void) { noos_uart_console_start(); }

void board_uart_putc(char c) {
  while (UART[UARTFR] & FR_TXFF)
    ;
  UART[UARTDR] = (unsigned char)c;
}

int board_uart_getc(void) {
  if (UART[UARTFR] & FR_RXFE)
    return -1;
  return (int)(UART[UARTDR] & 0xff);
}

/* The GICv2 (runtime/src/shared/gicv2) of QEMU virt: the distributor at
 * 0x08000000, the CPU interface 64 KiB above. */
const struct noos_gicv2 noos_board_gicv2 = {0x08000000u, 0x08010000u};

/* The generic timer's interrupt (runtime/src/armv7a/time.c): the
 * Non-secure physical timer's PPI (QEMU's virt has no EL3 by default). */
const unsigned noos_board_timer_irq = 30;
