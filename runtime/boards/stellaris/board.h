/*
 * TI (Luminary Micro) Stellaris LM3S6965 evaluation board: the console is
 * UART0, a PL011 at 0x4000C000 on PA0 (RX) / PA1 (TX); the core runs from
 * the PLL at 50 MHz, fed by the board's 8 MHz crystal.
 *
 * QEMU models the system control block's RCC: the core clock is 200 MHz
 * divided by SYSDIV + 1, so the 50 MHz set-up below is 50 MHz there too.
 */
#ifndef NOOS_BOARD_STELLARIS_H
#define NOOS_BOARD_STELLARIS_H

#define LM3S_XTAL_HZ 8000000u
#define LM3S_XTAL_FIELD 0xEu /* RCC.XTAL for 8 MHz */
#define LM3S_SYSDIV 3u       /* 200 MHz / (3 + 1) = 50 MHz */
#define LM3S_CONSOLE_BAUD 115200u

#define SYSCTL_BASE 0x400FE000u
#define SYSCTL_RIS (*(volatile uint32_t *)(SYSCTL_BASE + 0x050))
#define SYSCTL_MISC (*(volatile uint32_t *)(SYSCTL_BASE + 0x058))
#define SYSCTL_RCC (*(volatile uint32_t *)(SYSCTL_BASE + 0x060))
#define SYSCTL_RCC2 (*(volatile uint32_t *)(SYSCTL_BASE + 0x070))
#define SYSCTL_RCGC1 (*(volatile uint32_t *)(SYSCTL_BASE + 0x104))
#define SYSCTL_RCGC2 (*(volatile uint32_t *)(SYSCTL_BASE + 0x108))
#define SYSCTL_RIS_PLLLRIS (1u << 6)
#define RCC_MOSCDIS (1u << 0)
#define RCC_OSCSRC(v) (((v) >> 4) & 3u)
#define RCC_XTAL_SHIFT 6
#define RCC_BYPASS (1u << 11)
#define RCC_OEN (1u << 12)
#define RCC_PWRDN (1u << 13)
#define RCC_USESYSDIV (1u << 22)
#define RCC_SYSDIV_SHIFT 23
#define RCC2_USERCC2 (1u << 31)
#define RCGC1_UART0 (1u << 0)
#define RCGC2_GPIOA (1u << 0)

#define GPIOA_BASE 0x40004000u
#define GPIOA_AFSEL (*(volatile uint32_t *)(GPIOA_BASE + 0x420))
#define GPIOA_DEN (*(volatile uint32_t *)(GPIOA_BASE + 0x51C))

#define UART0_BASE 0x4000C000u
#define UART_DR 0
#define UART_FR (0x18 / 4)
#define UART_IBRD (0x24 / 4)
#define UART_FBRD (0x28 / 4)
#define UART_LCRH (0x2C / 4)
#define UART_CTL (0x30 / 4)
#define UART_FR_RXFE (1u << 4)
#define UART_FR_TXFF (1u << 5)
#define UART_LCRH_FEN (1u << 4)
#define UART_LCRH_WLEN8 (3u << 5)
#define UART_CTL_UARTEN (1u << 0)
#define UART_CTL_TXE (1u << 8)
#define UART_CTL_RXE (1u << 9)

#endif
