/*
 * nRF51822 boards (BBC micro:bit v1): the console is the UART (TX P0.24,
 * RX P0.25 on the micro:bit, 115200 baud); time comes from TIMER0, since
 * the nRF51's Cortex-M0 has no SysTick. The 16 MHz crystal is started
 * for an accurate baud rate and timer.
 */
#ifndef NOOS_BOARD_NRF51_H
#define NOOS_BOARD_NRF51_H

#define NRF51_UART_TX_PIN 24u
#define NRF51_UART_RX_PIN 25u
#define NRF51_BAUD_115200 0x01D7E000u

#define NRF_CLOCK_BASE 0x40000000u
#define CLOCK_TASKS_HFCLKSTART (*(volatile uint32_t *)(NRF_CLOCK_BASE + 0x000))
#define CLOCK_EVENTS_HFCLKSTARTED (*(volatile uint32_t *)(NRF_CLOCK_BASE + 0x100))

#define NRF_UART0_BASE 0x40002000u
#define UART_TASKS_STARTRX 0x000
#define UART_TASKS_STARTTX 0x008
#define UART_EVENTS_RXDRDY 0x108
#define UART_EVENTS_TXDRDY 0x11C
#define UART_ENABLE 0x500
#define UART_PSELRTS 0x508
#define UART_PSELTXD 0x50C
#define UART_PSELCTS 0x510
#define UART_PSELRXD 0x514
#define UART_RXD 0x518
#define UART_TXD 0x51C
#define UART_BAUDRATE 0x524
#define UART_CONFIG 0x56C
#define UART_ENABLE_ENABLED 4u

#define NRF_GPIO_BASE 0x50000000u
#define GPIO_OUTSET (*(volatile uint32_t *)(NRF_GPIO_BASE + 0x508))
#define GPIO_PIN_CNF(n) (*(volatile uint32_t *)(NRF_GPIO_BASE + 0x700 + 4 * (n)))

/* TIMER0: the only nRF51 timer with a 32-bit mode; 16 MHz (prescaler 0). */
#define NRF_TIMER0_BASE 0x40008000u
#define NRF51_TIMER_HZ 16000000u
#define TIMER_TASKS_START 0x000
#define TIMER_TASKS_STOP 0x004
#define TIMER_TASKS_CLEAR 0x00C
#define TIMER_TASKS_CAPTURE(n) (0x040 + 4 * (n))
#define TIMER_EVENTS_COMPARE(n) (0x140 + 4 * (n))
#define TIMER_INTENSET 0x304
#define TIMER_INTENCLR 0x308
#define TIMER_MODE 0x504
#define TIMER_BITMODE 0x508
#define TIMER_PRESCALER 0x510
#define TIMER_CC(n) (0x540 + 4 * (n))
#define TIMER_BITMODE_32 3u
#define TIMER_INTEN_COMPARE(n) (1u << (16 + (n)))
#define NRF51_TIMER0_IRQ 8u

/* RNG: one random byte per VALRDY event. */
#define NRF_RNG_BASE 0x4000D000u
#define RNG_TASKS_START 0x000
#define RNG_TASKS_STOP 0x004
#define RNG_EVENTS_VALRDY 0x100
#define RNG_CONFIG 0x504
#define RNG_VALUE 0x508

#define NVIC_ISER (*(volatile uint32_t *)0xE000E100u)
#define NVIC_ISPR (*(volatile uint32_t *)0xE000E200u)

#endif
