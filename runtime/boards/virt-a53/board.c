/*
 * QEMU virt with a Cortex-A53: the console on the PL011 (polled), and the
 * peripheral range the runtime's identity map makes Device memory
 * (runtime/src/aarch64/mmu.c). QEMU's PL011 needs no baud rate; the
 * control register is still set so the code also suits a PL011 that
 * firmware left disabled.
 *
 * The hooks are weak, so an application can still replace any of them;
 * the board library is linked before the runtime.
 */
#include "board.h"
#include "mmu.h"
#include "shared/gicv2/gicv2.h"
#include "uart-console.h"
#include <noos/noos.h>

#define UART ((volatile uint32_t *)(uintptr_t)VIRT_UART_BASE)

const struct noos_mmio_range noos_board_mmio[] = {
    {VIRT_GIC_BASE, VIRT_MMIO_END - VIRT_GIC_BASE},
    {0, 0}};

void board_uart_init(void) {
  UART[PL011_CR] = PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE;
}

__attribute__((weak)) void noos_hwinit0(void) { noos_uart_console_start(); }

void board_uart_putc(char c) {
  while (UART[PL011_FR] & PL011_FR_TXFF)
    ;
  UART[PL011_DR] = (unsigned char)c;
}

int board_uart_getc(void) {
  if (UART[PL011_FR] & PL011_FR_RXFE)
    return -1;
  return (unsigned char)UART[PL011_DR];
}

const struct noos_gicv2 noos_board_gicv2 = {VIRT_GIC_BASE, VIRT_GIC_BASE + 0x10000};
