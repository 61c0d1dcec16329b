// noos_nanotime against QEMU's instruction counter. Run with
// -icount shift=S: every instruction takes 2^S ns of virtual time, so a
// loop of known length takes a known time whatever the host does.
// Arguments: S, then a number of seconds long enough for the counter to
// wrap: the clock is read in steps of about 4 ms for that long, each step
// checked against the time it must have taken, then not read at all for
// that long (the wraps must still be counted).
#include <noos/noos.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

// Two instructions an iteration.
static void spin(uint32_t n) {
  __asm__ volatile("1: subs %0, %0, #1\n\tbne 1b" : "+l"(n) : : "cc");
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  unsigned shift = (unsigned)atoi(argv[1]), seconds = (unsigned)atoi(argv[2]);

  // The rate: 2 * 10^6 instructions.
  uint64_t t0 = noos_nanotime();
  spin(1000000);
  uint64_t t1 = noos_nanotime();
  unsigned rate = (unsigned)((t1 - t0) * 1000 / ((uint64_t)2000000 << shift));
  printf("rate: %s\n", rate >= 980 && rate <= 1020 ? "ok" : "WRONG");
  printf("rate: %u per mille of the instruction count\n", rate);
  if (t1 == t0)
    return 1; // the clock stands still: no use waiting for it

  // Monotonic, and each step as long as its instructions (plus up to 10%
  // for the reading itself).
  uint32_t n = 2000000u >> shift;
  uint64_t step = (uint64_t)2 * n << shift;
  uint64_t lo = step * 98 / 100, hi = step * 110 / 100;
  uint64_t prev = noos_nanotime(), end = prev + seconds * 1000000000ull;
  unsigned steps = 0, off = 0, backwards = 0;
  while (prev < end) {
    spin(n);
    uint64_t t = noos_nanotime();
    if (t < prev)
      ++backwards;
    else if ((t - prev < lo || t - prev > hi) && steps) // the first step
      ++off; // may include computing lo and hi
    prev = t;
    ++steps;
  }
  printf("%u s in %u steps: %u backwards, %u off\n", seconds, steps, backwards, off);
  printf("clock: %s\n", !backwards && !off ? "ok" : "WRONG");

  uint64_t want = (uint64_t)seconds * 1000000000u;
  uint32_t iterations = (uint32_t)(want >> shift >> 1);
  t0 = noos_nanotime();
  spin(iterations);
  t1 = noos_nanotime();
  rate = (unsigned)((t1 - t0) * 1000 / ((uint64_t)2 * iterations << shift));
  printf("%u s unread: %s\n", seconds, rate >= 980 && rate <= 1020 ? "ok" : "WRONG");
  printf("%u s unread: %u per mille\n", seconds, rate);
  return 0;
}
