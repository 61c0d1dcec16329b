/*
 * Stellaris LM3S6965 board code: the PLL, the console on UART0 (polled)
 * and the core clock rate for SysTick.
 *
 * The hooks are weak, so an application can still replace any of them;
 * the board library is linked before the runtime, so its definitions are
 * the ones that replace the runtime's defaults.
 */
#include "board.h"
#include "uart-console.h"
#include <noos/noos.h>

#define UART ((volatile uint32_t *)UART0_BASE)

/* The core clock from RCC (the part's RCC2 overrides it only when an
 * application switched to it; then only the PLL case is decoded). */
static uint32_t sysclk_hz(void) {
  uint32_t rcc = SYSCTL_RCC, hz;
  if (SYSCTL_RCC2 & RCC2_USERCC2) {
    uint32_t rcc2 = SYSCTL_RCC2;
    if (rcc2 & RCC_BYPASS)
      return 0; /* not decoded */
    return 200000000u / (((rcc2 >> 23) & 0x3f) + 1);
  }
  if (!(rcc & RCC_BYPASS))
    hz = 200000000u; /* the PLL's 400 MHz, halved */
  else
    switch (RCC_OSCSRC(rcc)) {
    case 0:
      hz = LM3S_XTAL_HZ;
      break;
    case 1:
      hz = 12000000u; /* internal oscillator, +-30% */
      break;
    case 2:
      hz = 3000000u;
      break;
    default:
      hz = 30000u;
    }
  if (rcc & RCC_USESYSDIV)
    hz /= ((rcc >> RCC_SYSDIV_SHIFT) & 0xf) + 1;
  return hz;
}

/* The data sheet's sequence: bypass the PLL, start the crystal and the
 * PLL, set the divider, wait for lock, switch over. */
static void clock_init(void) {
  uint32_t rcc = SYSCTL_RCC;
  if (!(rcc & RCC_BYPASS) || (SYSCTL_RCC2 & RCC2_USERCC2))
    return; /* already on the PLL, or set up by someone else */
  rcc = (rcc | RCC_BYPASS) & ~RCC_USESYSDIV;
  SYSCTL_RCC = rcc;
  SYSCTL_MISC = SYSCTL_RIS_PLLLRIS; /* a lock from before does not count */
  rcc &= ~(RCC_MOSCDIS | (3u << 4) | (0xfu << RCC_XTAL_SHIFT) | RCC_PWRDN |
           RCC_OEN);
  rcc |= LM3S_XTAL_FIELD << RCC_XTAL_SHIFT; /* OSCSRC = main oscillator */
  SYSCTL_RCC = rcc;
  rcc = (rcc & ~(0xfu << RCC_SYSDIV_SHIFT)) |
        LM3S_SYSDIV << RCC_SYSDIV_SHIFT | RCC_USESYSDIV;
  SYSCTL_RCC = rcc;
  for (uint32_t i = 0; !(SYSCTL_RIS & SYSCTL_RIS_PLLLRIS); ++i)
    if (i == 1000000)
      return; /* no lock: stay bypassed (sysclk_hz says so) */
  SYSCTL_RCC = rcc & ~RCC_BYPASS;
}

/* The console comes up in noos_hwinit0, or on first use when an
 * application's noos_hwinit0 replaced the board's. */
void board_uart_init(void) {
  SYSCTL_RCGC1 |= RCGC1_UART0;
  SYSCTL_RCGC2 |= RCGC2_GPIOA;
  (void)SYSCTL_RCGC2; /* a few cycles before the modules answer */
  GPIOA_AFSEL |= 3;
  GPIOA_DEN |= 3;
  UART[UART_CTL] = 0;
  /* Divisor in 1/64ths: clock / (16 * baud) = clock * 4 / baud. */
  uint32_t div64 = (uint32_t)(((uint64_t)sysclk_hz() * 4 + LM3S_CONSOLE_BAUD / 2) /
                              LM3S_CONSOLE_BAUD);
  UART[UART_IBRD] = div64 >> 6;
  UART[UART_FBRD] = div64 & 63;
  UART[UART_LCRH] = UART_LCRH_WLEN8 | UART_LCRH_FEN;
  UART[UART_CTL] = UART_CTL_UARTEN | UART_CTL_TXE | UART_CTL_RXE;
}

__attribute__((weak)) void noos_hwinit0(void) {
  clock_init();
  noos_uart_console_start();
}

__attribute__((weak)) uint32_t noos_clock_hz(void) { return sysclk_hz(); }

void board_uart_putc(char c) {
  while (UART[UART_FR] & UART_FR_TXFF)
    ;
  UART[UART_DR] = (unsigned char)c;
}

int board_uart_getc(void) {
  if (UART[UART_FR] & UART_FR_RXFE)
    return -1;
  return (unsigned char)UART[UART_DR];
}
