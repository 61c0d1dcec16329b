/*
 * Monotonic time and the scheduler's alarm over a free-running 64-bit
 * counter with a compare interrupt: the Arm generic timer (CNTPCT and
 * CNTP_CVAL), RISC-V's mtime and mtimecmp. Shared by the ports that have
 * one (their shared-parts.txt names "counter-time"); Cortex-M's SysTick,
 * a 24-bit down-counter, has its own (arm-m/time.c).
 *
 * The port gives (port.h or its sources):
 *   uint64_t k_counter(void)              the counter
 *   uint64_t k_counter_hz(void)           its rate, 0 when unknown
 *   void k_counter_compare(uint64_t t)    interrupt at t; UINT64_MAX: none
 *   void k_counter_start(void)            enable the timer interrupt
 * and calls noos__counter_irq from the timer interrupt.
 *
 * A counter this wide never wraps in practice (2^64 ticks at 1 GHz is 584
 * years), so unlike SysTick there is no period bookkeeping: time is the
 * counter converted, and the alarm is one compare value. Conversions are
 * 32.32 fixed-point multiplications done in 32-bit pieces (no 64-bit
 * division per reading, which rv32 would pay for in software); the rates
 * here (62.5 MHz, 10 MHz, 1 MHz, 32768 Hz) have exact factors.
 */
#include "kernel.h"

#define NS 1000000000u

static uint64_t (*system_timer)(void);
static void (*system_alarm)(uint64_t when);
static uint64_t hz;
static uint64_t ns_per_tick;  /* 32.32 fixed point */
static uint32_t tick_per_ns;  /* 0.32 fixed point (rates below 1 GHz) */
static uint64_t alarm = NOOS_FOREVER;

/* The scheduler's, when it is linked. */
__attribute__((weak)) void noos__alarm(uint64_t now);

void noos_set_system_timer(uint64_t (*nanotime)(void)) {
  system_timer = nanotime;
}

void noos_set_system_alarm(void (*set_alarm)(uint64_t when)) {
  system_alarm = set_alarm;
}

/* posix-time.c's clock_getres: one tick of the counter, unless a board
 * timer replaced it. */
uint64_t noos__clock_tick_hz(void) {
  return system_timer ? 0 : k_counter_hz();
}

/* (a * b) >> 32 for a 64-bit a and a 32.32 b, without a 128-bit type. */
static uint64_t mul_shr32(uint64_t a, uint64_t b) {
  uint64_t ah = a >> 32, al = (uint32_t)a, bh = b >> 32, bl = (uint32_t)b;
  return ((ah * bh) << 32) + ah * bl + al * bh + ((al * bl) >> 32);
}

static uint64_t ticks_to_ns(uint64_t t) { return mul_shr32(t, ns_per_tick); }

/* Rounded up: an alarm must not fire before its time, or the scheduler
 * would find nothing due and set the same compare again. */
static uint64_t ns_to_ticks(uint64_t ns) {
  return mul_shr32(ns, tick_per_ns) + 1;
}

/* Run at start-up when time is linked (NOOS_START_STEP below), and by the
 * scheduler (which may start first, from a constructor): once. */
void noos_time_init(void) {
  if (hz)
    return;
  uint64_t r = k_counter_hz();
  if (!r || r > NS)
    return;
  ns_per_tick = ((uint64_t)NS << 32) / r;
  tick_per_ns = (uint32_t)((r << 32) / NS);
  hz = r;
  k_counter_compare(UINT64_MAX);
  k_counter_start();
}
NOOS_START_STEP(10, noos_time_init);

int noos__alarm_works(void) { return system_alarm || hz; }

uint64_t noos_nanotime(void) {
  if (system_timer)
    return system_timer();
  if (!hz) {
    static int said;
    if (!said) {
      said = 1;
      noos_puts_raw("noos: no counter rate for this board: noos_nanotime() "
                    "stays 0 (give the board's timer rate, or install a timer "
                    "with noos_set_system_timer)\n");
    }
    return 0;
  }
  return ticks_to_ns(k_counter());
}

/* Interrupts masked. */
void noos__alarm_set(uint64_t when) {
  alarm = when;
  if (system_alarm)
    system_alarm(when);
  else if (hz)
    k_counter_compare(when == NOOS_FOREVER ? UINT64_MAX : ns_to_ticks(when));
}

static void fire(void) {
  uint64_t now = noos_nanotime();
  if (alarm <= now) {
    alarm = NOOS_FOREVER;
    if (!system_alarm && hz)
      k_counter_compare(UINT64_MAX);
    if (noos__alarm)
      noos__alarm(now); /* sets the next one */
  } else if (system_alarm) {
    system_alarm(alarm); /* it came early */
  }
}

/* The port's timer interrupt. */
void noos__counter_irq(void) {
  uint32_t m = k_lock();
  if (!system_alarm)
    fire();
  k_unlock(m);
}

/* The board's alarm interrupt (noos_set_system_alarm). */
void noos_system_alarm(void) {
  uint32_t m = k_lock();
  fire();
  k_unlock(m);
}
