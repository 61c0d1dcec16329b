// The clock from main's first reading on, in host time (no -icount): QEMU
// can take milliseconds over SysTick's first reload, and readings from
// before it must not run ahead of the ones after.
#include <noos/noos.h>
#include <stdint.h>
#include <stdio.h>

int main(void) {
  uint64_t first = noos_nanotime(), prev = first, t = first;
  unsigned backwards = 0;
  for (int i = 0; i < 200000; ++i) {
    t = noos_nanotime();
    if (t < prev)
      ++backwards;
    prev = t;
  }
  printf("early readings: %u backwards, %s\n", backwards,
         t > first ? "advancing" : "NOT advancing");
  return 0;
}
