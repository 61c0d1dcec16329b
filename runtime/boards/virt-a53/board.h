/* QEMU virt (AArch64, Cortex-A53): the addresses the board code uses
 * (QEMU's hw/arm/virt.c memory map). */
#ifndef NOOS_BOARD_VIRT_A53_H
#define NOOS_BOARD_VIRT_A53_H

#define VIRT_GIC_BASE 0x08000000u   /* GICv2 distributor and CPU interface */
#define VIRT_UART_BASE 0x09000000u  /* PL011 */
#define VIRT_MMIO_END 0x0a000000u   /* GIC, UART, RTC, fw_cfg, GPIO */

/* PL011 registers (word offsets) and bits. */
#define PL011_DR 0x00
#define PL011_FR (0x18 / 4)
#define PL011_CR (0x30 / 4)
#define PL011_FR_RXFE (1u << 4)
#define PL011_FR_TXFF (1u << 5)
#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_TXE (1u << 8)
#define PL011_CR_RXE (1u << 9)

#endif
