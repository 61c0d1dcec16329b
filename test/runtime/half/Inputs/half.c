// Half-precision conversions, exhaustively: every one of the 65536 binary16
// values to float, and float and double inputs around every binary16 value
// (exact, ties, one unit either side, the double-rounding trap) to
// binary16. The same source runs on the host (its C library's conversions
// are the reference) and on the target (the runtime's __aeabi_h2f, f2h and
// d2h on soft-float variants), and prints one FNV-1a hash per 4096 results:
// the test compares the two outputs line by line.
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint32_t hash;
static void mix(uint32_t v) {
  for (int i = 0; i < 4; ++i, v >>= 8)
    hash = (hash ^ (v & 0xff)) * 16777619u;
}

static __attribute__((noinline)) uint32_t h2f(uint16_t h) {
  _Float16 x;
  memcpy(&x, &h, 2);
  float f = x;
  uint32_t r;
  memcpy(&r, &f, 4);
  return r;
}

static __attribute__((noinline)) uint16_t f2h(uint32_t b) {
  float f;
  memcpy(&f, &b, 4);
  _Float16 x = (_Float16)f;
  uint16_t r;
  memcpy(&r, &x, 2);
  return r;
}

static __attribute__((noinline)) uint16_t d2h(uint64_t b) {
  double d;
  memcpy(&d, &b, 8);
  _Float16 x = (_Float16)d;
  uint16_t r;
  memcpy(&r, &x, 2);
  return r;
}

// Low bits put under the upper ones: 0x1000 is a binary16 tie for a normal
// result (bit 13 is its last fraction bit), 0x3000 a tie that rounds up.
static const uint32_t flow[] = {0, 1, 0x0fff, 0x1000, 0x1001, 0x2000, 0x3000, 0xffff};
// For double the last fraction bit is bit 42; (1 << 41) - 1 rounds to a tie
// when it goes through float first.
static const uint64_t dlow[] = {0, 1, (1ull << 41) - 1, 1ull << 41, (1ull << 41) + 1,
                                3ull << 41, 0xffffffffffffull, 1ull << 28};

int main(void) {
  unsigned lines = 0;
  for (uint32_t h = 0; h < 65536; ++h) {
    if (h % 4096 == 0)
      hash = 2166136261u;
    mix(h2f((uint16_t)h));
    if (h % 4096 == 4095)
      printf("h2f %04x: %08x\n", (unsigned)(h - 4095), (unsigned)hash), ++lines;
  }
  for (uint32_t k = 0; k < 65536; ++k) {
    if (k % 4096 == 0)
      hash = 2166136261u;
    for (unsigned i = 0; i < sizeof(flow) / sizeof(flow[0]); ++i)
      mix(f2h(k << 16 | flow[i]));
    mix(f2h(h2f((uint16_t)k))); // every half value back
    if (k % 4096 == 4095)
      printf("f2h %04x: %08x\n", (unsigned)(k - 4095), (unsigned)hash), ++lines;
  }
  for (uint64_t k = 0; k < 65536; ++k) {
    if (k % 4096 == 0)
      hash = 2166136261u;
    for (unsigned i = 0; i < sizeof(dlow) / sizeof(dlow[0]); ++i)
      mix(d2h(k << 48 | dlow[i]));
    if (k % 4096 == 4095)
      printf("d2h %04x: %08x\n", (unsigned)(k - 4095), (unsigned)hash), ++lines;
  }
  printf("%u blocks\n", lines);
  return 0;
}
