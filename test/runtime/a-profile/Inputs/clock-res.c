/* Prints the monotonic clock's resolution: one tick of the time source. */
#include <stdio.h>
#include <time.h>

int main(void) {
  struct timespec r;
  if (clock_getres(CLOCK_MONOTONIC, &r) != 0)
    return 1;
  printf("res %ld.%09ld s\n", (long)r.tv_sec, r.tv_nsec);
  return 0;
}
