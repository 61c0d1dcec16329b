// The POSIX and C clocks and sleeps against noos_nanotime. Each check
// prints "<name>: ok" or what went wrong; the exit status counts failures.
// Argument: the sleeps' allowed lateness in us (the board's alarm
// resolution plus the wakeup). -DWITH_THREADS: the sleeps go through the
// scheduler while a second thread runs; -DWITH_RTC: the real-time clock
// starts from the board's RTC hook (noos_rtc_nanotime).
#include <errno.h>
#include <noos/noos.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#ifdef WITH_THREADS
#include <noos/thread.h>
#endif

static int failures;
static long slack_us = 1000;

static void check(const char *name, int ok, const char *detail) {
  if (ok)
    printf("%s: ok\n", name);
  else {
    printf("%s: FAILED %s\n", name, detail);
    ++failures;
  }
}

static int64_t ts_ns(const struct timespec *ts) {
  return (int64_t)ts->tv_sec * 1000000000 + ts->tv_nsec;
}

static void monotonic(void) {
  struct timespec a, b, res;
  uint64_t n0 = noos_nanotime();
  int r1 = clock_gettime(CLOCK_MONOTONIC, &a);
  uint64_t n1 = noos_nanotime();
  int r2 = clock_gettime(CLOCK_MONOTONIC, &b);
  check("monotonic", r1 == 0 && r2 == 0 && ts_ns(&a) >= (int64_t)n0 &&
                         ts_ns(&a) <= (int64_t)n1 && ts_ns(&b) >= ts_ns(&a) &&
                         n0 > 0,
        "CLOCK_MONOTONIC is not noos_nanotime");
  int r3 = clock_getres(CLOCK_MONOTONIC, &res);
  check("getres", r3 == 0 && res.tv_sec == 0 && res.tv_nsec > 0 &&
                      res.tv_nsec <= 1000 &&
                      clock_getres(CLOCK_REALTIME, NULL) == 0,
        "bad resolution");
  struct timespec c;
  int r4 = clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
  check("cputime", r4 == 0 && ts_ns(&c) >= ts_ns(&b), "CPU time");
  errno = 0;
  int r5 = clock_gettime((clockid_t)99, &c);
  check("badclock", r5 == -1 && errno == EINVAL, "unknown clock accepted");
  errno = 0;
  int r6 = clock_settime(CLOCK_MONOTONIC, &a);
  check("setmono", r6 == -1 && errno == EPERM, "the monotonic clock was set");
}

#ifdef WITH_RTC
// The board's RTC hook, here the program's: 2025-06-01 12:00:00 UTC.
#define RTC_SEC 1748779200ll
uint64_t noos_rtc_nanotime(void) { return (uint64_t)RTC_SEC * 1000000000; }
#else
#define RTC_SEC 0 // no RTC: the real-time clock starts at the epoch
#endif

static void realtime(void) {
  struct timespec t;
  clock_gettime(CLOCK_REALTIME, &t);
  check("start", t.tv_sec >= RTC_SEC && t.tv_sec < RTC_SEC + 60,
        "real time did not start at the RTC's time (or the epoch)");

  // Set, read back with every interface.
  struct timeval tv = {1767225600, 250000}; // 2026-01-01 00:00:00.25 UTC
  int r = settimeofday(&tv, NULL);
  struct timeval back;
  gettimeofday(&back, NULL);
  time_t now = time(NULL);
  clock_gettime(CLOCK_REALTIME, &t);
  int64_t diff = ts_ns(&t) - (1767225600ll * 1000000000 + 250000000);
  check("settime", r == 0 && back.tv_sec == 1767225600 &&
                       back.tv_usec >= 250000 && now == 1767225600 &&
                       diff >= 0 && diff < 100000000,
        "real time not read back");
  struct tm tm;
  gmtime_r(&now, &tm);
  char buf[32];
  strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  printf("date: %s\n", buf);

  // Backwards: real time follows, the monotonic clock does not.
  struct timespec m0, m1, past = {1000, 0};
  clock_gettime(CLOCK_MONOTONIC, &m0);
  r = clock_settime(CLOCK_REALTIME, &past);
  clock_gettime(CLOCK_REALTIME, &t);
  clock_gettime(CLOCK_MONOTONIC, &m1);
  check("backwards", r == 0 && t.tv_sec == 1000 && ts_ns(&m1) >= ts_ns(&m0),
        "setting real time backwards");
  errno = 0;
  struct timespec bad = {5, 1000000000};
  r = clock_settime(CLOCK_REALTIME, &bad);
  check("badtime", r == -1 && errno == EINVAL, "tv_nsec out of range taken");
}

// Sleeps for `want` ns by `how`; checks it was not early nor later than the
// slack.
static void sleep_check(const char *name, int how, int64_t want) {
  uint64_t t0 = noos_nanotime();
  int r = -1;
  struct timespec ts = {(time_t)(want / 1000000000), (long)(want % 1000000000)};
  switch (how) {
  case 0:
    r = nanosleep(&ts, NULL);
    break;
  case 1:
    r = usleep((useconds_t)(want / 1000));
    break;
  case 2:
    r = (int)sleep((unsigned)(want / 1000000000));
    break;
  case 3:
    r = clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, NULL);
    break;
  case 4: {
    struct timespec abs;
    clock_gettime(CLOCK_MONOTONIC, &abs);
    t0 = (uint64_t)ts_ns(&abs);
    int64_t d = ts_ns(&abs) + want;
    abs.tv_sec = (time_t)(d / 1000000000);
    abs.tv_nsec = (long)(d % 1000000000);
    r = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL);
    break;
  }
  case 5: {
    struct timespec abs;
    t0 = noos_nanotime(); // before the reading the deadline counts from
    clock_gettime(CLOCK_REALTIME, &abs);
    int64_t d = ts_ns(&abs) + want;
    abs.tv_sec = (time_t)(d / 1000000000);
    abs.tv_nsec = (long)(d % 1000000000);
    r = clock_nanosleep(CLOCK_REALTIME, TIMER_ABSTIME, &abs, NULL);
    break;
  }
  }
  int64_t took = (int64_t)(noos_nanotime() - t0);
  char detail[96];
  snprintf(detail, sizeof detail, "status %d, asked %lld us, took %lld us", r,
           (long long)(want / 1000), (long long)(took / 1000));
  check(name, r == 0 && took >= want && took - want <= slack_us * 1000,
        detail);
}

static void sleeps(void) {
  sleep_check("nanosleep", 0, 30000000);
  sleep_check("usleep", 1, 12345000);
  sleep_check("usleep-short", 1, 200000);
  sleep_check("sleep", 2, 1000000000);
  sleep_check("clock_nanosleep", 3, 25000000);
  sleep_check("clock_nanosleep-abs", 4, 40000000);
  sleep_check("clock_nanosleep-realtime", 5, 20000000);
  struct timespec bad = {0, -1};
  errno = 0;
  int r = nanosleep(&bad, NULL);
  check("badsleep", r == -1 && errno == EINVAL &&
                        clock_nanosleep(CLOCK_MONOTONIC, 0, &bad, NULL) ==
                            EINVAL,
        "negative tv_nsec accepted");
  // clock() and times() count the program's time in CLOCKS_PER_SEC.
  clock_t c0 = clock();
  usleep(100000);
  clock_t c1 = clock();
  long ms = (long)((c1 - c0) * 1000 / CLOCKS_PER_SEC);
  check("clock", c0 >= 0 && ms >= 100 && ms <= 101 + slack_us / 1000,
        "clock() did not advance by the sleep");
}

#ifdef WITH_THREADS
static volatile unsigned spins;
static volatile int stop;
static void spinner(void *arg) {
  (void)arg;
  while (!stop)
    ++spins;
}
#endif

// The program's first constructor may read the time: the runtime starts it
// ahead of every constructor of the program (NOOS_START_STEP).
static uint64_t ctor_t0, ctor_t1;
__attribute__((constructor(101))) static void ctor_time(void) {
  ctor_t0 = noos_nanotime();
  for (long i = 0; i < 1000000 && ctor_t1 <= ctor_t0; ++i)
    ctor_t1 = noos_nanotime();
}

int main(int argc, char **argv) {
  if (argc > 1)
    slack_us = atol(argv[1]);
  check("ctor-time", ctor_t1 > ctor_t0, "time stands still in a constructor");
  monotonic();
  realtime();
#ifdef WITH_THREADS
  // A lower-priority thread runs while main sleeps: the sleep went through
  // the scheduler.
  noos_thread_t *t = noos_thread_create(spinner, NULL, 512, 4, "spinner");
  sleeps();
  stop = 1;
  noos_thread_join(t);
  check("threads", spins > 1000, "no other thread ran during the sleeps");
#else
  sleeps();
#endif
  return failures;
}
