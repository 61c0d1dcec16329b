/*
 * Monotonic time and the scheduler's alarm, both from SysTick counting the
 * core clock (noos_clock_hz from the board; without one, time does not
 * advance and says so once), or time from another source installed with
 * noos_set_system_timer.
 *
 * SysTick counts down periods of up to 2^24 ticks. Time is the start of
 * the current period (kept as whole seconds plus ticks, so converting to
 * nanoseconds needs no division) plus how far the counter has come. There
 * is no periodic tick: the period normally has the maximum length, and
 * the alarm (noos__alarm_set, one at a time: the scheduler's next
 * timeout or time-slice end) shortens it:
 *   - an alarm beyond the current period sets the next period's length
 *     (SYST_RVR takes effect at the next reload: no time is lost);
 *   - an alarm before the end of the current period cuts it short by
 *     writing SYST_CVR, which loses the cycles between reading and
 *     writing the counter (a few, at most once per alarm set earlier
 *     than the next interrupt); the period after it has the same length
 *     (one more interrupt, which sets the next length as above).
 * Periods are never shorter than 50 us (min_len): a wrap must not be
 * missed by interrupts masked for longer than a period.
 *
 * The reload may come between the last look at the counter and a write
 * of SYST_RVR, and then takes the old length: the alarm would wait for
 * the next wrap (up to 2^24 ticks) and time would count the wrong length.
 * So every SYST_RVR write is followed by a look at COUNTFLAG (set_next):
 * a reload since the last look is accounted for, with the length the
 * counter shows it took (when it cannot tell, the period starts over),
 * and the alarm is programmed again from there. Between a SYST_CVR write
 * and the reload that follows it (QEMU makes it lazily), SYST_RVR still
 * sets the current period, so the period is cut again rather than its
 * successor set (cut_pending).
 *
 * A board without SysTick installs its own alarm (noos_set_system_alarm);
 * SysTick then only keeps time, if it runs at all.
 *
 * Whoever first sees a wrap (COUNTFLAG, cleared by reading SYST_CSR)
 * accounts for it, under masked interrupts: SysTick_Handler, or a
 * reading of the time in a handler that preempted SysTick_Handler before
 * it got there. Nothing else may read SYST_CSR.
 */
#include "kernel.h"

#define REG(a) (*(volatile uint32_t *)(a))
#define SYST_CSR REG(0xE000E010)
#define SYST_RVR REG(0xE000E014)
#define SYST_CVR REG(0xE000E018)
#define CSR_COUNTFLAG (1u << 16)
#define PERIOD_MAX (1u << 24)
#define NS 1000000000u

static uint64_t (*system_timer)(void);
static uint32_t clock_hz;
/* The current period started base_sec * clock_hz + base_rem ticks after
 * noos_time_init and lasts cur_len ticks; the next lasts next_len
 * (SYST_RVR + 1). */
static uint32_t base_sec, base_rem, cur_len, next_len;
static uint64_t ns_mult; /* ns = ticks * ns_mult >> ns_shift */
static uint32_t ns_shift;
static uint32_t tick_mult; /* ticks = ns * tick_mult >> 32 */
static uint32_t min_len;
static uint64_t max_ns; /* PERIOD_MAX ticks */
static uint64_t alarm = NOOS_FOREVER;
static void (*system_alarm)(uint64_t when);

/* SysTick_Handler (entry.S) calls this once time has started; this
 * definition replaces entry.S's weak, read-only null, which serves
 * programs without the time code. */
void (*noos__systick_hook)(void);

__attribute__((weak)) uint32_t noos_clock_hz(void) { return 0; }

/* posix-time.c's clock_getres: SysTick counts the core clock, unless a
 * board timer replaced it (its rate is not known here). */
uint64_t noos__clock_tick_hz(void) {
  return system_timer ? 0 : noos_clock_hz();
}

void noos_set_system_timer(uint64_t (*nanotime)(void)) {
  system_timer = nanotime;
}

/* The scheduler's, when it is linked. */
__attribute__((weak)) void noos__alarm(uint64_t now);

/* The period that started base_* ago has run len ticks: the next one
 * starts. */
static void advance(uint32_t len) {
  base_rem += len;
  if (base_rem >= clock_hz) {
    base_rem -= clock_hz;
    ++base_sec;
  }
}

/* Accounts for a wrap and returns the ticks since the current period
 * started. Interrupts masked.
 *
 * The counter runs cur_len - 1 .. 1, then 0: that 0 is the first tick of
 * the next period (the wrap, which sets COUNTFLAG), then it reloads. A 0
 * without COUNTFLAG is either the tick after SYST_CVR was written (cut
 * short: cut_pending until the counter has reloaded; time has not moved
 * since then) or, in QEMU, a period that has run out before the model
 * noticed (it sets COUNTFLAG later, in host time): the period's end. */
static uint32_t last_e;
static uint8_t cut_pending;

static uint32_t ticks_in(uint32_t v) {
  if (v && v <= cur_len) {
    cut_pending = 0;
    last_e = cur_len - v;
  } else if (!v && !cut_pending && last_e) {
    last_e = cur_len;
  }
  return last_e;
}

static uint32_t elapsed(void) {
  uint32_t v = SYST_CVR;
  if (SYST_CSR & CSR_COUNTFLAG) {
    advance(cur_len);
    cur_len = next_len;
    last_e = 0;
    cut_pending = 0;
    v = SYST_CVR; /* surely in the new period */
  }
  return ticks_in(v);
}

static uint64_t ticks_ns(uint32_t extra) {
  return (uint64_t)base_sec * NS +
         (((uint64_t)base_rem + extra) * ns_mult >> ns_shift);
}

/* Ticks covering ns (rounded up), at most PERIOD_MAX. */
static uint32_t ns_ticks(uint64_t ns) {
  if (ns >= max_ns)
    return PERIOD_MAX;
  uint32_t t = (uint32_t)(ns * tick_mult >> 32) + 2;
  return t > PERIOD_MAX ? PERIOD_MAX : t;
}

/* Ends the current period now; the next ones last len ticks. Loses the
 * ticks between reading the counter and writing it. A wrap since the
 * last look leaves COUNTFLAG set: the old period then ran to its end. */
static void cut(uint32_t len) {
  SYST_RVR = len - 1;
  uint32_t v = SYST_CVR, wrapped = SYST_CSR & CSR_COUNTFLAG;
  SYST_CVR = 0;
  advance(wrapped ? cur_len : ticks_in(v));
  last_e = 0;
  /* Until the counter reloads (QEMU does it lazily, in host time),
   * SYST_RVR decides this period's length too. */
  cut_pending = 1;
  cur_len = next_len = len;
}

/* Sets the next period's length: SYST_RVR takes effect at the reload.
 * The reload may come between elapsed()'s look at COUNTFLAG and the
 * write, and then takes the old value: 1 when none came (the next period
 * lasts len), else 0 once the wrap is accounted for (the caller looks
 * again). COUNTFLAG says that a reload came, the counter which value it
 * took; when it cannot tell, the new period starts over (cut). */
static int set_next(uint32_t len) {
  uint32_t old = next_len;
  SYST_RVR = len - 1;
  if (!(SYST_CSR & CSR_COUNTFLAG)) {
    next_len = len;
    return 1;
  }
  uint32_t v = SYST_CVR;
  advance(cur_len);
  last_e = 0;
  cut_pending = 0;
  next_len = len;
  if (v >= len) {
    cur_len = old; /* only the old length has room for v */
  } else if (v >= old || old == len) {
    cur_len = len;
  } else {
    /* Either length has room (a 0 is the first tick of either): the
     * wrap was a moment ago, so count from the shorter one (a few ticks
     * lost at most) and start over. */
    cur_len = old < len ? old : len;
    cut(len);
    return 1;
  }
  return 0;
}

/* Makes SysTick interrupt by the alarm (or at the longest period when
 * there is none). Interrupts masked. */
static void program(void) {
  for (;;) {
    uint32_t e = elapsed(), left = cur_len - e, want = PERIOD_MAX;
    if (alarm != NOOS_FOREVER) {
      uint64_t now = system_timer ? system_timer() : ticks_ns(e);
      want = alarm <= now ? 0 : ns_ticks(alarm - now);
      if (want < min_len)
        want = min_len;
    }
    if (cut_pending) {
      /* The counter has not reloaded since the last cut: SYST_RVR still
       * sets the current period, whose start is now. */
      if (want != cur_len)
        cut(want);
      return;
    }
    if (want < left) {
      cut(want);
      return;
    }
    if (left <= min_len / 4)
      return; /* the period ends in a moment: the handler decides */
    uint32_t n = alarm == NOOS_FOREVER ? PERIOD_MAX : want - left;
    if (n < min_len)
      n = min_len;
    if (n == next_len || set_next(n))
      return;
  }
}

void noos_set_system_alarm(void (*set_alarm)(uint64_t when)) {
  system_alarm = set_alarm;
}

int noos__alarm_works(void) { return system_alarm || clock_hz; }

/* The board's alarm interrupt (noos_set_system_alarm). */
void noos_system_alarm(void) {
  uint32_t m = k_lock();
  uint64_t now = noos_nanotime();
  if (alarm <= now) {
    alarm = NOOS_FOREVER;
    if (noos__alarm)
      noos__alarm(now); /* sets the next one */
  }
  if (system_alarm)
    system_alarm(alarm); /* it came early, or the next one */
  k_unlock(m);
}

void noos__alarm_set(uint64_t when) {
  if (when == alarm)
    return;
  int sooner = when < alarm;
  alarm = when;
  if (system_alarm) {
    system_alarm(when);
  } else if (clock_hz && sooner) {
    uint32_t m = k_lock();
    program();
    k_unlock(m);
  }
}

static void noos__systick_tick(void) {
  uint32_t m = k_lock();
  uint32_t e = elapsed();
  if (!system_alarm) {
    uint64_t now = system_timer ? system_timer() : ticks_ns(e);
    if (alarm <= now) {
      alarm = NOOS_FOREVER;
      if (noos__alarm)
        noos__alarm(now); /* sets the next one */
    }
    program();
  }
  k_unlock(m);
}

/* The board's time source, when it is not SysTick (the micro:bit's
 * TIMER0): started here, the first time, so that a program that never
 * asks for the time links neither this file nor the board's timer code. */
__attribute__((weak)) void noos_time_hwinit(void) {}

/* Called by noos_start when this file is linked, and by the scheduler
 * (which may start first, from a constructor): once. */
void noos_time_init(void) {
  static uint8_t hw_started;
  if (!hw_started) {
    hw_started = 1;
    noos_time_hwinit();
  }
  if (clock_hz)
    return;
  uint32_t hz = noos_clock_hz();
  if (!hz)
    return;
  /* ns_mult as precise as the product with up to hz + 2 periods of ticks
   * allows. */
  uint64_t limit = UINT64_MAX / ((uint64_t)hz + 2 * (uint64_t)PERIOD_MAX);
  ns_shift = 32;
  while ((ns_mult = ((uint64_t)NS << ns_shift) / hz) > limit)
    --ns_shift;
  tick_mult = hz >= NS ? UINT32_MAX : (uint32_t)(((uint64_t)hz << 32) / NS);
  min_len = hz / 20000 < 64 ? 64 : hz / 20000;
  max_ns = (uint64_t)PERIOD_MAX * NS / hz;
  cur_len = next_len = PERIOD_MAX;
  noos__systick_hook = noos__systick_tick;
  clock_hz = hz;
  SYST_CSR = 0;
  SYST_RVR = PERIOD_MAX - 1;
  SYST_CVR = 0;
  SYST_CSR = 7; /* enable, interrupt, processor clock */
  /* The counter takes the reload value at its first tick and reads 0
   * until then (QEMU can take milliseconds over it): time starts when it
   * runs. */
  while (SYST_CVR == 0)
    ;
}
/* At start-up, when this file is linked: before the program's
 * constructors, so they may read the time. */
NOOS_START_STEP(10, noos_time_init);

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
  uint32_t m = k_lock();
  uint64_t t = ticks_ns(elapsed());
  k_unlock(m);
  return t;
}
