// libstdc++'s clocks on noos: steady_clock is noos_nanotime (and stays
// monotonic when the real-time clock is set backwards), system_clock is
// CLOCK_REALTIME, high_resolution_clock is system_clock;
// std::this_thread::sleep_for/sleep_until sleep (through usleep and sleep).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <noos/noos.h>
#include <thread>

using namespace std::chrono;

static int failures;

static void check(const char *name, bool ok, long long detail = 0) {
  if (ok)
    std::printf("%s: ok\n", name);
  else {
    std::printf("%s: FAILED %lld\n", name, detail);
    ++failures;
  }
}

int main(int argc, char **argv) {
  long long slack_us = argc > 1 ? std::atoll(argv[1]) : 1000;

  // steady_clock against noos_nanotime.
  uint64_t n0 = noos_nanotime();
  auto s0 = steady_clock::now();
  uint64_t n1 = noos_nanotime();
  long long s0ns = duration_cast<nanoseconds>(s0.time_since_epoch()).count();
  check("steady", s0ns >= (long long)n0 && s0ns <= (long long)n1, s0ns);
  static_assert(steady_clock::is_steady, "steady_clock is steady");

  // An interval measured both ways.
  auto a = steady_clock::now();
  uint64_t na = noos_nanotime();
  std::this_thread::sleep_for(milliseconds(25));
  uint64_t nb = noos_nanotime();
  auto b = steady_clock::now();
  long long d = duration_cast<nanoseconds>(b - a).count();
  long long nd = (long long)(nb - na);
  check("interval", d >= nd && d >= 25000000 && d - nd < 100000, d);
  check("sleep_for", nd >= 25000000 && nd - 25000000 <= slack_us * 1000, nd);

  // sleep_for of whole seconds plus a fraction (libstdc++: sleep + usleep).
  n0 = noos_nanotime();
  std::this_thread::sleep_for(milliseconds(1250));
  nd = (long long)(noos_nanotime() - n0);
  check("sleep_for-long", nd >= 1250000000 && nd - 1250000000 <= slack_us * 1000, nd);

  // sleep_until on steady_clock.
  auto until = steady_clock::now() + milliseconds(15);
  std::this_thread::sleep_until(until);
  check("sleep_until", steady_clock::now() >= until);

  // system_clock follows the real-time clock, set and set back;
  // steady_clock does not move back.
  timespec ts = {1767225600, 0};
  clock_settime(CLOCK_REALTIME, &ts);
  auto sys = system_clock::now();
  long long secs = duration_cast<seconds>(sys.time_since_epoch()).count();
  std::time_t tt = system_clock::to_time_t(sys);
  check("system", secs == 1767225600 && tt == 1767225600, secs);
  auto hr = high_resolution_clock::now();
  check("high_resolution",
        duration_cast<seconds>(hr.time_since_epoch()).count() == 1767225600);
  auto before = steady_clock::now();
  ts.tv_sec = 100;
  clock_settime(CLOCK_REALTIME, &ts);
  auto after = steady_clock::now();
  auto sys2 = system_clock::now();
  check("steady-backwards", after >= before);
  check("system-backwards",
        duration_cast<seconds>(sys2.time_since_epoch()).count() == 100);
  return failures;
}
