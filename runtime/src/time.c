/*
 * Monotonic time: SysTick counting the core clock, extended to 64 bits by
 * counting its wraps in SysTick_Handler, or another source installed with
 * noos_set_system_timer. The core clock rate comes from the board
 * (noos_clock_hz); without one, time does not advance and says so once.
 */
#include "internal.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018)
#define SCB_ICSR (*(volatile uint32_t *)0xE000ED04)
#define SYST_RELOAD 0x00FFFFFFu
#define ICSR_PENDSTSET (1u << 26)

static uint64_t (*system_timer)(void);
static uint32_t clock_hz;
/* Counted by SysTick_Handler (systick.c, kept apart so that the vector
 * table's reference to the handler does not pull this file in). */
extern volatile uint32_t noos_systick_wraps;
#define wraps noos_systick_wraps

__attribute__((weak)) uint32_t noos_clock_hz(void) { return 0; }

void noos_set_system_timer(uint64_t (*nanotime)(void)) {
  system_timer = nanotime;
}

/* Started before main (noos_start). */
void noos_time_init(void) {
  clock_hz = noos_clock_hz();
  if (!clock_hz)
    return;
  SYST_RVR = SYST_RELOAD;
  SYST_CVR = 0;
  SYST_CSR = 7; /* enable, interrupt, processor clock */
  /* The counter takes the reload value at its first tick; until then it
   * reads 0, which systick_ticks would take for a whole period gone by
   * (QEMU can take milliseconds over that first reload). */
  while (SYST_CVR == 0)
    ;
}

static uint64_t systick_ticks(void) {
  uint32_t w, v;
  for (;;) {
    w = wraps;
    v = SYST_CVR;
    /* A wrap that happened with interrupts masked is still pending. */
    if (SCB_ICSR & ICSR_PENDSTSET) {
      v = SYST_CVR;
      return ((uint64_t)w + 1) * (SYST_RELOAD + 1) + (SYST_RELOAD - v);
    }
    if (w == wraps)
      break;
  }
  return (uint64_t)w * (SYST_RELOAD + 1) + (SYST_RELOAD - v);
}

__attribute__((weak)) uint64_t noos_nanotime(void) {
  if (system_timer)
    return system_timer();
  if (!clock_hz) {
    static int said;
    if (!said) {
      said = 1;
      noos_puts_raw("noos: no clock rate for this board: noos_nanotime() "
                    "stays 0 (define noos_clock_hz, or install a timer with "
                    "noos_set_system_timer)\n");
    }
    return 0;
  }
  uint64_t t = systick_ticks();
  return t / clock_hz * 1000000000u + t % clock_hz * 1000000000u / clock_hz;
}
