/* Reads the clock: on a target whose runtime has no time source yet, the
 * link must fail, saying so. */
#include <stdio.h>
#include <time.h>

int main(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  printf("%lld\n", (long long)ts.tv_sec);
  return 0;
}
