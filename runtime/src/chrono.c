/*
 * libstdc++'s std::chrono clocks. Debian's arm-none-eabi libstdc++ builds
 * chrono.o without clock_gettime: system_clock::now() calls gettimeofday
 * (microseconds) and steady_clock::now() calls system_clock::now(), so
 * steady_clock would jump whenever the real-time clock is set. These are
 * the same two functions, defined here from the POSIX clocks: libnoos.a
 * comes before libstdc++.a in noos-ld's library group, so a program that
 * uses either clock links this object and never libstdc++'s chrono.o
 * (which would define them a second time). high_resolution_clock is
 * system_clock in libstdc++.
 *
 * In C, with the C++ names: both return a time_point, a class holding one
 * int64_t count of nanoseconds, which AAPCS returns in memory like this
 * struct.
 */
#include <stdint.h>
#include <time.h>

struct noos_time_point {
  int64_t ns;
};

static struct noos_time_point now(clockid_t id) {
  struct timespec ts;
  clock_gettime(id, &ts);
  return (struct noos_time_point){(int64_t)ts.tv_sec * 1000000000 +
                                  ts.tv_nsec};
}

/* std::chrono::_V2::system_clock::now() */
struct noos_time_point noos__system_clock_now(void) __asm__(
    "_ZNSt6chrono3_V212system_clock3nowEv");
struct noos_time_point noos__system_clock_now(void) {
  return now(CLOCK_REALTIME);
}

/* std::chrono::_V2::steady_clock::now(): CLOCK_MONOTONIC, noos_nanotime. */
struct noos_time_point noos__steady_clock_now(void) __asm__(
    "_ZNSt6chrono3_V212steady_clock3nowEv");
struct noos_time_point noos__steady_clock_now(void) {
  return now(CLOCK_MONOTONIC);
}
