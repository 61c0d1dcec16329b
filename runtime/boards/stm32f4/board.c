/*
 * STM32F4 board code: the PLL, the console on USART1 (polled) and the core
 * clock rate for SysTick.
 *
 * QEMU does not model the RCC (it reads as zero and ignores writes) and
 * runs the core at 168 MHz from the start; a real part comes out of reset
 * on the 16 MHz HSI with HSIRDY set. So an RCC that reads as all zeros is
 * taken to be an emulator's, already at the rate this code would set.
 *
 * The hooks are weak, so an application can still replace any of them;
 * the board library is linked before the runtime, so its definitions are
 * the ones that replace the runtime's defaults.
 */
#include "board.h"
#include "uart-console.h"
#include <noos/noos.h>

#define USART ((volatile uint32_t *)USART1_BASE)

static int rcc_modelled(void) { return RCC_CR != 0; }

/* The core clock from the RCC's current state. */
static uint32_t sysclk_hz(void) {
  if (!rcc_modelled())
    return STM32_SYSCLK_HZ;
  uint32_t cfgr = RCC_CFGR;
  switch (RCC_CFGR_SWS(cfgr)) {
  case 0:
    return STM32_HSI_HZ;
  case 1:
    return STM32_HSE_HZ;
  case 2: {
    uint32_t pll = RCC_PLLCFGR;
    uint32_t in = (pll & (1u << 22)) ? STM32_HSE_HZ : STM32_HSI_HZ;
    uint32_t m = pll & 0x3f, n = (pll >> 6) & 0x1ff, p = 2 * (((pll >> 16) & 3) + 1);
    if (!m)
      return 0;
    return (uint32_t)((uint64_t)in / m * n / p);
  }
  default:
    return 0;
  }
}

/* APB2 (USART1's bus) from the core clock and the CFGR prescaler. */
static uint32_t apb2_hz(void) {
  uint32_t hz = sysclk_hz();
  if (!rcc_modelled())
    return hz / 2;
  uint32_t ppre2 = (RCC_CFGR >> 13) & 7;
  return ppre2 < 4 ? hz : hz >> (ppre2 - 3);
}

static void clock_init(void) {
  if (!rcc_modelled() || RCC_CFGR_SWS(RCC_CFGR) == RCC_CFGR_SW_PLL)
    return;
  FLASH_ACR = FLASH_ACR_5WS_CACHES;
  RCC_CFGR = RCC_CFGR_PPRE1_DIV4 | RCC_CFGR_PPRE2_DIV2; /* still on HSI */
  RCC_PLLCFGR = (RCC_PLLCFGR & ~RCC_PLLCFGR_FIELDS) | STM32_PLLM |
                STM32_PLLN << 6 | (STM32_PLLP / 2 - 1) << 16 |
                STM32_PLLQ << 24; /* PLLSRC = HSI; reserved bits kept */
  RCC_CR |= RCC_CR_PLLON;
  for (uint32_t i = 0; !(RCC_CR & RCC_CR_PLLRDY); ++i)
    if (i == 1000000)
      return; /* no lock: stay on the HSI (sysclk_hz says so) */
  RCC_CFGR |= RCC_CFGR_SW_PLL;
  while (RCC_CFGR_SWS(RCC_CFGR) != RCC_CFGR_SW_PLL)
    ;
}

/* The console comes up in noos_hwinit0, or on first use when an
 * application's noos_hwinit0 replaced the board's. */
void board_uart_init(void) {
  RCC_AHB1ENR |= RCC_AHB1ENR_GPIOAEN;
  RCC_APB2ENR |= RCC_APB2ENR_USART1EN;
  (void)RCC_APB2ENR; /* the clock is on two cycles after the write */
  /* PA9 (TX) and PA10 (RX): alternate function 7. */
  GPIOA_AFRH = (GPIOA_AFRH & ~(0xffu << 4)) | (7u << 4) | (7u << 8);
  GPIOA_MODER = (GPIOA_MODER & ~(0xfu << 18)) | (2u << 18) | (2u << 20);
  USART[USART_CR1] = 0;
  USART[USART_BRR] = (apb2_hz() + STM32_CONSOLE_BAUD / 2) / STM32_CONSOLE_BAUD;
  USART[USART_CR1] = USART_CR1_UE | USART_CR1_TE | USART_CR1_RE;
}

__attribute__((weak)) void noos_hwinit0(void) {
  clock_init();
  noos_uart_console_start();
}

__attribute__((weak)) uint32_t noos_clock_hz(void) { return sysclk_hz(); }

void board_uart_putc(char c) {
  while (!(USART[USART_SR] & USART_SR_TXE))
    ;
  USART[USART_DR] = (unsigned char)c;
}

int board_uart_getc(void) {
  if (!(USART[USART_SR] & USART_SR_RXNE))
    return -1;
  return (unsigned char)USART[USART_DR];
}
