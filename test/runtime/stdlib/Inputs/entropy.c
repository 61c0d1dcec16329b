// Entropy through the standard names: getentropy and arc4random, from the
// board's noos_get_random_data. With -DNONE the board has no source: the
// calls must fail (getentropy -1 with ENOSYS), never fake randomness.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void) {
  unsigned char a[64], b[64];
  memset(a, 0, sizeof a);
  memset(b, 0, sizeof b);
  errno = 0;
  int r = getentropy(a, sizeof a);
#ifdef NONE
  printf("getentropy: %d %s\n", r, errno == ENOSYS ? "ENOSYS" : "?");
  return r == -1 && errno == ENOSYS ? 0 : 1;
#else
  int failures = 0;
  int r2 = getentropy(b, sizeof b);
  int zero = 0;
  for (size_t i = 0; i < sizeof a; ++i)
    zero += a[i] == 0;
  // 64 random bytes: identical twice, or more than 16 zero bytes, happens
  // with negligible probability.
  int ok = r == 0 && r2 == 0 && memcmp(a, b, sizeof a) != 0 && zero < 16;
  printf("getentropy: %s\n", ok ? "ok" : "FAILED");
  failures += !ok;
  errno = 0;
  ok = getentropy(a, 257) == -1 && errno == EIO;
  printf("getentropy-257: %s\n", ok ? "ok" : "FAILED");
  failures += !ok;
  uint32_t x = arc4random(), y = arc4random(), z = arc4random_uniform(1000);
  ok = x != y && z < 1000;
  printf("arc4random: %s\n", ok ? "ok" : "FAILED");
  failures += !ok;
  return failures;
#endif
}
