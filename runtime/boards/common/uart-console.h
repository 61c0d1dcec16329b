/*
 * The console of boards with a UART: the board gives three primitives,
 * this file the runtime's console hooks on top of them (polled output,
 * line-at-a-time input, the UART brought up on first use).
 */
#ifndef NOOS_BOARD_UART_CONSOLE_H
#define NOOS_BOARD_UART_CONSOLE_H

/* Provided by the board: set the UART up, send one byte (waiting for room),
 * take one received byte or -1 when none is waiting. */
void board_uart_init(void);
void board_uart_putc(char c);
int board_uart_getc(void);

/* Brings the UART up if it is not yet (boards call it from noos_hwinit0;
 * the console hooks call it on first use, for applications that replace
 * noos_hwinit0). */
void noos_uart_console_start(void);

#endif
