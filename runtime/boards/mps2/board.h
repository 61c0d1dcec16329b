/*
 * ARM MPS2/MPS2+ FPGA images, as QEMU models them: the console is UART0,
 * a CMSDK APB UART on the peripheral clock, which is also the core clock.
 *   AN385 (M3), AN386 (M4), AN500 (M7): UART0 at 0x40004000, 25 MHz.
 *   AN505 (M33, SSE-200 IoT kit): UART0 at 0x40200000 behind an APB
 *     peripheral protection controller that resets to secure-only; the
 *     image runs secure, so it uses the secure alias 0x50200000. 20 MHz.
 */
#ifndef NOOS_BOARD_MPS2_H
#define NOOS_BOARD_MPS2_H

#if defined(NOOS_BOARD_mps2_an505)
#define MPS2_UART0_BASE 0x50200000u
#define MPS2_SYSCLK_HZ 20000000u
#else
#define MPS2_UART0_BASE 0x40004000u
#define MPS2_SYSCLK_HZ 25000000u
#endif

#define MPS2_CONSOLE_BAUD 115200u

/* CMSDK APB UART registers (word offsets) and bits. */
#define CMSDK_UART_DATA 0
#define CMSDK_UART_STATE 1
#define CMSDK_UART_CTRL 2
#define CMSDK_UART_BAUDDIV 4
#define CMSDK_STATE_TXFULL (1u << 0)
#define CMSDK_STATE_RXFULL (1u << 1)
#define CMSDK_CTRL_TXEN (1u << 0)
#define CMSDK_CTRL_RXEN (1u << 1)

#endif
