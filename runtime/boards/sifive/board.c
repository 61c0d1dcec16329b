/*
 * SiFive's boards on QEMU: the console on SiFive UART0, polled, at
 * 0x10013000 on sifive_e (the E31-class microcontroller) and 0x10010000
 * on sifive_u (the FU540). QEMU's model needs no baud divisor; the
 * transmitter and receiver are enabled as on the hardware.
 *
 * The hooks are weak, so an application can still replace any of them;
 * the board library is linked before the runtime, so its definitions are
 * the ones that replace the runtime's defaults.
 */
#include "uart-console.h"
#include <noos/noos.h>
#include <stdint.h>

#if defined(NOOS_BOARD_sifive_u)
#define UART0_BASE 0x10010000u
#else
#define UART0_BASE 0x10013000u
#endif
#define UART ((volatile uint32_t *)(uintptr_t)UART0_BASE)

/* SiFive UART registers (word offsets) and bits (FE310-G000 manual, 18). */
enum { TXDATA = 0x00 / 4, RXDATA = 0x04 / 4, TXCTRL = 0x08 / 4,
       RXCTRL = 0x0c / 4 };
enum { DATA_FLAG = 1u << 31, CTRL_EN = 1u << 0 };

/* mtime's rate: QEMU's sifive_u counts at 1 MHz (the FU540's
 * timebase). QEMU's sifive_e counts at 10 MHz, although the FE310's mtime
 * runs from the 32768 Hz real-time clock: on the hardware, a board file
 * for it would say 32768. The CLINT is at 0x02000000 on both (time.c's
 * default). */
uint32_t noos__rv_mtime_hz(void) {
#if defined(NOOS_BOARD_sifive_u)
  return 1000000u;
#else
  return 10000000u;
#endif
}

/* The PLIC (runtime/src/riscv/plic.c), at 0x0c000000 on both, and its
 * context of hart 0's machine mode, 0 on both: sifive_e has one hart with
 * machine mode alone (one context); on sifive_u, hart 0 (the E51) has
 * only machine mode, so its one context is 0 and hart 1 (the U54) has
 * contexts 1 (machine) and 2 (supervisor), where virt gives every hart
 * two. The sources and their names are in the board files ("irq-count",
 * "irq-names"). */
struct noos_rv_plic {
  uintptr_t base;
  uint32_t context;
};
const struct noos_rv_plic noos_board_plic = {0x0c000000u, 0};

void board_uart_init(void) {
  UART[TXCTRL] = CTRL_EN;
  UART[RXCTRL] = CTRL_EN;
}

__attribute__((weak)) void noos_hwinit0(void) { noos_uart_console_start(); }

void board_uart_putc(char c) {
  while (UART[TXDATA] & DATA_FLAG) /* full */
    ;
  UART[TXDATA] = (unsigned char)c;
}

int board_uart_getc(void) {
  uint32_t v = UART[RXDATA];
  if (v & DATA_FLAG) /* empty */
    return -1;
  return (int)(v & 0xff);
}
