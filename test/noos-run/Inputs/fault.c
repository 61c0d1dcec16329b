/* Faults, or aborts, in a function called from main, for noos-run's
 * symbolized fault reports (symbolize.test checks these line numbers). */
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) int load(volatile int *p) {
  return *p; /* line 7: a bus error at 0xf0000000 on MPS2 */
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "abort") == 0)
    abort(); /* line 12 */
  int v = load((volatile int *)0xf0000000); /* line 13 */
  return v + 1;
}
