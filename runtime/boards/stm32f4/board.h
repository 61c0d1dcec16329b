/*
 * STM32F405 boards (Netduino Plus 2 as QEMU models it): the console is
 * USART1 (TX PA9, RX PA10, alternate function 7) on APB2; the core runs
 * from the PLL at 168 MHz, fed by the 16 MHz internal oscillator so that
 * no crystal frequency has to be assumed.
 */
#ifndef NOOS_BOARD_STM32F4_H
#define NOOS_BOARD_STM32F4_H

#define STM32_HSI_HZ 16000000u
#define STM32_SYSCLK_HZ 168000000u /* what the clock set-up makes */
/* A board that feeds the PLL from a crystal defines its frequency. */
#ifndef STM32_HSE_HZ
#define STM32_HSE_HZ 0u /* unknown */
#endif
#define STM32_CONSOLE_BAUD 115200u

/* PLL: HSI / M=8 = 2 MHz; x N=168 = 336 MHz; / P=2 = 168 MHz SYSCLK;
 * / Q=7 = 48 MHz for USB/SDIO/RNG. AHB /1, APB1 /4 (42 MHz), APB2 /2
 * (84 MHz); five flash wait states at 168 MHz and 3.3 V. */
#define STM32_PLLM 8u
#define STM32_PLLN 168u
#define STM32_PLLP 2u
#define STM32_PLLQ 7u

#define RCC_BASE 0x40023800u
#define RCC_CR (*(volatile uint32_t *)(RCC_BASE + 0x00))
#define RCC_PLLCFGR (*(volatile uint32_t *)(RCC_BASE + 0x04))
#define RCC_CFGR (*(volatile uint32_t *)(RCC_BASE + 0x08))
#define RCC_AHB1ENR (*(volatile uint32_t *)(RCC_BASE + 0x30))
#define RCC_APB2ENR (*(volatile uint32_t *)(RCC_BASE + 0x44))
#define RCC_PLLCFGR_FIELDS 0x0F437FFFu /* M, N, P, SRC, Q */
#define RCC_CR_PLLON (1u << 24)
#define RCC_CR_PLLRDY (1u << 25)
#define RCC_CFGR_SW_PLL 2u
#define RCC_CFGR_SWS(v) (((v) >> 2) & 3u)
#define RCC_CFGR_PPRE1_DIV4 (5u << 10)
#define RCC_CFGR_PPRE2_DIV2 (4u << 13)
#define RCC_AHB1ENR_GPIOAEN (1u << 0)
#define RCC_APB2ENR_USART1EN (1u << 4)

#define FLASH_ACR (*(volatile uint32_t *)0x40023C00u)
#define FLASH_ACR_5WS_CACHES (5u | (1u << 8) | (1u << 9) | (1u << 10))

#define GPIOA_BASE 0x40020000u
#define GPIOA_MODER (*(volatile uint32_t *)(GPIOA_BASE + 0x00))
#define GPIOA_AFRH (*(volatile uint32_t *)(GPIOA_BASE + 0x24))

#define USART1_BASE 0x40011000u
#define USART_SR 0
#define USART_DR 1
#define USART_BRR 2
#define USART_CR1 3
#define USART_SR_RXNE (1u << 5)
#define USART_SR_TXE (1u << 7)
#define USART_CR1_RE (1u << 2)
#define USART_CR1_TE (1u << 3)
#define USART_CR1_UE (1u << 13)

#endif
