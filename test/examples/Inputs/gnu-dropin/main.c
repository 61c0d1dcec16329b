#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

uint32_t counter = 41; /* .data */
uint32_t zeroed[16];   /* .bss */

int main(void) {
  counter++;
  uint32_t sum = 0;
  for (int i = 0; i < 16; ++i)
    sum |= zeroed[i];
  errno = 0;
  long big = strtol("99999999999999999999", 0, 10); /* picolibc's errno: .tbss */
  printf("drop-in: %" PRIu32 " %" PRIu32 " %.1f %s\n", counter, sum, 2.5,
         big == LONG_MAX && errno == ERANGE ? "ERANGE" : "no errno");
  return counter == 42 && sum == 0 ? 0 : 1;
}
