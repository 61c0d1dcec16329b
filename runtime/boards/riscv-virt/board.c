/*
 * QEMU's RISC-V virt machine (virt, virt32): the console on the ns16550a
 * UART at 0x10000000, polled (QEMU's needs no baud rate setup; the FIFO
 * is turned on).
 *
 * The hooks are weak, so an application can still replace any of them;
 * the board library is linked before the runtime, so its definitions are
 * the ones that replace the runtime's defaults.
 */
#include "uart-console.h"
#include <noos/noos.h>
#include <stdint.h>

#define NS16550A_BASE 0x10000000u
#define UART ((volatile uint8_t *)(uintptr_t)NS16550A_BASE)

/* ns16550a registers (byte offsets) and bits. */
enum { RBR_THR = 0, IER = 1, FCR = 2, LCR = 3, LSR = 5 };
enum { LSR_DR = 1u << 0, LSR_THRE = 1u << 5 };
enum { FCR_ENABLE = 1u << 0, LCR_8N1 = 3u };

/* The CLINT's mtime counts at 10 MHz on QEMU's virt (its device tree's
 * timebase-frequency); the CLINT is at 0x02000000, time.c's default. */
uint32_t noos__rv_mtime_hz(void) { return 10000000u; }

/* The PLIC (runtime/src/riscv/plic.c): sources 1-95, as the board file's
 * "irq-count" and "irq-names" say. Its contexts are each hart's machine
 * then supervisor mode (the device tree's interrupts-extended): hart 0's
 * machine mode is context 0. */
struct noos_rv_plic {
  uintptr_t base;
  uint32_t context;
};
const struct noos_rv_plic noos_board_plic = {0x0c000000u, 0};

void board_uart_init(void) {
  UART[IER] = 0;
  UART[LCR] = LCR_8N1;
  UART[FCR] = FCR_ENABLE;
}

__attribute__((weak)) void noos_hwinit0(void) { noos_uart_console_start(); }

void board_uart_putc(char c) {
  while (!(UART[LSR] & LSR_THRE))
    ;
  UART[RBR_THR] = (uint8_t)c;
}

int board_uart_getc(void) {
  if (!(UART[LSR] & LSR_DR))
    return -1;
  return UART[RBR_THR];
}
