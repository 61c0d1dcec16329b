/* An ordinary C program: the noos runtime that noos-ld links brings the
 * startup code, the vector table, the console (printf), the heap and the
 * command line (noos-run passes its arguments to main). The exit status is
 * main's return value: the number of arguments, or 100 if the start-up
 * copy of .data or zeroing of .bss went wrong. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

uint32_t initialised = 0xC0FFEE42; /* .data: its value comes from flash */
uint32_t zeroed[64];                /* .bss: zero before main */

int main(int argc, char **argv) {
  printf("hello from noos\n");
  uint32_t sum = 0;
  for (int i = 0; i < 64; ++i)
    sum |= zeroed[i];
  printf("data: 0x%08" PRIx32 "\n", initialised);
  printf("bss:  0x%08" PRIx32 "\n", sum);
  char *copy = malloc(32);
  if (copy) {
    strcpy(copy, "heap works");
    printf("%s, %.3f\n", copy, 2.0 / 3.0);
    free(copy);
  }
  for (int i = 1; i < argc; ++i)
    printf("argument %d: %s\n", i, argv[i]);
  return initialised == 0xC0FFEE42 && sum == 0 && copy ? argc - 1 : 100;
}
