// main's stack pointer close above the PMP guard below main's stack
// (riscv.ld's __stack_limit), then a kernel entry that would save main's
// registers into the guard, from the trap handler:
//   yield  a switch to another thread of main's priority (the software
//          interrupt's switch saves main's context below its sp)
//   sleep  a kernel call (ECALL; the check names what a switch would need)
// The kernel checks main's room first and names main's overflow; without
// the check the save faults in the trap handler, which cannot report it.
#include <noos/thread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

extern char __stack_limit[];

static void other(void *arg) {
  (void)arg;
  for (;;)
    noos_thread_yield();
}

// Moves sp down to about margin bytes above the guard, then calls fn.
__attribute__((noinline)) static void near_bottom(void (*fn)(void),
                                                  uintptr_t margin) {
  char here;
  __asm__ volatile("" : : "r"(&here) : "memory");
  uintptr_t n = (uintptr_t)&here - (uintptr_t)__stack_limit - margin;
  volatile char *p = __builtin_alloca(n);
  p[0] = 0;
  fn();
  p[1] = 0;
}

static void yield(void) { noos_thread_yield(); }
static void sleep_a_bit(void) { noos_sleep_for(1000); }

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  noos_thread_create(other, 0, 1024, NOOS_PRIO_DEFAULT, "other");
  noos_thread_yield(); // the scheduler runs: the other thread is ready
  if (!strcmp(what, "yield"))
    near_bottom(yield, 128);
  else if (!strcmp(what, "sleep"))
    near_bottom(sleep_a_bit, 128);
  printf("not caught\n");
  return 0;
}
