/*
 * The POSIX and C clocks and sleeps, over noos_nanotime:
 *   CLOCK_MONOTONIC          noos_nanotime (since reset; never set)
 *   CLOCK_REALTIME           noos_nanotime + an epoch offset, which
 *                            clock_settime/settimeofday set and the board's
 *                            RTC (noos_rtc_nanotime) initialises
 *   CLOCK_PROCESS_CPUTIME_ID noos_nanotime: the program owns the CPU, idle
 *                            time included (there is no other process)
 * time() (picolibc's, over gettimeofday), clock() (picolibc's, over times)
 * and libstdc++'s clocks (chrono.c) read them. The sleeps wait through the
 * scheduler when the program links it (noos_sleep_until: other threads run
 * meanwhile), else idle (noos_idle, WFI) until the alarm wakes the core.
 *
 * A program that calls none of this links none of it: nothing else in the
 * runtime refers to this file.
 */
#include "kernel.h"
#include <errno.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#define NS 1000000000ll

/* The board's core clock rate (time.c's weak default: 0, unknown). */
/* The time source's tick rate (0: unknown, e.g. a board's own timer
 * installed with noos_set_system_timer), from the port's time code:
 * SysTick's core clock (arm-m/time.c), the counter's rate
 * (shared/counter-time). */
uint64_t noos__clock_tick_hz(void);

/* The scheduler's sleep, when the program links the scheduler. */
__attribute__((weak)) void noos_sleep_until(uint64_t deadline);

/* The board's real-time clock: nanoseconds since 1970-01-01 00:00 UTC, 0
 * when it has none (the default). Read once, at the first use of
 * CLOCK_REALTIME. */
__attribute__((weak)) uint64_t noos_rtc_nanotime(void) { return 0; }

/* CLOCK_REALTIME - CLOCK_MONOTONIC, in ns; valid once rtc_read is set. */
static int64_t epoch_offset;
static int rtc_read;

static int64_t realtime_offset(void) {
  uint32_t m = k_lock();
  if (!rtc_read) {
    rtc_read = 1;
    uint64_t rtc = noos_rtc_nanotime();
    if (rtc)
      epoch_offset = (int64_t)(rtc - noos_nanotime());
  }
  int64_t off = epoch_offset;
  k_unlock(m);
  return off;
}

static void ns_to_timespec(int64_t ns, struct timespec *ts) {
  int64_t s = ns / NS, r = ns % NS;
  if (r < 0) {
    r += NS;
    --s;
  }
  ts->tv_sec = (time_t)s;
  ts->tv_nsec = (long)r;
}

/* 0 when the timespec is not a valid time (POSIX: EINVAL). */
static int timespec_ok(const struct timespec *ts) {
  return ts && ts->tv_nsec >= 0 && ts->tv_nsec < NS;
}

/* Nanoseconds of a non-negative timespec, saturated at INT64_MAX. */
static int64_t timespec_to_ns(const struct timespec *ts) {
  if (ts->tv_sec <= -(INT64_MAX / NS))
    return -INT64_MAX;
  if ((uint64_t)ts->tv_sec >= (uint64_t)(INT64_MAX / NS))
    return INT64_MAX;
  return ts->tv_sec * NS + ts->tv_nsec;
}

__attribute__((weak)) int clock_gettime(clockid_t id, struct timespec *tp) {
  int64_t ns;
  if (id == CLOCK_MONOTONIC || id == CLOCK_PROCESS_CPUTIME_ID)
    ns = (int64_t)noos_nanotime();
  else if (id == CLOCK_REALTIME)
    ns = realtime_offset() + (int64_t)noos_nanotime();
  else {
    errno = EINVAL;
    return -1;
  }
  ns_to_timespec(ns, tp);
  return 0;
}

__attribute__((weak)) int clock_settime(clockid_t id, const struct timespec *tp) {
  if (id != CLOCK_REALTIME) {
    /* POSIX: the monotonic clock cannot be set. */
    errno = id == CLOCK_MONOTONIC || id == CLOCK_PROCESS_CPUTIME_ID ? EPERM
                                                                    : EINVAL;
    return -1;
  }
  if (!timespec_ok(tp)) {
    errno = EINVAL;
    return -1;
  }
  int64_t want = timespec_to_ns(tp);
  uint32_t m = k_lock();
  rtc_read = 1; /* the setting wins over a later first RTC reading */
  epoch_offset = want - (int64_t)noos_nanotime();
  k_unlock(m);
  return 0;
}

__attribute__((weak)) int clock_getres(clockid_t id, struct timespec *res) {
  if (id != CLOCK_MONOTONIC && id != CLOCK_REALTIME &&
      id != CLOCK_PROCESS_CPUTIME_ID) {
    errno = EINVAL;
    return -1;
  }
  if (res) {
    /* One tick of the time source; 1 ns where its rate is unknown. */
    uint64_t hz = noos__clock_tick_hz();
    res->tv_sec = 0;
    res->tv_nsec = hz ? (long)((NS + hz - 1) / hz) : 1;
  }
  return 0;
}

__attribute__((weak)) int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
  (void)tz;
  if (tv) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = (suseconds_t)(ts.tv_nsec / 1000);
  }
  return 0;
}

__attribute__((weak)) int settimeofday(const struct timeval *tv, const struct timezone *tz) {
  (void)tz;
  if (!tv || tv->tv_usec < 0 || tv->tv_usec >= 1000000) {
    errno = EINVAL;
    return -1;
  }
  struct timespec ts = {tv->tv_sec, tv->tv_usec * 1000};
  return clock_settime(CLOCK_REALTIME, &ts);
}

/* picolibc's clock() is times()'s user + system time in CLOCKS_PER_SEC
 * units: all of it is the program's. */
__attribute__((weak)) clock_t times(struct tms *buf) {
  clock_t t = (clock_t)(noos_nanotime() / (NS / CLOCKS_PER_SEC));
  if (buf) {
    buf->tms_utime = t;
    buf->tms_stime = 0;
    buf->tms_cutime = 0;
    buf->tms_cstime = 0;
  }
  return t;
}

/* --- Sleeping ----------------------------------------------------------- */

/* Waits until noos_nanotime() reaches deadline. ENOTSUP when time does not
 * advance on this board (no clock rate, no timer): the wait would never
 * end. */
static int sleep_until(uint64_t deadline) {
  uint64_t now = noos_nanotime();
  if (now == 0 && !noos__alarm_works()) {
    errno = ENOTSUP;
    return -1;
  }
  if (now >= deadline)
    return 0;
  if (noos_sleep_until && !k_ipsr()) {
    noos_sleep_until(deadline);
    return 0;
  }
  /* No scheduler: idle until the alarm (SysTick, or the board's) wakes
   * the core; in a handler, or without an alarm, watch the clock. */
  int can_idle = noos__alarm_works() && !k_ipsr();
  for (;;) {
    uint32_t m = k_lock();
    now = noos_nanotime();
    if (now >= deadline) {
      k_unlock(m);
      return 0;
    }
    if (can_idle) {
      noos__alarm_set(deadline);
      noos_idle(deadline); /* WFI wakes on the pending alarm */
    }
    k_unlock(m);
  }
}

static uint64_t deadline_after(int64_t ns) {
  uint64_t now = noos_nanotime(), d = now + (uint64_t)ns;
  return d < now ? NOOS_FOREVER : d;
}

__attribute__((weak)) int clock_nanosleep(clockid_t id, int flags, const struct timespec *req,
                    struct timespec *rem) {
  if (id != CLOCK_MONOTONIC && id != CLOCK_REALTIME &&
      id != CLOCK_PROCESS_CPUTIME_ID)
    return EINVAL;
  if (!timespec_ok(req) || (!(flags & TIMER_ABSTIME) && req->tv_sec < 0))
    return EINVAL;
  int64_t ns = timespec_to_ns(req);
  uint64_t deadline;
  if (flags & TIMER_ABSTIME) {
    /* An absolute real time becomes a monotonic deadline with the offset
     * of now: setting the clock during the sleep does not move it. */
    if (id == CLOCK_REALTIME)
      ns -= realtime_offset();
    deadline = ns <= 0 ? 0 : (uint64_t)ns;
  } else {
    deadline = ns <= 0 ? 0 : deadline_after(ns);
  }
  int saved = errno;
  if (sleep_until(deadline) != 0) {
    int e = errno;
    errno = saved;
    return e;
  }
  if (rem && !(flags & TIMER_ABSTIME))
    rem->tv_sec = 0, rem->tv_nsec = 0;
  return 0;
}

__attribute__((weak)) int nanosleep(const struct timespec *req, struct timespec *rem) {
  int e = clock_nanosleep(CLOCK_MONOTONIC, 0, req, rem);
  if (e) {
    errno = e;
    return -1;
  }
  return 0;
}

__attribute__((weak)) int usleep(useconds_t us) {
  return sleep_until(deadline_after((int64_t)us * 1000));
}

__attribute__((weak)) unsigned sleep(unsigned seconds) {
  return sleep_until(deadline_after((int64_t)seconds * NS)) ? seconds : 0;
}

__attribute__((weak)) int clock_getcpuclockid(pid_t pid, clockid_t *id) {
  if (pid != 0 && pid != getpid())
    return ESRCH;
  *id = CLOCK_PROCESS_CPUTIME_ID;
  return 0;
}
