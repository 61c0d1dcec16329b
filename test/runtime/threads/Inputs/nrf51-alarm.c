// The scheduler's alarm on the micro:bit, whose Cortex-M0 has no SysTick
// (the board takes time from TIMER0): TIMER1 counts at 16 MHz, its
// compare 0 interrupts at the alarm and calls noos_system_alarm. Linked
// into the tests for the micro:bit; a board library would do the same.
#include <noos/noos.h>
#include <noos/thread.h>
#include <stdint.h>

#define TIMER1 0x40009000u
#define R(off) (*(volatile uint32_t *)(TIMER1 + (off)))
#define TASKS_START 0x000
#define TASKS_CLEAR 0x00c
#define TASKS_CAPTURE(n) (0x040 + 4 * (n))
#define EVENTS_COMPARE(n) (0x140 + 4 * (n))
#define INTENSET 0x304
#define INTENCLR 0x308
#define MODE 0x504
#define BITMODE 0x508
#define PRESCALER 0x510
#define CC(n) (0x540 + 4 * (n))
#define TIMER1_IRQ 9
#define NVIC_ISPR (*(volatile uint32_t *)0xE000E200)

static void set_alarm(uint64_t when) {
  R(INTENCLR) = 1u << 16; /* COMPARE[0] */
  R(EVENTS_COMPARE(0)) = 0;
  if (when == NOOS_FOREVER)
    return;
  uint64_t now = noos_nanotime();
  uint64_t ns = when > now ? when - now : 0;
  if (ns > 100000000000ull)
    ns = 100000000000ull; /* 100 s: well inside the counter's 268 s */
  uint32_t ticks = (uint32_t)(ns * 2 / 125) + 2; /* 16 MHz, rounded up */
  R(TASKS_CAPTURE(1)) = 1;
  uint32_t cc = R(CC(1)) + ticks;
  R(CC(0)) = cc;
  R(INTENSET) = 1u << 16;
  /* A compare only fires when the counter reaches it: if it is (nearly)
   * there already, interrupt now; the handler looks at the time again. */
  R(TASKS_CAPTURE(1)) = 1;
  if ((int32_t)(cc - R(CC(1))) < 16)
    NVIC_ISPR = 1u << TIMER1_IRQ;
}

void TIMER1_IRQHandler(void) {
  R(EVENTS_COMPARE(0)) = 0;
  (void)R(EVENTS_COMPARE(0)); /* the clear lands before the return */
  noos_system_alarm();
}

__attribute__((constructor)) static void alarm_init(void) {
  R(MODE) = 0;
  R(BITMODE) = 3; /* 32 bits */
  R(PRESCALER) = 0;
  R(TASKS_CLEAR) = 1;
  R(TASKS_START) = 1;
  noos_irq_enable(TIMER1_IRQ);
  noos_set_system_alarm(set_alarm);
}
